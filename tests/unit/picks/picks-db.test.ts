import { beforeEach, describe, expect, it, vi } from 'vitest';
import { storeFeedFile } from '../../../utils/db/feed-store';
import type { HaowuDb } from '../../../utils/db/open';
import { addPickToCart, countNewSince, listFollowing, readExpertPage, readTimeline, savePick, type StalenessContext, type TimelineQuery } from '../../../utils/db/picks';
import { SAVED_KEYS_AT_ONCE } from '../../../utils/db/pick-pages';
import { getProduct } from '../../../utils/db/products';
import { getSavedState } from '../../../utils/db/saved';
import type { RecommendationRecord } from '../../../utils/db/schema';
import { newestFirst, timelineMatches } from '../../../utils/picks/rules';
import { answerAndEndOrder, detected, freshDb, withoutGetAllRecords } from '../db/helpers';
import { expert, recommendation } from '../db/records';
import { newExpert, recommendation as feedPick, signedFeed } from '../feed/helpers';
import { getRecommendation, putRecommendations } from '../../../utils/db/recommendations';

const NOW = Date.UTC(2025, 11, 10);
const HOUR = 3_600_000;
const context = (overrides: Partial<StalenessContext & { lastSeenAt: number | null }> = {}): StalenessContext & { lastSeenAt: number | null } => ({ now: NOW, refreshHours: 6, collections: [], lastSeenAt: null, ...overrides });

const PLATFORMS = ['tmall', 'jd', 'weidian'] as const;

/** Three followed experts, one known only from a collection, and the user's own profile, with picks spread over time and stores. */
async function seedTimeline(db: HaowuDb): Promise<RecommendationRecord[]> {
  await db.put('experts', expert({ id: 'fp-a', displayName: 'A', followedAt: 100, feedStatus: { lastFetchedAt: NOW - HOUR, lastError: null, etag: null } }));
  await db.put('experts', expert({ id: 'fp-b', displayName: 'B', followedAt: 200, feedStatus: { lastFetchedAt: NOW - 20 * HOUR, lastError: null, etag: null } }));
  await db.put('experts', expert({ id: 'fp-c', displayName: 'C', followedAt: 300 }));
  await db.put('experts', expert({ id: 'fp-known', displayName: 'Known', followed: false, followedAt: null, feedUrl: null }));
  await db.put('experts', expert({ id: 'local-me', kind: 'local', displayName: 'Me', followed: false, followedAt: null, feedUrl: null }));
  const records: RecommendationRecord[] = [];
  const ids = ['fp-a', 'fp-b', 'fp-c', 'fp-known', 'local-me'];
  for (let i = 0; i < 400; i++) {
    const platform = i % 37 === 0 ? 'weidian' : PLATFORMS[i % 2]!;
    records.push(
      recommendation({
        id: `p${String(i).padStart(3, '0')}`,
        expertId: ids[i % ids.length]!,
        productKey: platform === 'jd' ? `jd:${1000 + i}` : `${platform}:${1000 + i}`,
        partnerLink: null,
        // Many ties: paging must break them by id.
        updatedAt: 1_000 + Math.floor(i / 3),
        deleted: i % 41 === 0,
        expiresAt: i % 43 === 0 ? NOW - 1 : null,
        receivedAt: i % 2 === 0 ? 5_000 + i : undefined,
      }),
    );
  }
  await putRecommendations(db, records);
  return records;
}

async function allPages(db: HaowuDb, query: Omit<TimelineQuery, 'limit' | 'before'>, limit: number, lastSeenAt: number | null = null) {
  const seen: string[] = [];
  let before: TimelineQuery['before'];
  for (let page = 0; page < 100; page++) {
    const result = await readTimeline(db, { ...query, limit, ...(before && { before }) }, context({ lastSeenAt }));
    seen.push(...result.entries.map((e) => e.recommendation.id));
    if (!result.next) return seen;
    before = result.next;
  }
  throw new Error('the timeline never ended');
}

const expected = (records: RecommendationRecord[], filter: { store?: string; expertId?: string }) => {
  const experts = new Map([['fp-a', expert()], ['fp-b', expert()], ['fp-c', expert()]].map(([id, e]) => [id as string, e as ReturnType<typeof expert>]));
  return records.filter((r) => timelineMatches(r, experts.get(r.expertId), filter, NOW)).sort(newestFirst).map((r) => r.id);
};

