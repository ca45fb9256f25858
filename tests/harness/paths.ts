import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURE_PAGES = join(PROJECT_ROOT, 'tests/fixtures/pages');

/** The harness builds nothing: it needs `npm run build` (and `build:firefox`) to have run. */
export function builtExtension(target: 'chrome-mv3' | 'firefox-mv2'): string {
  const dir = join(PROJECT_ROOT, '.output', target);
  if (!existsSync(join(dir, 'manifest.json'))) {
    const command = target === 'chrome-mv3' ? 'npm run build' : 'npm run build:firefox';
    throw new Error(`No built extension at ${dir}. Run \`${command}\` first.`);
  }
  return dir;
}
