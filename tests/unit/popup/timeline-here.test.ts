import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { DB_NAME, DB_VERSION, openHaowuDb } from '../../../utils/db/open';
import { followExpert } from '../../../utils/db/experts';
import type { TimelineInputs, TimelineQuery } from '../../../utils/db/picks';
import { putRecommendations } from '../../../utils/db/recommendations';
import { openDbHere } from '../../../utils/popup/db-here';
import { readerOver } from '../../../utils/popup/timeline-here';
import { readTimelineWith, timelinePage } from '../../../utils/popup/timeline-first-page';
import { resetIndexedDb } from '../db/helpers';
import { expert, recommendation } from '../db/records';
import { popupSender, sendAs, useRegisteredHandlers } from '../messaging/wire';

const NOW = Date.UTC(2025, 11, 10);
const HOUR = 3_600_000;
const handlers = useRegisteredHandlers(NOW);
const background = () => handlers.connection().get();

/** Followed and not, fresh and stale (by their own address and through a collection), new and not, every store. */
async function seed() {
  const db = await background();
  await followExpert(db, { id: 'fp-bo', kind: 'feed', displayName: 'Bo', bio: '', avatarUrl: null, feedUrl: 'https://bo.example/feed.json' }, NOW - 100 * HOUR);
  const bo = (await db.get('experts', 'fp-bo'))!;
  // Not read for 13 hours: stale at the default 6-hour interval.
  await db.put('experts', { ...bo, feedStatus: { ...bo.feedStatus, lastFetchedAt: NOW - 13 * HOUR } });
  // Followed without an address of their own: current through the collection read an hour ago.
  await db.put('experts', expert({ id: 'fp-ann', displayName: 'Ann', feedUrl: null, followedAt: NOW - 50 * HOUR }));
  await db.put('collections', { id: 'https://c.example/c.json', url: 'https://c.example/c.json', name: 'C', description: null, curator: null, expertIds: ['fp-ann'], followedAt: 1, status: { lastFetchedAt: NOW - HOUR, lastAttemptAt: null, lastCheckedAt: null, lastError: null, etag: null, lastModified: null, summary: null }, updatedAt: 1 });
  await db.put('experts', expert({ id: 'fp-mei', displayName: 'Mei', followed: false, followedAt: null, feedUrl: null }));
  await putRecommendations(db, [
    recommendation({ id: 'bo/1', expertId: 'fp-bo', updatedAt: NOW - 5 * HOUR, receivedAt: NOW - HOUR }),
    recommendation({ id: 'bo/2', expertId: 'fp-bo', productKey: 'jd:100012043978', updatedAt: NOW - 6 * HOUR, receivedAt: NOW - 3 * HOUR }),
    recommendation({ id: 'bo/gone', expertId: 'fp-bo', updatedAt: NOW - 2 * HOUR, deleted: true }),
    recommendation({ id: 'bo/expired', expertId: 'fp-bo', updatedAt: NOW - 2 * HOUR, expiresAt: NOW - HOUR }),
    recommendation({ id: 'ann/1', expertId: 'fp-ann', productKey: 'site:shop.example/p/1', productUrl: 'https://shop.example/p/1', updatedAt: NOW - 4 * HOUR, receivedAt: NOW - HOUR }),
    recommendation({ id: 'ann/2', expertId: 'fp-ann', productKey: 'jd:42', updatedAt: NOW - 7 * HOUR }),
    recommendation({ id: 'mei/1', expertId: 'fp-mei', updatedAt: NOW - HOUR }),
  ]);
  await db.put('saved', { productKey: 'jd:42', savedAt: NOW - 9 * HOUR, note: '', tags: [], product: null } as never);
  expect(await sendAs(popupSender, 'markPicksSeen', { at: NOW - 2 * HOUR })).toMatchObject({ ok: true });
}

/** The staleness inputs and last look, asked of the registered background as the popup asks. */
async function inputsFromHandlers(): Promise<TimelineInputs> {
  const answer = await sendAs(popupSender, 'getTimelineContext');
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value;
}

