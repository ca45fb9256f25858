import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../harness/paths';

/** The marks the floor extension leaves on the page's timeline, beside Haowu's own (utils/bench-mark.ts). */
export const FLOOR_MARKS = {
  start: 'haowu-floor:content-start',
  painted: 'haowu-floor:launcher-painted',
  panelRequested: 'haowu-floor:panel-requested',
  panelPainted: 'haowu-floor:panel-painted',
} as const;

/** The floor launcher's host element, an open shadow root so the bench can click into it directly. */
export const FLOOR_LAUNCHER = 'haowu-floor-launcher';

/*
 * The content script: the least a launcher can be. Its first line marks the start (as Haowu's content
 * script does), then it attaches a shadow root with one button, and marks the task after the frame
 * that painted it. A trusted click asks the background to inject the panel, as Haowu's launcher does.
 */
const CONTENT_SCRIPT = `
performance.mark(${JSON.stringify(FLOOR_MARKS.start)});
const host = document.createElement(${JSON.stringify(FLOOR_LAUNCHER)});
const root = host.attachShadow({ mode: 'open' });
root.innerHTML = '<style>button{position:fixed;right:16px;bottom:16px;z-index:2147483647;padding:8px 14px;border-radius:20px;border:0;background:#c2410c;color:#fff;font:14px system-ui}</style><button type="button">Picks</button>';
globalThis.__haowuFloorRoot = root;
root.querySelector('button').addEventListener('click', (event) => {
  if (!event.isTrusted) return;
  performance.mark(${JSON.stringify(FLOOR_MARKS.panelRequested)});
  chrome.runtime.sendMessage({ type: 'openPanel' });
});
document.documentElement.append(host);
requestAnimationFrame(() => setTimeout(() => performance.mark(${JSON.stringify(FLOOR_MARKS.painted)})));
`;

/** The service worker: injects the panel's script into the asking frame, in its isolated world. */
const BACKGROUND = `
chrome.runtime.onMessage.addListener((message, sender) => {
  if (message?.type !== 'openPanel' || sender.tab?.id === undefined) return;
  void chrome.scripting.executeScript({ target: { tabId: sender.tab.id, frameIds: [sender.frameId ?? 0] }, files: ['floor-panel.js'] });
});
`;

export interface FloorExtension {
  dir: string;
  remove: () => void;
}

/**
 * Writes the floor extension (issue 19) to a temporary directory: a manifest, the content script
 * above on the same store pages and at the same time (document_idle) as Haowu's, its service worker,
 * and the panel script (tests/bench/floors/floor-panel.tsx, bundled with Preact as Haowu's panel is).
 */
export async function writeFloorExtension(matches: string[]): Promise<FloorExtension> {
  const dir = mkdtempSync(join(tmpdir(), 'haowu-floor-extension-'));
  const manifest = {
    manifest_version: 3,
    name: 'Haowu bench floor',
    version: '1.0',
    background: { service_worker: 'floor-background.js' },
    permissions: ['scripting'],
    host_permissions: matches,
    content_scripts: [{ matches, js: ['floor-content.js'], run_at: 'document_idle' }],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'floor-content.js'), CONTENT_SCRIPT);
  writeFileSync(join(dir, 'floor-background.js'), BACKGROUND);
  await build({
    entryPoints: [join(PROJECT_ROOT, 'tests/bench/floors/floor-panel.tsx')],
    outfile: join(dir, 'floor-panel.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'silent',
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