function timelineSuite(name: string) {
  describe(`the Picks tab’s timeline (${name})`, () => {
    let db: HaowuDb;
    let records: RecommendationRecord[];
    beforeEach(async () => {
      db = await freshDb();
      records = await seedTimeline(db);
    });

    it('pages through the newest live picks of followed experts, newest first, never repeating or skipping one', async () => {
      const ids = await allPages(db, {}, 25);
      expect(ids).toEqual(expected(records, {}));
      expect(new Set(ids).size).toBe(ids.length);
      // Neither the collection's expert nor the user's own picks.
      expect(ids.every((id) => !['fp-known', 'local-me'].includes(records.find((r) => r.id === id)!.expertId))).toBe(true);
    });

    it('filters by store, including a rare one that needs many batches', async () => {
      expect(await allPages(db, { store: 'jd' }, 30)).toEqual(expected(records, { store: 'jd' }));
      const weidian = await allPages(db, { store: 'weidian' }, 3);
      expect(weidian).toEqual(expected(records, { store: 'weidian' }));
      expect(weidian.length).toBeGreaterThan(3);
    });

    it('filters by expert', async () => {
      expect(await allPages(db, { expertId: 'fp-b' }, 20)).toEqual(expected(records, { expertId: 'fp-b' }));
      expect(await allPages(db, { expertId: 'fp-known' }, 20)).toEqual([]);
    });

    it('marks what came since the last look, sends only the experts it shows, and lists everyone followed', async () => {
      const page = await readTimeline(db, { limit: 10 }, context({ lastSeenAt: 5_300 }));
      for (const entry of page.entries) expect(entry.isNew, entry.recommendation.id).toBe((entry.recommendation.receivedAt ?? 0) > 5_300);
      expect(page.entries.some((e) => e.isNew)).toBe(true);
      expect((await listFollowing(db)).map((e) => e.displayName)).toEqual(['A', 'B', 'C']);
      expect(page.experts.map((e) => e.id).sort()).toEqual([...new Set(page.entries.map((e) => e.recommendation.expertId))].sort());
      // B's feed last refreshed 20 hours ago: more than twice 6 hours.
      expect(page.experts.find((e) => e.id === 'fp-b')?.staleSince).toBe(NOW - 20 * HOUR);
      expect(page.experts.find((e) => e.id === 'fp-a')?.staleSince).toBeNull();
    });

    it('counts new picks for the badge from the experts to whom picks came since', async () => {
      await db.put('experts', { ...(await db.get('experts', 'fp-a'))!, lastArrivalAt: 6_000 });
      await db.put('experts', { ...(await db.get('experts', 'fp-b'))!, lastArrivalAt: 5_000 });
      const fromA = records.filter((r) => r.expertId === 'fp-a' && !r.deleted && r.expiresAt === null && (r.receivedAt ?? 0) > 5_300).length;
      // B's picks are not read: nothing came to B after the last look.
      expect(await countNewSince(db, 5_300, NOW)).toBe(fromA);
      expect(await countNewSince(db, null, NOW)).toBe(0);
    });
  });
}

// The first page comes from one getAllRecords where the browser has it (Chromium; fake-indexeddb does
// too), the rest from a key cursor over by-updatedAt (utils/db/pick-chunks.ts); elsewhere all from the cursor.
timelineSuite('getAllRecords for the first page, then a key cursor');

withoutGetAllRecords('without getAllRecords (a key cursor only, as in Firefox)', () => timelineSuite('a key cursor over the chunks'));

describe('the Picks tab’s first page', () => {
  it('is read in one request (getAllRecords), with no key cursor, when everyone’s newest picks fill it', async () => {
    const db = await freshDb();
    await db.put('experts', expert({ id: 'fp-a', displayName: 'A', followedAt: 100 }));
    await db.put('experts', expert({ id: 'fp-b', displayName: 'B', followedAt: 200 }));
    const records = Array.from({ length: 100 }, (_, i) =>
      recommendation({ id: `q${String(i).padStart(3, '0')}`, expertId: i % 2 ? 'fp-a' : 'fp-b', productKey: `jd:${2000 + i}`, partnerLink: null, updatedAt: 1_000 + i, deleted: false, expiresAt: null }),
    );
    await putRecommendations(db, records);
    const proto = (globalThis as unknown as { IDBIndex: { prototype: Record<string, (...args: unknown[]) => unknown> } }).IDBIndex.prototype;
    const getAllRecords = vi.spyOn(proto, 'getAllRecords');
    const openKeyCursor = vi.spyOn(proto, 'openKeyCursor');
    try {
      const page = await readTimeline(db, { limit: 20 }, context());
      expect(page.entries.map((e) => e.recommendation.id)).toEqual([...records].sort(newestFirst).slice(0, 20).map((r) => r.id));
      expect(page.next).toEqual([records[80]!.updatedAt, records[80]!.id]);
      expect(getAllRecords).toHaveBeenCalledTimes(1);
      expect(openKeyCursor).not.toHaveBeenCalled();
    } finally {
      getAllRecords.mockRestore();
      openKeyCursor.mockRestore();
    }
  });
});

