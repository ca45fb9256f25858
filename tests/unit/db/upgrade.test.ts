import { unwrap } from 'idb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readAllData } from '../../../utils/db/backup';
import { listCartByStore } from '../../../utils/db/cart';
import { DB_VERSION, createDbConnection, openHaowuDb } from '../../../utils/db/open';
import { countRecommendationsByExpert, getPicksForProduct, getRecommendation, getRecommendationsByExpert } from '../../../utils/db/recommendations';
import { PICKS_PER_CHUNK, chunkOf, fillMissingCards } from '../../../utils/db/pick-chunks';
import type { PickChunk } from '../../../utils/db/schema';
import { generateDataset } from '../../fixtures/generate-dataset';
import { listSaved } from '../../../utils/db/saved';
import { listPurchases } from '../../../utils/db/checkout';
import { readTimeline } from '../../../utils/db/picks';
import { newestFirst } from '../../../utils/picks/rules';
import { CartRecord, ExpertRecord, ProductRecord, PurchaseRecord, RecommendationRecord, SavedRecord } from '../../../utils/db/schema';
import type { RecommendationRecord as Rec } from '../../../utils/db/schema';
import { listCollections, moveStoredCollections } from '../../../utils/feed/followed-collections';
import { CollectionRecord } from '../../../utils/db/schema';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { expectCopiesInStep, resetIndexedDb } from './helpers';
import { RELEASED_VERSIONS, createLegacyDatabase, layoutOf, normalise } from './legacy';

const SCHEMAS = { products: ProductRecord, experts: ExpertRecord, recommendations: RecommendationRecord, saved: SavedRecord, cart: CartRecord };

beforeEach(resetIndexedDb);

describe('database versions', () => {
  it('has a frozen layout and fixture for every released version up to the current one', () => {
    expect(RELEASED_VERSIONS.map((r) => r.version)).toEqual(Array.from({ length: DB_VERSION }, (_, i) => i + 1));
  });

  it('creates exactly the layout of the current released version', async () => {
    const db = await openHaowuDb();
    expect(normalise(layoutOf(unwrap(db)))).toEqual(normalise(RELEASED_VERSIONS.at(-1)!.stores));
    db.close();
  });

  for (const release of RELEASED_VERSIONS) {
    it(`upgrades a version ${release.version} database keeping every record`, async () => {
      const fixture = JSON.parse(readFileSync(join(process.cwd(), release.fixture), 'utf8')) as {
        version: number;
        stores: Record<Exclude<keyof typeof SCHEMAS, 'recommendations'>, unknown[]> & {
          recommendations?: unknown[];
          pickChunks?: PickChunk[];
          purchases?: unknown[];
          collections?: unknown[];
        };
      };
      expect(fixture.version).toBe(release.version);
      await createLegacyDatabase('haowu', release, fixture.stores);
      // Before version 5 one record per pick; since, in chunks.
      const fixturePicks = (fixture.stores.recommendations ?? fixture.stores.pickChunks!.flatMap((chunk) => chunk.picks)) as Rec[];
      // Since version 6 a saved item also carries its product's copy, which backups and readers leave out.
      const fixtureSaved = (fixture.stores.saved as Record<string, unknown>[]).map(({ product: _copy, ...own }) => own);
      const fixtureRecords = { ...fixture.stores, saved: fixtureSaved, recommendations: fixturePicks };

      const db = await openHaowuDb();
      expect(db.version).toBe(DB_VERSION);
      const data = await readAllData(db);
      for (const [store, schema] of Object.entries(SCHEMAS) as [keyof typeof SCHEMAS, (typeof SCHEMAS)[keyof typeof SCHEMAS]][]) {
        expect(data[store], store).toHaveLength(fixtureRecords[store].length);
        // Every record reads back valid under today's schema (a later upgrade step migrates it if needed).
        for (const record of data[store]) expect(schema.safeParse(record).success, `${store} ${JSON.stringify(record)}`).toBe(true);
      }
      // Purchases arrived with version 2: none before it, and every one kept after it.
      const purchases = await listPurchases(db);
      expect(purchases).toHaveLength(fixture.stores.purchases?.length ?? 0);
      for (const purchase of purchases) expect(PurchaseRecord.safeParse(purchase).success, JSON.stringify(purchase)).toBe(true);
      // Collections arrived with version 4 (before, storage.local held them: see the next tests).
      const collections = await listCollections(db);
      expect(collections).toHaveLength(fixture.stores.collections?.length ?? 0);
      // Every record as it was, the picks included (moved into chunks by version 5's step).
      expect({ ...data, purchases, collections }).toEqual(
        Object.fromEntries(Object.entries({ purchases: [], collections: [], ...fixtureRecords }).flatMap(([k, v]) => (k.startsWith('pick') ? [] : [[k, expect.arrayContaining(v)]]))),
      );

      // The indexes the UI reads through work on upgraded data, before and after the chunks get their cards.
      const picks = await getPicksForProduct(db, 'tmall:600001', Date.UTC(2025, 0, 10));
      expect(picks.map((p) => p.recommendation.id)).toEqual(['wang-001']);
      await fillMissingCards(db);
      // Version 6's copies: each saved item's product, each chunk's expert card, as the records stand.
      await expectCopiesInStep(db);
      expect(await getPicksForProduct(db, 'tmall:600001', Date.UTC(2025, 0, 10))).toEqual(picks);
      expect((await listSaved(db)).items.map((i) => i.saved.productKey)).toEqual(['site:shop.example:kettle-2', 'tmall:600001']);
      expect((await listCartByStore(db, 'shop.example')).map((l) => l.productKey)).toEqual(['site:shop.example:kettle-2']);
      // The Picks tab's index (version 3, on the chunks since version 5) holds every pick the older versions stored.
      const byUpdated = await db.getAllKeysFromIndex('pickChunks', 'by-updatedAt');
      expect(byUpdated).toHaveLength(fixturePicks.length);
      // Every pick reads back through the public functions: by id, by expert (with its count), by product.
      for (const pick of fixturePicks) {
        expect(await getRecommendation(db, pick.id)).toEqual(pick);
        expect(await getRecommendationsByExpert(db, pick.expertId)).toContainEqual(pick);
        expect(await countRecommendationsByExpert(db, pick.expertId)).toBe(fixturePicks.filter((p) => p.expertId === pick.expertId).length);
      }
      const timeline = await readTimeline(db, { limit: 50 }, { now: Date.UTC(2025, 0, 10), refreshHours: 6, collections: [], lastSeenAt: null });
      expect(timeline.entries.length).toBeGreaterThan(0);
      expect(timeline.entries.map((e) => e.recommendation.id)).toEqual(
        fixturePicks
          .filter((r) => !r.deleted && (r.expiresAt === null || r.expiresAt > Date.UTC(2025, 0, 10)) && data.experts.some((e) => e.id === r.expertId && e.followed && e.kind === 'feed'))
          .sort(newestFirst)
          .map((r) => r.id),
      );
      db.close();
    });
  }
});

