import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromiumWithExtension, type ExtensionSession } from '../harness/chromium';
import { extensionWithHostsGranted, followFromPopup, previewRegion, type GrantedExtension } from '../harness/feed-follow';
import { overlayOf } from '../harness/overlay';
import { builtExtension } from '../harness/paths';
import { openPopupForTab } from '../harness/popup-for-tab';
import { readDatabase } from '../harness/seed';
import { buildWindowSite, PLAIN_PAGE_URL, TMALL_URL, WINDOW_EXPERT_NAME, WINDOW_FEED_URL, WINDOW_ORIGIN, WINDOW_URL, type WindowSite } from '../harness/window-site';

/*
 * Following an expert from where they are, in real Chromium: their window open in a tab, the popup
 * opened for that tab, the expert previewed from the page's discovery link, Follow, and the pick on
 * the product page. How the popup is opened "for a tab" without the toolbar button, and why the build
 * copy grants the window's host: tests/harness/popup-for-tab.ts.
 */

describe('following from an expert’s window (Chromium)', () => {
  let session: ExtensionSession;
  let extension: GrantedExtension | undefined;
  let site: WindowSite;
  /** Every request for the window's site, the service worker's included (a route added last sees them first). */
  const requests: string[] = [];

  beforeAll(async () => {
    site = await buildWindowSite();
    extension = extensionWithHostsGranted([WINDOW_ORIGIN]);
    session = await launchChromiumWithExtension({ extensionDir: extension.dir });
    await session.serve([...site.pages, { url: TMALL_URL, file: 'tmall-605258110430.html' }]);
    await session.context.route(`${WINDOW_ORIGIN}/**`, async (route) => {
      requests.push(route.request().url());
      await route.fallback();
    });
  });
  afterAll(async () => {
    await session?.close();
    extension?.remove();
  });

  const openTab = async (url: string) => {
    const page = await session.context.newPage();
    await page.goto(url);
    return page;
  };

  it('adds no install-time warning with activeTab', async () => {
    const manifest = JSON.parse(readFileSync(join(builtExtension('chrome-mv3'), 'manifest.json'), 'utf8'));
    expect(manifest.permissions).toContain('activeTab');
    const without = { ...manifest, permissions: manifest.permissions.filter((permission: string) => permission !== 'activeTab') };
    const warnings = (await (await session.background()).evaluate(
      async ([withIt, withoutIt]) => {
        type Management = { getPermissionWarningsByManifest: (manifest: string) => Promise<string[]> };
        const api = (globalThis as unknown as { chrome: { management: Management } }).chrome.management;
        return [await api.getPermissionWarningsByManifest(withIt!), await api.getPermissionWarningsByManifest(withoutIt!)];
      },
      [JSON.stringify(manifest), JSON.stringify(without)],
    )) as [string[], string[]];
    expect(warnings[0].length).toBeGreaterThan(0);
    expect(warnings[0]).toEqual(warnings[1]);
  });

  it('on an ordinary page the popup shows nothing more and asks for nothing', async () => {
    const page = await openTab(PLAIN_PAGE_URL);
    const before = requests.length;
    const popup = await openPopupForTab(session, page);
    await popup.getByRole('tab', { name: 'Saved' }).waitFor({ timeout: 10_000 });
    // The tab check runs after the first paint; give it time to have run, then look.
    await popup.waitForTimeout(1500);
    expect(await popup.getByRole('region', { name: 'On this page' }).count()).toBe(0);
    expect(requests.slice(before)).toEqual([]);
    await popup.close();
    await page.close();
  });

  it('from a shared pick’s link: the popup previews the expert, and Follow stores them', async () => {
    const page = await openTab(site.pickLink);
    const before = requests.length;
    const popup = await openPopupForTab(session, page);
    const onThisPage = popup.getByRole('region', { name: 'On this page' });
    const preview = onThisPage.getByRole('region', { name: 'Follow this expert?' });
    await preview.waitFor({ timeout: 15_000 });
    const text = (await preview.textContent()) ?? '';
    expect(text).toContain(WINDOW_EXPERT_NAME);
    expect(text).toContain(`signed by ${site.expertId.slice(0, 12)}…${site.expertId.slice(-4)} — 1 pick on Tmall`);
    // The preview fetched the feed the page announces (nothing else), and stored nothing.
    expect(requests.slice(before)).toEqual([WINDOW_FEED_URL]);
    expect((await readDatabase(session)).experts).toEqual([]);

    await preview.getByRole('button', { name: 'Follow' }).click({ timeout: 10_000 });
    await onThisPage.getByText(`Following ${WINDOW_EXPERT_NAME}. 1 recommendation accepted`).waitFor({ timeout: 15_000 });
    // The popup moved to the Experts tab, which lists the expert.
    const row = popup.locator('ul.experts > li.expert').filter({ hasText: WINDOW_EXPERT_NAME });
    await row.waitFor({ timeout: 10_000 });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toMatch(/\b1 pick(?!s)/);
    const data = await readDatabase(session);
    expect(data.experts).toMatchObject([{ id: site.expertId, displayName: WINDOW_EXPERT_NAME, feedUrl: WINDOW_FEED_URL, followed: true }]);
    await popup.close();
    await page.close();
  });

  it('shows the pick on the product page', async () => {
    const page = await openTab(TMALL_URL);
    const overlay = overlayOf(session, page);
    await overlay.click({ role: 'button', name: 'Open Haowu: 1 expert pick' }, { timeout: 15_000 });
    const card = await overlay.waitFor({ role: 'article', name: WINDOW_EXPERT_NAME });
    expect(card?.text).toContain('Window e2e: a sensible phone');
    await page.close();
  });

  it('the window’s address typed in the Experts tab follows the same feed; opened again, the popup says it is followed', async () => {
    const page = await openTab(`${WINDOW_URL}index.html`);
    const popup = await openPopupForTab(session, page);
    await popup.getByRole('region', { name: 'On this page' }).getByText(`You follow ${WINDOW_EXPERT_NAME}.`).waitFor({ timeout: 15_000 });
    await popup.getByRole('tab', { name: 'Experts' }).click({ timeout: 10_000 });
    expect(await followFromPopup(popup, WINDOW_URL)).toBe(`Following ${WINDOW_EXPERT_NAME}. 1 recommendation accepted`);
    expect(await previewRegion(popup).count()).toBe(0);
    const data = await readDatabase(session);
    expect(data.experts.map((expert) => [expert.id, expert.feedUrl])).toEqual([[site.expertId, WINDOW_FEED_URL]]);
    await popup.close();
    await page.close();
  });

  it('a web page announcing no feed says so in the Experts tab, and stores nothing new', async () => {
    const popup: Page = await session.openExtensionPage('popup.html');
    await popup.getByRole('tab', { name: 'Experts' }).click({ timeout: 10_000 });
    await expect(followFromPopup(popup, PLAIN_PAGE_URL)).rejects.toThrow('This address is a web page, not a Haowu feed, and it announces none.');
    expect((await readDatabase(session)).experts).toHaveLength(1);
    await popup.close();
  });
});