describe('the expert page', () => {
  it('lists an expert’s live picks newest first, with the last price Haowu read, saved state and the plain store page', async () => {
    const db = await freshDb();
    await db.put('experts', expert({ id: 'fp-a', feedUrl: null }));
    await putRecommendations(db, [recommendation({ id: 'old', expertId: 'fp-a', updatedAt: 10, productKey: 'tmall:600001' })]);
    await putRecommendations(db, [recommendation({ id: 'new', expertId: 'fp-a', updatedAt: 20, productKey: 'jd:42', partnerLink: null })]);
    await putRecommendations(db, [recommendation({ id: 'gone', expertId: 'fp-a', updatedAt: 30, deleted: true })]);
    await putRecommendations(db, [recommendation({ id: 'theirs', expertId: 'fp-b', updatedAt: 40 })]);
    await db.put('products', { ...detectedRecord(), lastPrice: { currency: 'CNY', minMinor: 15900, maxMinor: 15900 } });
    await db.put('saved', { productKey: 'tmall:600001', savedAt: 1, note: '', viaExpertId: null, updatedAt: 1, product: (await db.get('products', 'tmall:600001')) ?? null });
    const page = await readExpertPage(db, 'fp-a', {
      now: NOW,
      refreshHours: 6,
      collections: [{ id: 'https://c.example/c.json', name: 'Starter', url: 'https://c.example/c.json', expertIds: ['fp-a'], status: { lastFetchedAt: NOW - 100 * HOUR } }],
    });
    expect(page.picks.map((p) => p.recommendation.id)).toEqual(['new', 'old']);
    expect(page.total).toBe(2);
    // The first rows alone (found among everyone's newest): how many in all is left to the full answer.
    const first = await readExpertPage(db, 'fp-a', context(), 1);
    expect(first.picks.map((p) => p.recommendation.id)).toEqual(['new']);
    expect(first.total).toBeNull();
    expect(page.picks[1]).toMatchObject({ store: 'tmall', saved: true, lastPrice: { minMinor: 15900 }, plainUrl: 'https://detail.tmall.com/item.htm?id=600001' });
    expect(page.picks[0]).toMatchObject({ store: 'jd', saved: false, lastPrice: null, plainUrl: 'https://item.jd.com/42.html' });
    expect(page.collections).toEqual([{ id: 'https://c.example/c.json', name: 'Starter' }]);
    expect(page.staleSince).toBe(NOW - 100 * HOUR);
    await expect(readExpertPage(db, 'fp-nobody', context())).rejects.toMatchObject({ code: 'not-found' });
  });

  it("answers the expert page once its reads answered, without waiting for the transaction's end to be reported", async () => {
    const db = await freshDb();
    await db.put('experts', expert({ id: 'fp-a' }));
    await putRecommendations(db, [recommendation({ id: 'one', expertId: 'fp-a', updatedAt: 10 }), recommendation({ id: 'two', expertId: 'fp-a', updatedAt: 20 })]);
    expect(await answerAndEndOrder(db, (watched) => readExpertPage(watched, 'fp-a', context(), 1))).toEqual(['answered', 'transaction ended']);
    expect(await answerAndEndOrder(db, (watched) => readExpertPage(watched, 'fp-a', context()))).toEqual(['answered', 'transaction ended']);
  });

  it('tells which picks are saved from each product’s key when many items are saved, without reading every saved key', async () => {
    const db = await freshDb();
    await db.put('experts', expert({ id: 'fp-a' }));
    await putRecommendations(db, [recommendation({ id: 'one', expertId: 'fp-a', updatedAt: 10, productKey: 'tmall:1' }), recommendation({ id: 'two', expertId: 'fp-a', updatedAt: 20, productKey: 'tmall:2' })]);
    const items = [...Array.from({ length: SAVED_KEYS_AT_ONCE }, (_, i) => `jd:${i}`), 'tmall:2'];
    const tx = db.transaction('saved', 'readwrite');
    for (const [i, productKey] of items.entries()) void tx.store.put({ productKey, savedAt: i, note: '', viaExpertId: null, updatedAt: i, product: null });
    await tx.done;
    const storeProto = (globalThis as unknown as { IDBObjectStore: { prototype: Record<string, (...args: unknown[]) => unknown> } }).IDBObjectStore.prototype;
    const getAllKeys = vi.spyOn(storeProto, 'getAllKeys');
    try {
      const marks = (entries: { recommendation: { id: string }; saved: boolean }[]) => entries.map((entry) => [entry.recommendation.id, entry.saved]);
      expect(marks((await readExpertPage(db, 'fp-a', context(), 10)).picks)).toEqual([['two', true], ['one', false]]);
      expect(marks((await readTimeline(db, { limit: 10 }, context())).entries)).toEqual([['two', true], ['one', false]]);
      const savedKeyReads = getAllKeys.mock.calls.filter((_, i) => (getAllKeys.mock.contexts[i] as IDBObjectStore).name === 'saved');
      expect(savedKeyReads.length).toBeGreaterThan(0);
      for (const [, count] of savedKeyReads) expect(count).toBe(SAVED_KEYS_AT_ONCE + 1);
      // Every pick of the expert, as the page's second answer reads them: the same marks.
      expect(marks((await readExpertPage(db, 'fp-a', context())).picks)).toEqual([['two', true], ['one', false]]);
    } finally {
      getAllKeys.mockRestore();
    }
  });

  it('finds the first rows of an expert with many picks among everyone’s newest (their chunk keys at once), the same rows as reading them all', firstRowsOfBigExpert);

  withoutGetAllRecords('without getAllRecords (a key cursor walk, as in Firefox)', () => it('finds the same first rows by walking the newest picks', firstRowsOfBigExpert));

  it('reads only the chunks of the expert’s newest picks for the first rows, not all of theirs, nor all those named among everyone’s newest', async () => {
    const db = await freshDb();
    await seedTimeline(db);
    await db.put('experts', expert({ id: 'fp-big', displayName: 'Big' }));
    // 2,000 picks in 80 chunks, stored oldest first: everyone's newest 1,000 are theirs, in 40 chunks.
    await putRecommendations(db, Array.from({ length: 2_000 }, (_, i) => recommendation({ id: `big${String(i).padStart(4, '0')}`, expertId: 'fp-big', updatedAt: 2_000 + i, deleted: i % 3 === 0 })));
    const storeProto = (globalThis as unknown as { IDBObjectStore: { prototype: Record<string, (...args: unknown[]) => unknown> } }).IDBObjectStore.prototype;
    const get = vi.spyOn(storeProto, 'get');
    // Their last chunks may be asked for at once beside the index keys (lastChunksOf): those count too.
    const getAllRecords = vi.spyOn(storeProto, 'getAllRecords');
    try {
      const first = await readExpertPage(db, 'fp-big', context(), 10);
      const live = Array.from({ length: 2_000 }, (_, i) => 1_999 - i).filter((i) => i % 3 !== 0);
      expect(first.picks.map((p) => p.recommendation.id)).toEqual(live.slice(0, 10).map((i) => `big${String(i).padStart(4, '0')}`));
      const chunkReads = get.mock.calls.filter(([key]) => Array.isArray(key) && key[0] === 'fp-big').length + getAllRecords.mock.calls.reduce((sum, [options]) => sum + (options as { count: number }).count, 0);
      // Their 15 newest picks (10 live) sit in the last chunk or two.
      expect(chunkReads).toBeGreaterThan(0);
      expect(chunkReads).toBeLessThanOrEqual(2);
    } finally {
      get.mockRestore();
      getAllRecords.mockRestore();
    }
  });
});

