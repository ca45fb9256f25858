import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURE_PAGES = join(PROJECT_ROOT, 'tests/fixtures/pages');

const BUILD_COMMANDS = {
  'chrome-mv3': 'npm run build',
  'firefox-mv2': 'npm run build:firefox',
  // The Chrome build with the benchmark's performance marks (utils/bench-mark.ts); npm run bench makes it.
  'chrome-mv3-bench': 'npm run build:bench',
} as const;

/** The harness builds nothing: it needs `npm run build` (and `build:firefox`, or the bench build) to have run. */
export function builtExtension(target: keyof typeof BUILD_COMMANDS): string {
  const dir = join(PROJECT_ROOT, '.output', target);
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`No built extension at ${dir}. Run \`${BUILD_COMMANDS[target]}\` first.`);
  return dir;
}
