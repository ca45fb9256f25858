import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromiumWithExtension, type ExtensionSession } from '../harness/chromium';
import { extensionWithHostsGranted, followFromPopup, type GrantedExtension } from '../harness/feed-follow';
import { overlayOf } from '../harness/overlay';
import { PROJECT_ROOT } from '../harness/paths';
import { readDatabase } from '../harness/seed';

/*
 * Following a signed demo feed and the demo collection from the popup, in real Chromium.
 *
 * - Fetches: the harness's context.route fulfils every https request of the browser context,
 *   including those the extension's service worker makes (checked here by "Refresh all now", which
 *   runs in the background), so the feeds are served at their https URLs with no server.
 * - Permission: the browser's prompt cannot be answered from playwright, so the test loads a copy of
 *   the build with the feed host granted (tests/harness/feed-follow.ts explains why that is faithful).
 */

const FEEDS_ORIGIN = 'https://feeds.example';
const FEED_URL = `${FEEDS_ORIGIN}/xiaomei.feed.json`;
const COLLECTION_URL = `${FEEDS_ORIGIN}/starter.json`;
const TMALL_URL = 'https://detail.tmall.com/item.htm?id=605258110430';
const feedFile = (name: string) => readFileSync(join(PROJECT_ROOT, 'tests/fixtures/feeds', name), 'utf8');

describe('following feeds (Chromium)', () => {
  let session: ExtensionSession;
  let extension: GrantedExtension | undefined;
  let popup: Page;

  beforeAll(async () => {
    extension = extensionWithHostsGranted([FEEDS_ORIGIN]);
    session = await launchChromiumWithExtension({ extensionDir: extension.dir });
    await session.serve([
      { url: FEED_URL, html: feedFile('demo-xiaomei.feed.json') },
      { url: COLLECTION_URL, html: feedFile('demo-collection.json') },
      { url: TMALL_URL, file: 'tmall-605258110430.html' },
    ]);
    popup = await session.openExtensionPage('popup.html');
    await popup.getByRole('tab', { name: 'Experts' }).click();
  });
  afterAll(async () => {
    await session?.close();
    extension?.remove();
  });

  const follow = (url: string) => followFromPopup(popup, url);

  it('follows a signed feed by address and lists the expert with its picks', async () => {
    await follow(FEED_URL);
    await popup.getByText('Following Demo · 小美 (demo data). 2 recommendations accepted').waitFor();
    const row = popup.locator('ul.experts > li.expert').filter({ hasText: 'Demo · 小美 (demo data)' });
    await expect.poll(() => row.textContent()).toContain('2 picks');
    expect(await row.textContent()).toContain('Last feed: 2 recommendations accepted');
  });

  it('shows the pick in the overlay on the product page', async () => {
    const page = await session.context.newPage();
    await page.goto(TMALL_URL);
    const overlay = overlayOf(session, page);
    await overlay.click({ role: 'button', name: 'Open Haowu: 1 expert pick' });
    const card = await overlay.waitFor({ role: 'article', name: 'Demo · 小美 (demo data)' });
    expect(card?.text).toContain('(demo)');
    await page.close();
  });

  it('refreshes from the service worker (its fetch is routed too)', async () => {
    await popup.getByRole('button', { name: 'Refresh all now' }).click();
    await popup.getByText('Refreshed: 1 updated, 0 unchanged, 0 failed').waitFor();
  });

  it('follows the demo collection: the other expert is listed with a Follow button', async () => {
    await follow(COLLECTION_URL);
    await popup.getByText('Following the collection Demo starter pack (demo data). 2 of 2 feeds accepted').waitFor();
    const collection = popup.locator('li.collection').filter({ hasText: 'Demo starter pack (demo data)' });
    await collection.waitFor();
    const followLaowang = collection.getByRole('button', { name: 'Follow Demo · 老王 (demo data)' });
    await followLaowang.waitFor();
    // Xiaomei is followed at her own address already.
    expect(await collection.getByRole('button', { name: 'Follow Demo · 小美 (demo data)' }).count()).toBe(0);

    await followLaowang.click();
    await expect.poll(() => followLaowang.count()).toBe(0);
    const data = await readDatabase(session);
    const laowang = data.experts.find((expert) => expert.displayName === 'Demo · 老王 (demo data)');
    expect(laowang).toMatchObject({ followed: true, feedUrl: null });
    expect(data.recommendations.filter((r) => r.expertId === laowang?.id).map((r) => r.productKey).sort()).toEqual(['jd:3888216', 'site:example-shop.de/WK-17-BL']);
  });
});
