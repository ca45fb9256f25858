import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { builtExtension } from '../../harness/paths';
import type { BenchCase } from '../figure';

const gzippedKB = (files: string[]) => files.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0) / 1024;

/** The content script (product-page.js, the launcher's CSS inlined) in the production build: what every product page pays for. */
function contentScriptFiles(): string[] {
  const dir = builtExtension('chrome-mv3');
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  return manifest.content_scripts.flatMap((script: { js?: string[]; css?: string[] }) => [...(script.js ?? []), ...(script.css ?? [])]).map((file: string) => join(dir, file));
}

/** The panel's script, injected on a product page when the shopper first opens the panel. */
const panelFiles = (): string[] => [join(builtExtension('chrome-mv3'), 'overlay-panel.js')];

/** popup.html and every script and stylesheet it loads (chunks it shares with other pages included). */
function popupFiles(): string[] {
  const dir = builtExtension('chrome-mv3');
  const html = readFileSync(join(dir, 'popup.html'), 'utf8');
  const referenced = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((match) => join(dir, match[1]!));
  const chunks = readdirSync(join(dir, 'chunks')).map((file) => join(dir, 'chunks', file));
  return [join(dir, 'popup.html'), ...new Set([...referenced, ...chunks.filter((chunk) => referenced.includes(chunk))])];
}

export const bundleSizeCases: BenchCase[] = [
  { name: 'content-script-gzip', unit: 'KB', budget: 30, measure: async () => [gzippedKB(contentScriptFiles())] },
  { name: 'overlay-panel-gzip', unit: 'KB', budget: 30, measure: async () => [gzippedKB(panelFiles())] },
  // The page model (issue 18), injected only on an enabled other store's page without structured data.
  { name: 'page-model-gzip', unit: 'KB', budget: 11, measure: async () => [gzippedKB([join(builtExtension('chrome-mv3'), 'page-model.js')])] },
  { name: 'popup-gzip', unit: 'KB', budget: 60, measure: async () => [gzippedKB(popupFiles())] },
];
