import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backgroundClient, type BackgroundClient } from '../harness/background-client';
import { launchChromiumWithExtension, type ExtensionSession } from '../harness/chromium';

/*
 * Followed collections written to storage.local by a Haowu before database version 4 move into the
 * database's `collections` store when the real service worker next opens the database (Chromium):
 * the worker is stopped (CDP ServiceWorker.stopAllWorkers), an old-style list is put in storage.local,
 * and the next message, in a new worker, sees the collection and finds storage.local emptied. The
 * logic, and a move cut off at any point, are unit-tested in tests/unit/db/upgrade.test.ts.
 */

// Checked a minute ago: not due for a refresh. Every start of the worker refreshes what is due
// (background/feed-refresh.ts), and a collection last checked long ago raced this test: the new
// worker's refresh could write its lastError (no permission for lists.example) before the overview.
const CHECKED_AT = Date.now() - 60_000;
const COLLECTION = {
  id: 'https://lists.example/starter.json',
  url: 'https://lists.example/starter.json',
  name: 'Starter pack (from before version 4)',
  description: null,
  curator: 'Haowu demo',
  expertIds: [],
  followedAt: 1735689600000,
  status: { lastFetchedAt: CHECKED_AT, lastAttemptAt: CHECKED_AT, lastCheckedAt: CHECKED_AT, lastError: null, etag: null, lastModified: null, summary: '0 of 0 feeds accepted' },
};
const TIMEOUT = 15_000;

/** The extension page's own storage API, as the evaluated functions use it. */
declare const chrome: { storage: { local: { get: (key: string) => Promise<Record<string, unknown>>; set: (items: Record<string, unknown>) => Promise<void> } } };

describe('collections move from storage.local into the database in the real worker (Chromium)', () => {
  let session: ExtensionSession;
  let page: Page;
  let client: BackgroundClient;
  let browserCdp: CDPSession;

  beforeAll(async () => {
    session = await launchChromiumWithExtension();
    page = await session.openExtensionPage('popup.html');
    client = await backgroundClient(page);
    const browser = session.context.browser();
    if (!browser) throw new Error('no browser-level CDP session');
    browserCdp = await browser.newBrowserCDPSession();
  });
  afterAll(async () => {
    await session?.close();
  });

  const workerRunning = async () => {
    const { targetInfos } = await browserCdp.send('Target.getTargets');
    return targetInfos.some((target) => target.type === 'service_worker' && target.url.startsWith(`chrome-extension://${session.extensionId}/`));
  };
  const storedLocally = () => page.evaluate(async () => (await chrome.storage.local.get('feedCollections'))['feedCollections'] as unknown);

  it('moves the old list when a new worker opens the database', { timeout: 60_000 }, async () => {
    // The worker is up with the database open; stop it, as Chrome stops an idle one.
    expect(await client.request('listFeedOverview', undefined)).toMatchObject({ ok: true, value: { collections: [] } });
    const cdp = await session.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    for (let attempt = 0; attempt < 20 && (await workerRunning()); attempt++) {
      await cdp.send('ServiceWorker.stopAllWorkers');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await cdp.detach();
    expect(await workerRunning()).toBe(false);

    // What an older Haowu left behind.
    await page.evaluate(async (entry) => chrome.storage.local.set({ feedCollections: [entry] }), COLLECTION);
    expect(await storedLocally()).toEqual([COLLECTION]);

    const deadline = Date.now() + TIMEOUT;
    let overview = await client.request('listFeedOverview', undefined);
    // The first message may reach the browser before the worker is up again; the popup would retry.
    while (!overview.ok && Date.now() < deadline) overview = await client.request('listFeedOverview', undefined);
    expect(overview).toMatchObject({ ok: true, value: { collections: [{ collection: { ...COLLECTION, updatedAt: CHECKED_AT }, experts: [] }] } });
    expect(await storedLocally()).toBeUndefined();
  });
});
