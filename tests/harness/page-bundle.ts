import { build } from 'esbuild';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths';

/**
 * Bundles a project module for injection into a page, exposing its exports as `globalThis[name]`,
 * so a benchmark runs the very code the extension ships, in the browser's engine. The build-time
 * constants WXT defines (`import.meta.env.FIREFOX`, `CHROME`, `MODE`) are defined as that browser's
 * production build has them: without them `import.meta.env` is undefined in the bundle.
 */
export async function bundleForPage(modulePath: string, globalName: string, { browser = 'chrome' }: { browser?: 'chrome' | 'firefox' } = {}): Promise<string> {
  const result = await build({
    define: {
      'import.meta.env.FIREFOX': String(browser === 'firefox'),
      'import.meta.env.CHROME': String(browser === 'chrome'),
      'import.meta.env.MODE': JSON.stringify('production'),
    },
    entryPoints: [join(PROJECT_ROOT, modulePath)],
    bundle: true,
    format: 'iife',
    globalName,
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  // Explicitly global: page.evaluate does not run its string as a top-level script.
  return `${result.outputFiles[0]!.text}\nglobalThis.${globalName} = ${globalName};`;
}