describe('version 5: picks move into chunks', () => {
  for (const release of RELEASED_VERSIONS.filter((r) => r.version < 5)) {
    it(`from version ${release.version}: every pick of many experts, past a chunk's size, reads back through the public functions`, { timeout: 60_000 }, async () => {
      const data = generateDataset({ experts: 3, recommendations: PICKS_PER_CHUNK * 7 + 3, saved: 0, cartLines: 0, seed: 5 });
      // Before version 3 no pick had `receivedAt`; the generator sets none either.
      await createLegacyDatabase('haowu', release, { products: data.products, experts: data.experts, recommendations: data.recommendations });
      const db = await openHaowuDb();
      expect([...db.objectStoreNames]).not.toContain('recommendations');
      const stored = (await readAllData(db)).recommendations;
      expect(stored).toHaveLength(data.recommendations.length);
      expect(stored).toEqual(expect.arrayContaining(data.recommendations));
      // No chunk holds more than its share, and every expert's count is right.
      for (const chunk of await db.getAll('pickChunks')) expect(chunk.picks.length).toBeLessThanOrEqual(PICKS_PER_CHUNK);
      for (const expert of data.experts) {
        const theirs = data.recommendations.filter((r) => r.expertId === expert.id);
        expect(await countRecommendationsByExpert(db, expert.id)).toBe(theirs.length);
        expect(await getRecommendationsByExpert(db, expert.id)).toEqual([...theirs].sort((a, b) => (a.id < b.id ? -1 : 1)));
      }
      const now = Date.UTC(2026, 0, 1);
      const product = data.recommendations[0]!.productKey;
      const live = data.recommendations.filter((r) => r.productKey === product && !r.deleted && (r.expiresAt === null || r.expiresAt > now));
      expect((await getPicksForProduct(db, product, now)).map((p) => p.recommendation.id).sort()).toEqual(live.map((r) => r.id).sort());
      db.close();
    });
  }
});