async function firstRowsOfBigExpert() {
  {
    const db = await freshDb();
    await seedTimeline(db);
    await db.put('experts', expert({ id: 'fp-big', displayName: 'Big' }));
    await putRecommendations(
      db,
      Array.from({ length: 600 }, (_, i) =>
        recommendation({ id: `big${String(i).padStart(3, '0')}`, expertId: 'fp-big', updatedAt: 900 + (i % 250), deleted: i % 29 === 0, expiresAt: i % 31 === 0 ? NOW - 1 : null }),
      ),
    );
    // 600 of 1,000 picks: 10 rows are found by walking about 17 of everyone's newest.
    const first = await readExpertPage(db, 'fp-big', context(), 10);
    const all = await readExpertPage(db, 'fp-big', context());
    expect(first.total).toBeNull();
    expect(all.total).toBe(all.picks.length);
    expect(all.total).toBeGreaterThan(500);
    expect(first.picks.map((p) => p.recommendation.id)).toEqual(all.picks.slice(0, 10).map((p) => p.recommendation.id));
    // Fewer than asked for: all of them are read (and counted).
    const few = await readExpertPage(db, 'fp-a', context(), 500);
    expect(few.total).toBe((await readExpertPage(db, 'fp-a', context())).total);
    expect(few.total).toBe(few.picks.length);
  }
}

