import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { builtExtension } from './paths';

/*
 * Following a feed or collection by address from the popup, as a person does.
 *
 * Chromium's "allow access to feeds.example?" prompt is browser UI that playwright cannot answer.
 * Chromium resolves permissions.request to true without a prompt when the origin is already granted,
 * so tests and the demo load a copy of the build whose manifest lists the feed hosts as required host
 * permissions. The popup still calls permissions.request in the click, exactly as it does for a user.
 */

export interface GrantedExtension {
  dir: string;
  remove: () => void;
}

/** A temporary copy of the Chrome build with `origins` (e.g. `https://feeds.example`) granted at install. */
export function extensionWithHostsGranted(origins: string[]): GrantedExtension {
  const dir = mkdtempSync(join(tmpdir(), 'haowu-granted-ext-'));
  cpSync(builtExtension('chrome-mv3'), dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.host_permissions = [...(manifest.host_permissions ?? []), ...origins.map((origin) => `${origin}/*`)];
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * In the popup (or options page) on its Experts tab: types the address and presses Follow. Resolves
 * with the status line once the follow finished; rejects with the popup's error message if it failed.
 */
export async function followFromPopup(popup: Page, url: string): Promise<string> {
  const input = popup.getByLabel('Follow a feed or collection by its address');
  await input.fill(url);
  await popup.getByRole('button', { name: 'Follow', exact: true }).click();
  // Done when the popup empties the field (success) or shows an error note (failure, the field kept).
  const error = popup.locator('.feeds p[role="alert"]');
  await popup.waitForFunction(
    () => (document.querySelector('#feed-url') as HTMLInputElement | null)?.value === '' || document.querySelector('.feeds p[role="alert"]') !== null,
    undefined,
    { timeout: 20_000 },
  );
  if ((await error.count()) > 0) throw new Error(`Following ${url} failed: ${(await error.first().textContent())?.trim()}`);
  return ((await popup.locator('.feeds__status').textContent()) ?? '').trim();
}
