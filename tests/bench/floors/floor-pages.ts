import { build } from 'esbuild';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
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
