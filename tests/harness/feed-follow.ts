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

/**
 * A temporary copy of the Chrome build (or the Firefox one) with `origins` (e.g. `https://feeds.example`)
 * granted at install: MV3's `host_permissions`, MV2's `permissions`.
 */
export function extensionWithHostsGranted(origins: string[], target: 'chrome-mv3' | 'firefox-mv2' = 'chrome-mv3'): GrantedExtension {
  const dir = mkdtempSync(join(tmpdir(), 'haowu-granted-ext-'));
  cpSync(builtExtension(target), dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const key = target === 'chrome-mv3' ? 'host_permissions' : 'permissions';
  manifest[key] = [...(manifest[key] ?? []), ...origins.map((origin) => `${origin}/*`)];
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The preview the popup shows before following (components/popup/FollowPreview.tsx): an expert's or a collection's. */
export const previewRegion = (popup: Page) => popup.locator('.feeds').getByRole('region', { name: /^Follow this (expert|collection)\?$/ });

/**
 * In the popup (or options page) on its Experts tab: types the address, presses Follow, waits for the
 * preview of what it leads to (nothing is stored before that) and presses the preview's Follow.
 * Resolves with the status line once the follow finished; rejects with the popup's error message if
 * the preview or the follow failed.
 */
export async function followFromPopup(popup: Page, url: string): Promise<string> {
  const input = popup.getByLabel('Follow a feed or collection by its address');
  await input.fill(url);
  // The address form's own button (the popup may show the current tab's expert, with a Follow of its own, above).
  await popup.locator('.feeds form').getByRole('button', { name: 'Follow', exact: true }).click({ timeout: 10_000 });
  const error = popup.locator('.feeds p[role="alert"]');
  const preview = previewRegion(popup);
  await popup.waitForFunction(
    () => document.querySelector('.feeds .follow-preview') !== null || document.querySelector('.feeds p[role="alert"]') !== null,
    undefined,
    { timeout: 20_000 },
  );
  if ((await error.count()) > 0) throw new Error(`Previewing ${url} failed: ${(await error.first().textContent())?.trim()}`);
  await preview.getByRole('button', { name: 'Follow', exact: true }).click({ timeout: 10_000 });
  // Done when the popup empties the field (success) or shows an error note (failure, the field kept).
  await popup.waitForFunction(
    () => (document.querySelector('#feed-url') as HTMLInputElement | null)?.value === '' || document.querySelector('.feeds p[role="alert"]') !== null,
    undefined,
    { timeout: 20_000 },
  );
  if ((await error.count()) > 0) throw new Error(`Following ${url} failed: ${(await error.first().textContent())?.trim()}`);
  return ((await popup.locator('.feeds .feeds__status').textContent()) ?? '').trim();
}