describe('followed collections move from storage.local into the database (version 4)', () => {
  const legacy = JSON.parse(readFileSync(join(process.cwd(), 'tests/fixtures/db/v3-storage-local.json'), 'utf8')) as { storageLocal: { feedCollections: unknown[] } };
  const v3 = RELEASED_VERSIONS.find((r) => r.version === 3)!;
  const v3Fixture = () => (JSON.parse(readFileSync(join(process.cwd(), v3.fixture), 'utf8')) as { stores: Record<string, unknown[]> }).stores;
  const parseable = legacy.storageLocal.feedCollections.filter((entry) => CollectionRecord.omit({ updatedAt: true }).safeParse(entry).success);

  for (const release of RELEASED_VERSIONS.filter((r) => r.version < 4)) {
    it(`from a version ${release.version} database with collections in storage.local, on the connection's first open`, async () => {
      const fixture = JSON.parse(readFileSync(join(process.cwd(), release.fixture), 'utf8')) as { stores: Record<string, unknown[]> };
      await createLegacyDatabase('haowu', release, fixture.stores);
      await fakeBrowser.storage.local.set(legacy.storageLocal);
      const connection = createDbConnection();
      const db = await connection.get();
      const collections = await listCollections(db);
      expect(collections.map((c) => c.id).sort()).toEqual(parseable.map((c) => (c as { id: string }).id).sort());
      // Each keeps every field it had, and gains the time it last changed.
      for (const entry of parseable) expect(collections).toContainEqual({ ...(entry as object), updatedAt: expect.any(Number) });
      // The storage.local copy is gone once the database holds them.
      expect(await fakeBrowser.storage.local.get('feedCollections')).toEqual({});
      await connection.close();
    });
  }

  it('is safe to repeat: a move cut off after the commit, before storage.local was emptied, is finished and changes nothing moved', async () => {
    await createLegacyDatabase('haowu', v3, v3Fixture());
    await fakeBrowser.storage.local.set(legacy.storageLocal);
    const db = await openHaowuDb();
    // The first move's commit landed, but the worker stopped before removing the copy.
    const remove = fakeBrowser.storage.local.remove;
    fakeBrowser.storage.local.remove = () => Promise.reject(new Error('service worker stopped'));
    await expect(moveStoredCollections(db)).rejects.toThrow('stopped');
    fakeBrowser.storage.local.remove = remove;
    const first = await listCollections(db);
    expect(first).toHaveLength(parseable.length);
    // Meanwhile a refresh changed one of them in the database: the second move must not undo that.
    await db.put('collections', { ...first[0]!, name: 'Renamed since', updatedAt: first[0]!.updatedAt + 1 });
    expect(await moveStoredCollections(db)).toBe(0);
    expect((await db.get('collections', first[0]!.id))?.name).toBe('Renamed since');
    expect(await listCollections(db)).toHaveLength(parseable.length);
    expect(await fakeBrowser.storage.local.get('feedCollections')).toEqual({});
    db.close();
  });

  it('keeps the storage.local copy when the database write fails, and moves it on the next open', async () => {
    await createLegacyDatabase('haowu', v3, v3Fixture());
    await fakeBrowser.storage.local.set(legacy.storageLocal);
    const db = await openHaowuDb();
    const failing = new Proxy(db, { get: (target, name) => (name === 'transaction' ? () => { throw new Error('disk full'); } : (Reflect.get(target, name) as unknown)) });
    await expect(moveStoredCollections(failing as typeof db)).rejects.toThrow('disk full');
    expect(await fakeBrowser.storage.local.get('feedCollections')).toEqual(legacy.storageLocal);
    expect(await moveStoredCollections(db)).toBe(parseable.length);
    expect(await listCollections(db)).toHaveLength(parseable.length);
    db.close();
  });
});

describe('connection', () => {
  it('closes when a newer version elsewhere needs the database, and reopens on next use', async () => {
    const connection = createDbConnection();
    const first = await connection.get();
    // Another context (an updated extension page) opens a newer version: ours must step aside.
    const newer = indexedDB.open('haowu', DB_VERSION + 1);
    const upgraded = await new Promise<IDBDatabase>((resolve, reject) => {
      newer.onsuccess = () => resolve(newer.result);
      newer.onerror = () => reject(newer.error);
      newer.onblocked = () => reject(new Error('blocked: the old connection did not close'));
    });
    upgraded.close();
    expect(() => first.transaction('saved')).toThrow();
    // The next get() opens again rather than handing out the closed connection. (The database is
    // now newer than this build, so opening it fails with VersionError: the app did not hang.)
    await expect(connection.get()).rejects.toMatchObject({ name: 'VersionError' });
  });

  it('reuses one open connection', async () => {
    const connection = createDbConnection();
    expect(await connection.get()).toBe(await connection.get());
    await connection.close();
  });
});

