import { build } from 'esbuild';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ExtensionSession } from '../../harness/chromium';
import { PROJECT_ROOT } from '../../harness/paths';

export const FLOOR_PAGE = 'bench-floor.html';

export interface BuildWithFloorPages {
  dir: string;
  remove: () => void;
}

/**
 * A copy of a built extension with the first-rows floor page added (floors/first-rows-page.ts): the
 * same extension, byte for byte, plus one static page no manifest entry or Haowu code refers to, so
 * the floor reads Haowu's own database in Haowu's own origin, in the same browser as the figure. Sizes
 * are still measured on the build itself (cases/bundle-size.ts).
 */
export async function copyWithFloorPages(buildDir: string): Promise<BuildWithFloorPages> {
  const dir = mkdtempSync(join(tmpdir(), 'haowu-bench-build-'));
  cpSync(buildDir, dir, { recursive: true });
  writeFileSync(join(dir, FLOOR_PAGE), '<!doctype html><html><head><meta charset="utf-8"><title>Floor</title></head><body><script src="bench-floor.js"></script></body></html>');
  await build({
    entryPoints: [join(PROJECT_ROOT, 'tests/bench/floors/first-rows-page.ts')],
    outfile: join(dir, 'bench-floor.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    logLevel: 'silent',
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The floor page's time, once it painted its rows (a number of ms), and how many rows it painted. */
export async function floorPainted(page: Page, timeout: number): Promise<number> {
  const handle = await page.waitForFunction(() => (globalThis as unknown as { __haowuFloorPainted?: number }).__haowuFloorPainted, null, { timeout });
  const rows = await page.evaluate(() => (globalThis as unknown as { __haowuFloorRows?: number }).__haowuFloorRows ?? 0);
  if (rows === 0) throw new Error('the floor page painted no rows');
  return (await handle.jsonValue()) as number;
}

/** As many rows as the popup's Saved tab paints first (its newest page, components/popup/SavedTab.tsx). */
const SAVED_FIRST_ROWS = 12;

export const SAVED_ROWS_FLOOR_WHAT =
  "a static extension page that reads the newest 12 saved items (one read of the saved store's by-savedAt index, newest first) and their products from Haowu's IndexedDB in one transaction and paints them as plain rows, from navigation start";

/** One visit of the floor page for the popup's first saved rows: ms from navigation start to the task after the frame that painted them. */
export async function savedRowsFloor(session: ExtensionSession, timeout: number): Promise<number> {
  const page = await session.openExtensionPage(`${FLOOR_PAGE}?kind=saved&rows=${SAVED_FIRST_ROWS}`);
  try {
    return await floorPainted(page, timeout);
  } finally {
    await page.close();
  }
}
