import { describe, expect, it, vi } from 'vitest';
import type { HaowuDb } from '../../../utils/db/open';
import { PICK_STORES, fillMissingCards, putExpertIn } from '../../../utils/db/pick-chunks';
import { readExpertPage, readTimeline, type StalenessContext } from '../../../utils/db/picks';
import { putRecommendations } from '../../../utils/db/recommendations';
import { freshDb } from '../db/helpers';
import { expert, recommendation } from '../db/records';

/*
 * readTimeline chooses its page from the expert cards the pick chunks carry (database version 6), and
 * both reads take the settings, collections and last look as a promise awaited only at their end.
 */

const NOW = Date.UTC(2025, 11, 10);
const HOUR = 3_600_000;
type TimelineContext = StalenessContext & { lastSeenAt: number | null };
const COLLECTION = { id: 'https://c.example/c.json', name: 'Starter', url: 'https://c.example/c.json', expertIds: ['fp-a'], status: { lastFetchedAt: NOW - 100 * HOUR } };
const context: TimelineContext = { now: NOW, refreshHours: 6, collections: [COLLECTION], lastSeenAt: 5_010 };

/** Followed A and B, C known only from a collection, and the user's own picks, interleaved in time. */
async function seed(db: HaowuDb): Promise<void> {
  await db.put('experts', expert({ id: 'fp-a', displayName: 'A', followedAt: 100, feedStatus: { lastFetchedAt: NOW - HOUR, lastError: null, etag: null } }));
  await db.put('experts', expert({ id: 'fp-b', displayName: 'B', followedAt: 5_020, feedStatus: { lastFetchedAt: NOW - 20 * HOUR, lastError: null, etag: null } }));
  await db.put('experts', expert({ id: 'fp-c', displayName: 'C', followed: false, followedAt: null, feedUrl: null }));
  await db.put('experts', expert({ id: 'local-me', kind: 'local', displayName: 'Me', followed: false, followedAt: null, feedUrl: null }));
  // Three in four of everyone's newest are followed experts': the first request fills the page.
  const ids = ['fp-a', 'fp-b', 'fp-a', 'fp-b', 'fp-a', 'fp-b', 'fp-c', 'local-me'];
  await putRecommendations(
    db,
    Array.from({ length: 200 }, (_, i) =>
      recommendation({ id: `p${String(i).padStart(3, '0')}`, expertId: ids[i % ids.length]!, productKey: `jd:${1000 + i}`, partnerLink: null, updatedAt: 1_000 + i, receivedAt: 5_000 + i }),
    ),
  );
}

/** Takes the card out of every chunk of these experts, as database version 5 wrote them. */
async function dropCards(db: HaowuDb, expertIds: readonly string[]): Promise<void> {
  for (const chunk of await db.getAll('pickChunks')) {
    if (!expertIds.includes(chunk.key[0])) continue;
    const { expert: _card, ...v5 } = chunk;
    await db.put('pickChunks', v5);
  }
}

const expertGets = () => vi.spyOn((globalThis as unknown as { IDBObjectStore: { prototype: Record<string, (...args: unknown[]) => unknown> } }).IDBObjectStore.prototype, 'get');

describe('the Picks tab chosen from the chunks’ expert cards', () => {
  it('reads the expert records of the page’s experts only, not of every expert among everyone’s newest', async () => {
    const db = await freshDb();
    await seed(db);
    const get = expertGets();
    try {
      const page = await readTimeline(db, { limit: 10 }, context);
      expect(new Set(page.entries.map((e) => e.recommendation.expertId))).toEqual(new Set(['fp-a', 'fp-b']));
      const read = get.mock.calls.map(([key]) => key).filter((key) => typeof key === 'string' && !key.includes(':'));
      expect(new Set(read)).toEqual(new Set(['fp-a', 'fp-b']));
    } finally {
      get.mockRestore();
    }
  });

  it('gives the same page when chunks carry no card yet (read with their expert’s record) as after fillMissingCards', async () => {
    const db = await freshDb();
    await seed(db);
    const withCards = await readTimeline(db, { limit: 30 }, context);
    // C's and A's chunks lost their cards: C must still be passed over, A still shown.
    await dropCards(db, ['fp-a', 'fp-c']);
    const get = expertGets();
    let cardless;
    try {
      cardless = await readTimeline(db, { limit: 30 }, context);
      // Their records were read to choose the page.
      expect(get.mock.calls.map(([key]) => key)).toEqual(expect.arrayContaining(['fp-a', 'fp-c']));
    } finally {
      get.mockRestore();
    }
    expect(cardless).toEqual(withCards);
    expect(await fillMissingCards(db)).toBe(2);
    expect(await readTimeline(db, { limit: 30 }, context)).toEqual(withCards);
    expect(withCards.entries.some((e) => e.recommendation.expertId === 'fp-c' || e.recommendation.expertId === 'local-me')).toBe(false);
    // "New" needs when the expert was followed, which is not on the card: B was followed at 5,020.
    const followedAt: Record<string, number> = { 'fp-a': 100, 'fp-b': 5_020 };
    const received = (e: (typeof withCards.entries)[number]) => e.recommendation.receivedAt!;
    expect(withCards.entries.map((e) => e.isNew)).toEqual(withCards.entries.map((e) => received(e) > 5_010 && received(e) > followedAt[e.recommendation.expertId]!));
    expect(withCards.entries.some((e) => e.isNew)).toBe(true);
    expect(withCards.experts.find((e) => e.id === 'fp-b')?.staleSince).toBe(NOW - 20 * HOUR);
  });

  it('follows a card that changed with its record: an expert unfollowed leaves the page', async () => {
    const db = await freshDb();
    await seed(db);
    const tx = db.transaction(PICK_STORES, 'readwrite');
    const previous = await tx.objectStore('experts').get('fp-b');
    await putExpertIn(tx, { ...previous!, followed: false, followedAt: null }, previous);
    await tx.done;
    const page = await readTimeline(db, { limit: 30 }, context);
    expect(page.entries.length).toBe(30);
    expect(page.entries.every((e) => e.recommendation.expertId === 'fp-a')).toBe(true);
  });
});

