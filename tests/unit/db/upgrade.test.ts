import { unwrap } from 'idb';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readAllData } from '../../../utils/db/backup';
import { listCartByStore } from '../../../utils/db/cart';
import { DB_VERSION, createDbConnection, openHaowuDb } from '../../../utils/db/open';
import { getPicksForProduct } from '../../../utils/db/recommendations';
import { listSaved } from '../../../utils/db/saved';
import { listPurchases } from '../../../utils/db/checkout';
import { readTimeline } from '../../../utils/db/picks';
import { newestFirst } from '../../../utils/picks/rules';
import { CartRecord, ExpertRecord, ProductRecord, PurchaseRecord, RecommendationRecord, SavedRecord } from '../../../utils/db/schema';
import type { RecommendationRecord as Rec } from '../../../utils/db/schema';
import { resetIndexedDb } from './helpers';
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
        stores: Record<keyof typeof SCHEMAS, unknown[]> & { purchases?: unknown[] };
      };
      expect(fixture.version).toBe(release.version);
      await createLegacyDatabase('haowu', release, fixture.stores);

      const db = await openHaowuDb();
      expect(db.version).toBe(DB_VERSION);
      const data = await readAllData(db);
      for (const [store, schema] of Object.entries(SCHEMAS) as [keyof typeof SCHEMAS, (typeof SCHEMAS)[keyof typeof SCHEMAS]][]) {
        expect(data[store], store).toHaveLength(fixture.stores[store].length);
        // Every record reads back valid under today's schema (a later upgrade step migrates it if needed).
        for (const record of data[store]) expect(schema.safeParse(record).success, `${store} ${JSON.stringify(record)}`).toBe(true);
      }
      // Purchases arrived with version 2: none before it, and every one kept after it.
      const purchases = await listPurchases(db);
      expect(purchases).toHaveLength(fixture.stores.purchases?.length ?? 0);
      for (const purchase of purchases) expect(PurchaseRecord.safeParse(purchase).success, JSON.stringify(purchase)).toBe(true);
      if (release.version === DB_VERSION) {
        expect({ ...data, purchases }).toEqual(Object.fromEntries(Object.entries(fixture.stores).map(([k, v]) => [k, expect.arrayContaining(v)])));
      }

      // The indexes the UI reads through work on upgraded data.
      const picks = await getPicksForProduct(db, 'tmall:600001', Date.UTC(2025, 0, 10));
      expect(picks.map((p) => p.recommendation.id)).toEqual(['wang-001']);
      expect((await listSaved(db)).items.map((i) => i.saved.productKey)).toEqual(['site:shop.example:kettle-2', 'tmall:600001']);
      expect((await listCartByStore(db, 'shop.example')).map((l) => l.productKey)).toEqual(['site:shop.example:kettle-2']);
      // Version 3's index (the Picks tab) holds every pick the older versions stored.
      const byUpdated = await db.getAllKeysFromIndex('recommendations', 'by-updatedAt');
      expect(byUpdated).toHaveLength(fixture.stores.recommendations.length);
      const timeline = await readTimeline(db, { limit: 50 }, { now: Date.UTC(2025, 0, 10), refreshHours: 6, collections: [], lastSeenAt: null });
      expect(timeline.entries.length).toBeGreaterThan(0);
      expect(timeline.entries.map((e) => e.recommendation.id)).toEqual(
        (fixture.stores.recommendations as Rec[])
          .filter((r) => !r.deleted && (r.expiresAt === null || r.expiresAt > Date.UTC(2025, 0, 10)) && data.experts.some((e) => e.id === r.expertId && e.followed && e.kind === 'feed'))
          .sort(newestFirst)
          .map((r) => r.id),
      );
      db.close();
    });
  }
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