describe('version 6: saved items carry their product, pick chunks their expert card', () => {
  for (const release of RELEASED_VERSIONS.filter((r) => r.version < 6)) {
    it(`from version ${release.version}: the fixture and a generated database, every copy as the record it copies`, { timeout: 60_000 }, async () => {
      const fixture = (JSON.parse(readFileSync(join(process.cwd(), release.fixture), 'utf8')) as { stores: Record<string, unknown[]> }).stores;
      const data = generateDataset({ experts: 3, recommendations: PICKS_PER_CHUNK * 7 + 3, saved: 30, cartLines: 0, seed: 9 });
      // Before version 5 one record per pick; version 5 in chunks as it wrote them (no card).
      const picks: Record<string, unknown[]> =
        release.version < 5
          ? { recommendations: [...(fixture.recommendations ?? []), ...data.recommendations] }
          : {
              pickChunks: [
                ...(fixture.pickChunks ?? []),
                ...data.experts.flatMap((expert) => {
                  const theirs = data.recommendations.filter((r) => r.expertId === expert.id);
                  return Array.from({ length: Math.ceil(theirs.length / PICKS_PER_CHUNK) }, (_, n) => {
                    const { expert: _card, ...v5 } = chunkOf(expert.id, n, theirs.slice(n * PICKS_PER_CHUNK, (n + 1) * PICKS_PER_CHUNK), null);
                    return v5;
                  });
                }),
              ],
              pickCounts: [...(fixture.pickCounts ?? []), ...data.experts.map((expert) => ({ expertId: expert.id, picks: data.recommendations.filter((r) => r.expertId === expert.id).length }))],
            };
      // One saved item whose product Haowu never recorded: its copy is null.
      const orphan = { productKey: 'jd:never-seen', savedAt: 5, note: '', viaExpertId: null, updatedAt: 5 };
      await createLegacyDatabase('haowu', release, {
        ...fixture,
        products: [...fixture.products!, ...data.products],
        experts: [...fixture.experts!, ...data.experts],
        saved: [...fixture.saved!, ...data.saved, orphan],
        ...picks,
      });
      const db = await openHaowuDb();
      // A product's picks read right away, from chunks with no card yet (their experts read beside them)…
      const now = Date.UTC(2026, 0, 1);
      const product = data.recommendations[0]!.productKey;
      const before = await getPicksForProduct(db, product, now);
      // …and the same once the cards are filled (after the open, one expert per transaction).
      expect(await fillMissingCards(db)).toBe(new Set((picks.recommendations ?? picks.pickChunks!.map((chunk) => (chunk as { key: [string] }).key)).map((r) => (Array.isArray(r) ? r[0] : (r as { expertId: string }).expertId))).size);
      expect(await fillMissingCards(db)).toBe(0);
      await expectCopiesInStep(db);
      expect(await getPicksForProduct(db, product, now)).toEqual(before);
      const saved = await db.getAll('saved');
      expect(saved).toHaveLength(fixture.saved!.length + data.saved.length + 1);
      expect(saved.filter((item) => item.product !== null)).toHaveLength(fixture.saved!.length + data.saved.length);
      expect(saved.find((item) => item.productKey === orphan.productKey)?.product).toBeNull();
      // The Saved tab's first rows and a product's picks read from the copies.
      const page = await listSaved(db, { limit: 100 });
      for (const item of page.items) expect(item.product).toEqual((await db.get('products', item.saved.productKey)) ?? null);
      const live = data.recommendations.filter((r) => r.productKey === product && !r.deleted && (r.expiresAt === null || r.expiresAt > now));
      const found = await getPicksForProduct(db, product, now);
      expect(found.map((p) => p.recommendation.id).sort()).toEqual(live.map((r) => r.id).sort());
      for (const pick of found) expect(pick.expert.displayName).toBe(data.experts.find((e) => e.id === pick.expert.id)?.displayName);
      db.close();
    });
  }
});