/** As a message delivers it: through JSON. */
const asSent = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('the Picks tab read in the popup’s own page (utils/popup/timeline-here.ts)', () => {
  it('answers every page exactly as the background does: the same rows, order, stores, saved state, new and stale marks, cursors', async () => {
    await seed();
    const here = await openDbHere(() => undefined);
    expect(here).not.toBeNull();
    const read = readerOver(here!, () => NOW, inputsFromHandlers);
    const first = await sendAs(popupSender, 'listTimeline', { limit: 2 });
    if (!first.ok) throw new Error(first.error.message);
    const queries: TimelineQuery[] = [{ limit: 2 }, { limit: 2, before: first.value.next! }, { limit: 10 }, { limit: 10, store: 'jd' }, { limit: 10, store: 'site' }, { limit: 10, expertId: 'fp-ann' }, { limit: 10, expertId: 'fp-mei' }];
    for (const query of queries) {
      expect(asSent(await read(query)), JSON.stringify(query)).toEqual(await sendAs(popupSender, 'listTimeline', query));
    }
    // What the comparison covers: the page as the user sees it.
    const all = await read({ limit: 10 });
    if (!all.ok) throw new Error(all.error.message);
    expect(all.value.entries.map((e) => [e.recommendation.id, e.store, e.isNew, e.saved])).toEqual([
      ['ann/1', 'shop.example', true, false],
      ['bo/1', 'tmall', true, false],
      ['bo/2', 'jd', false, false],
      ['ann/2', 'jd', false, true],
    ]);
    expect(all.value.experts.map((e) => [e.id, e.staleSince])).toEqual([
      ['fp-ann', null],
      ['fp-bo', NOW - 13 * HOUR],
    ]);
    here!.close();
  });

  it('never creates the database: where the background has not made it yet, the page reads nothing and the background later makes it whole', async () => {
    resetIndexedDb();
    expect(await openDbHere(() => undefined)).toBeNull();
    const made = await openHaowuDb();
    expect(made.version).toBe(DB_VERSION);
    expect([...made.objectStoreNames]).toEqual(expect.arrayContaining(['experts', 'pickChunks', 'products', 'saved', 'collections']));
    made.close();
  });

  it('never upgrades it: an older database is left as it was, for the background', async () => {
    resetIndexedDb();
    const older = await openDB(DB_NAME, DB_VERSION - 1, { upgrade: (db) => void db.createObjectStore('products', { keyPath: 'key' }) });
    older.close();
    expect(await openDbHere(() => undefined)).toBeNull();
    const again = await openDB(DB_NAME);
    expect(again.version).toBe(DB_VERSION - 1);
    again.close();
  });

  it('closes its connection when another context upgrades, so the upgrade does not wait for the popup', async () => {
    await background();
    await handlers.connection().close();
    const onClose = vi.fn();
    const here = await openDbHere(onClose);
    expect(here).not.toBeNull();
    const newer = await openDB(DB_NAME, DB_VERSION + 1, { blocked: () => expect.unreachable('the popup’s connection held the upgrade up') });
    expect(onClose).toHaveBeenCalledOnce();
    newer.close();
  });
});

describe('the tab’s pages (utils/popup/timeline-first-page.ts)', () => {
  it('are asked of the background when the page has no reader, or when its read fails', async () => {
    await seed();
    // The fake browser's own delivery has no sender, so the background refuses it: enough to tell who answered.
    readTimelineWith(null);
    expect(await timelinePage({ limit: 10 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const failing = vi.fn(() => Promise.reject(new Error('closed for an upgrade')));
    readTimelineWith(failing);
    expect(await timelinePage({ limit: 10 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(failing).toHaveBeenCalledOnce();
    const here = await openDbHere(() => undefined);
    readTimelineWith(readerOver(here!, () => NOW, inputsFromHandlers));
    const answer = await timelinePage({ limit: 10 });
    expect(answer.ok && answer.value.entries.map((e) => e.recommendation.id)).toEqual(['ann/1', 'bo/1', 'bo/2', 'ann/2']);
    readTimelineWith(null);
    here!.close();
  });
});
