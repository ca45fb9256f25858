import { build } from 'esbuild';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths';

/**
 * Bundles a project module for injection into a page, exposing its exports as `globalThis[name]`,
 * so a benchmark runs the very code the extension ships, in the browser's engine.
 */
export async function bundleForPage(modulePath: string, globalName: string): Promise<string> {
  const result = await build({
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
