import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createDbConnection, type DbConnection } from '../../../utils/db/open';
import { listCollections } from '../../../utils/feed/followed-collections';
import { accessOf, registerMessageHandlers } from '../../../utils/messaging/register';
import { resetIndexedDb } from '../db/helpers';
import { contentSender, popupSender, sendAs } from './wire';

const FEED_URL = 'https://feeds.example/xiaomei.json';
const COLLECTION_URL = 'https://feeds.example/starter.json';
const FILES: Record<string, string> = {
  [FEED_URL]: readFileSync('tests/fixtures/feeds/demo-xiaomei.feed.json', 'utf8'),
  [COLLECTION_URL]: readFileSync('tests/fixtures/feeds/demo-collection.json', 'utf8'),
};

let connection: DbConnection;
let unregister: () => void;
let granted: Set<string>;
const realFetch = globalThis.fetch;

beforeEach(() => {
  resetIndexedDb();
  connection = createDbConnection();
  unregister = registerMessageHandlers(connection);
  granted = new Set(['https://feeds.example/*']);
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async ({ origins }) => (origins ?? []).every((origin) => granted.has(origin)));
  // Assigned, not vi.stubGlobal: unstubbing all globals would also take away WXT's `chrome` fake.
  globalThis.fetch = (async (url: string) => (FILES[url] ? new Response(FILES[url], { headers: { etag: '"1"' } }) : new Response('gone', { status: 404 }))) as typeof fetch;
});
afterEach(async () => {
  globalThis.fetch = realFetch;
  unregister();
  await connection.close();
});

describe('feed messages', () => {
  it('are for Haowu’s own pages only', async () => {
    for (const name of ['followFeed', 'importFeedFile', 'refreshFeeds', 'listFeedOverview', 'unfollowCollection'] as const) expect(accessOf(name)).toBe('privileged');
    expect(await sendAs(contentSender, 'followFeed', { url: FEED_URL })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('follow a feed by URL, then list, refresh and read its status', async () => {
    const followed = await sendAs(popupSender, 'followFeed', { url: FEED_URL });
    expect(followed).toMatchObject({ ok: true, value: { kind: 'feed', summary: '2 recommendations accepted', expert: { displayName: 'Demo · 小美 (demo data)', followed: true } } });
    const summaries = await sendAs(popupSender, 'listExpertSummaries');
    expect(summaries.ok && summaries.value.map((row) => [row.expert.feedUrl, row.picks])).toEqual([[FEED_URL, 2]]);
    const refreshed = await sendAs(popupSender, 'refreshFeeds', {});
    expect(refreshed).toMatchObject({ ok: true, value: [{ kind: 'feed', status: 'updated' }] });
  });

  it('refuse a follow without the host permission, with what to do', async () => {
    granted.clear();
    expect(await sendAs(popupSender, 'followFeed', { url: FEED_URL })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('allow access') } });
  });

  it('follow a collection, list it with its experts, unfollow it', async () => {
    expect(await sendAs(popupSender, 'followFeed', { url: COLLECTION_URL })).toMatchObject({ ok: true, value: { kind: 'collection' } });
    const overview = await sendAs(popupSender, 'listFeedOverview');
    if (!overview.ok) throw new Error(overview.error.message);
    expect(overview.value.collections.map(({ collection, experts }) => [collection.name, experts.map((e) => [e.expert.followed, e.picks])])).toEqual([
      ['Demo starter pack (demo data)', [[false, 2], [false, 2]]],
    ]);
    expect(await sendAs(popupSender, 'unfollowCollection', { collectionId: COLLECTION_URL })).toMatchObject({ ok: true, value: { removedExperts: 2 } });
    expect(await listCollections(await connection.get())).toEqual([]);
  });

  it('import a feed file; junk gets the verifier’s reason', async () => {
    expect(await sendAs(popupSender, 'importFeedFile', { text: FILES[FEED_URL]! })).toMatchObject({ ok: true, value: { kind: 'feed', expert: { feedUrl: null } } });
    expect(await sendAs(popupSender, 'importFeedFile', { text: '{"format":"haowu-backup"}' })).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('not a Haowu feed') } });
  });

  it('delete-all also forgets followed collections', async () => {
    await sendAs(popupSender, 'followFeed', { url: COLLECTION_URL });
    await sendAs(popupSender, 'deleteAllData', { confirm: 'delete-all' });
    expect(await listCollections(await connection.get())).toEqual([]);
  });
});