describe('the staleness inputs as a promise', () => {
  it('starts the database read before they come and gives the same answers', async () => {
    const db = await freshDb();
    await seed(db);
    const { now, ...rest } = context;
    for (const read of [
      (given: TimelineContext | { now: number; rest: Promise<Omit<TimelineContext, 'now'>> }) => readTimeline(db, { limit: 10 }, given),
      (given: TimelineContext | { now: number; rest: Promise<Omit<TimelineContext, 'now'>> }) => readExpertPage(db, 'fp-a', given, 5),
    ]) {
      const plain = await read(context);
      let arrive!: (value: Omit<TimelineContext, 'now'>) => void;
      const getAllRecords = vi.spyOn((globalThis as unknown as { IDBIndex: { prototype: Record<string, (...args: unknown[]) => unknown> } }).IDBIndex.prototype, 'getAllRecords');
      const getAllKeys = vi.spyOn((globalThis as unknown as { IDBIndex: { prototype: Record<string, (...args: unknown[]) => unknown> } }).IDBIndex.prototype, 'getAllKeys');
      try {
        const answer = read({ now, rest: new Promise((resolve) => (arrive = resolve)) });
        // The read asked the database for everyone's newest picks while the inputs were still on their way.
        await vi.waitFor(() => expect(getAllRecords.mock.calls.length + getAllKeys.mock.calls.length).toBeGreaterThan(0));
        arrive(rest);
        expect(await answer).toEqual(plain);
      } finally {
        getAllRecords.mockRestore();
        getAllKeys.mockRestore();
      }
    }
    const page = await readExpertPage(db, 'fp-a', { now, rest: Promise.resolve(rest) }, 5);
    expect(page.collections).toEqual([{ id: COLLECTION.id, name: 'Starter' }]);
  });

  it('reports inputs that failed, and a database error before them leaves no unhandled rejection', async () => {
    const db = await freshDb();
    await seed(db);
    await expect(readTimeline(db, { limit: 10 }, { now: NOW, rest: Promise.reject(new Error('settings unreadable')) })).rejects.toThrow('settings unreadable');
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      await expect(readExpertPage(db, 'fp-nobody', { now: NOW, rest: Promise.reject(new Error('settings unreadable')) })).rejects.toMatchObject({ code: 'not-found' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});

describe('the expert page’s first rows with their last chunks asked for beside the index keys', () => {
  const id = (i: number) => `big${String(i).padStart(4, '0')}`;
  async function seedBig(db: HaowuDb): Promise<void> {
    await seed(db);
    await db.put('experts', expert({ id: 'fp-big', displayName: 'Big' }));
    // 300 picks in 12 chunks, stored oldest first, every fifth one retracted.
    await putRecommendations(db, Array.from({ length: 300 }, (_, i) => recommendation({ id: id(i), expertId: 'fp-big', productKey: `jd:${5000 + i}`, updatedAt: 2_000 + i, deleted: i % 5 === 0 })));
  }
  const chunkGets = () => vi.spyOn((globalThis as unknown as { IDBObjectStore: { prototype: Record<string, (...args: unknown[]) => unknown> } }).IDBObjectStore.prototype, 'get');

  it('reads no chunk one by one when their newest picks are in their last chunks', async () => {
    const db = await freshDb();
    await seedBig(db);
    const all = await readExpertPage(db, 'fp-big', context);
    const get = chunkGets();
    try {
      const first = await readExpertPage(db, 'fp-big', context, 20);
      expect(first.picks.map((p) => p.recommendation.id)).toEqual(all.picks.slice(0, 20).map((p) => p.recommendation.id));
      expect(get.mock.calls.filter(([key]) => Array.isArray(key))).toEqual([]);
    } finally {
      get.mockRestore();
    }
  });

  it('still finds the newest picks when some sit in their first chunks (changed since)', async () => {
    const db = await freshDb();
    await seedBig(db);
    // Picks of the first chunks are changed last: the newest now, in chunks the guess does not read.
    await putRecommendations(db, [3, 4, 26, 27].map((i) => recommendation({ id: id(i), expertId: 'fp-big', productKey: `jd:${5000 + i}`, updatedAt: 9_000 + i })));
    const all = await readExpertPage(db, 'fp-big', context);
    const first = await readExpertPage(db, 'fp-big', context, 20);
    expect(first.picks.map((p) => p.recommendation.id)).toEqual(all.picks.slice(0, 20).map((p) => p.recommendation.id));
    expect(first.picks.slice(0, 4).map((p) => p.recommendation.id)).toEqual([id(27), id(26), id(4), id(3)]);
  });
});