describe('the expert page, saving and carting', () => {

  it('saves a pick’s product and adds it to the cart through the pick, making a product record from the pick when Haowu has none', async () => {
    const db = await freshDb();
    await db.put('experts', expert({ id: 'fp-a' }));
    await putRecommendations(db, [recommendation({ id: 'r', expertId: 'fp-a', productKey: 'site:shop.example/k-1', productUrl: 'https://www.shop.example/p/k-1', partnerLink: null, snapshot: { title: 'Kettle', imageUrl: null, price: null } })]);
    const saved = await savePick(db, 'r', NOW);
    expect(saved).toMatchObject({ added: true, productKey: 'site:shop.example/k-1', item: { viaExpertId: 'fp-a' } });
    expect(await getProduct(db, 'site:shop.example/k-1')).toMatchObject({ title: 'Kettle', canonicalUrl: 'https://www.shop.example/p/k-1', storeDomain: 'shop.example', lastPrice: null });
    const line = await addPickToCart(db, 'r', NOW);
    expect(line).toMatchObject({ store: 'shop.example', quantity: 1, viaRecommendationId: 'r' });
    expect(await getSavedState(db, 'site:shop.example/k-1')).not.toBeNull();
    await putRecommendations(db, [recommendation({ id: 'dead', expertId: 'fp-a', deleted: true })]);
    await expect(savePick(db, 'dead', NOW)).rejects.toMatchObject({ code: 'not-found' });
  });
});

function detectedRecord() {
  const product = detected();
  return { ...product, priceHistory: [], lastPrice: product.price, firstSeenAt: 1, lastSeenAt: 1, updatedAt: 1 };
}

describe('when picks arrive (feed storing)', () => {
  it('stamps a pick with the time it first reached Haowu, keeps it across refreshes, and notes when new picks came', async () => {
    const db = await freshDb();
    const alice = await newExpert();
    const first = await storeFeedFile(db, JSON.stringify(await signedFeed(alice, [feedPick('one')])), { follow: 'follow', feedUrl: 'https://feeds.example/a.json' }, 1_000);
    if (!first.ok) throw new Error(first.reason);
    const id = first.expert.id;
    expect((await getRecommendation(db, `${id}/one`))?.receivedAt).toBe(1_000);
    expect((await getRecommendation(db, `${id}/one`))?.productUrl).toBe('https://detail.tmall.com/item.htm?id=605258110430');
    expect((await db.get('experts', id))?.lastArrivalAt).toBe(1_000);
    // The user turns the expert off for product pages; a refresh keeps the switch.
    await db.put('experts', { ...(await db.get('experts', id))!, showOnProductPages: false });

    await storeFeedFile(db, JSON.stringify(await signedFeed(alice, [feedPick('one', { reason: 'Edited: still keeps tea hot all day long.' }), feedPick('two')])), { follow: 'keep' }, 2_000);
    expect((await getRecommendation(db, `${id}/one`))?.receivedAt).toBe(1_000);
    expect((await getRecommendation(db, `${id}/two`))?.receivedAt).toBe(2_000);
    expect(await db.get('experts', id)).toMatchObject({ lastArrivalAt: 2_000, showOnProductPages: false });

    // Nothing new: the arrival time stays.
    await storeFeedFile(db, JSON.stringify(await signedFeed(alice, [feedPick('two')])), { follow: 'keep' }, 3_000);
    expect((await db.get('experts', id))?.lastArrivalAt).toBe(2_000);
  });
});
