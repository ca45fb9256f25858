import { openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { moveStoredCollections } from '../feed/followed-collections';
import { fillMissingCardsOnce } from './cards-filled';
import { PICKS_PER_CHUNK, chunkOf } from './pick-chunks';
import { convertStoredPrices } from './price-digits';
import { storedSaved } from './saved-copy';
import type { HaowuSchema, RecommendationRecord, UpgradeSchema } from './schema';

export type HaowuDb = IDBPDatabase<HaowuSchema>;
type UpgradeDb = IDBPDatabase<UpgradeSchema>;
type UpgradeTx = IDBPTransaction<UpgradeSchema, StoreNames<UpgradeSchema>[], 'versionchange'>;

export const DB_NAME = 'haowu';

/*
 * Released schema versions. To add version N: bump DB_VERSION, add an `if (oldVersion < N)` step
 * below that migrates records in place, and add tests/fixtures/db/vN.json plus its frozen layout in
 * tests/unit/db/legacy.ts. Never edit a released step: users' databases went through it.
 */
export const DB_VERSION = 6;

function upgrade(db: UpgradeDb, oldVersion: number, tx: UpgradeTx): void {
  // Steps that read or rewrite records run one after another: each waits for the one before (and the
  // first starts at once, from this callback, while the upgrade transaction is surely active).
  let records: Promise<unknown> | undefined;
  if (oldVersion < 1) {
    db.createObjectStore('products', { keyPath: 'key' });
    const experts = db.createObjectStore('experts', { keyPath: 'id' });
    // followedAt is null for experts not followed; null is not a valid key, so they stay out of the index.
    experts.createIndex('by-followedAt', 'followedAt');
    const recommendations = db.createObjectStore('recommendations', { keyPath: 'id' });
    recommendations.createIndex('by-product', 'productKey');
    recommendations.createIndex('by-expert', 'expertId');
    const saved = db.createObjectStore('saved', { keyPath: 'productKey' });
    // The product key breaks ties so paging by [savedAt, productKey] never skips an item.
    saved.createIndex('by-savedAt', ['savedAt', 'productKey']);
    const cart = db.createObjectStore('cart', { keyPath: ['productKey', 'variant'] });
    cart.createIndex('by-store', 'store');
  }
  if (oldVersion < 2) {
    // Checkout's "Mark as bought" moves cart lines here. New store only: no v1 record changes.
    const purchases = db.createObjectStore('purchases', { keyPath: 'id' });
    purchases.createIndex('by-boughtAt', 'boughtAt');
  }
  if (oldVersion < 3) {
    // The Picks tab reads the newest picks first (utils/db/timeline.ts): reading 50,000 picks through
    // `by-expert` to sort them took 0.45–1.1 s in Chromium. The id breaks ties so paging never skips a
    // pick. An index only: every v2 record already has both fields, so no record changes. The
    // store comes from this transaction, so the step runs the same after step 1 created it.
    tx.objectStore('recommendations').createIndex('by-updatedAt', ['updatedAt', 'id']);
  }
  if (oldVersion < 4) {
    // Followed collections move here from storage.local, so a collection's record, its experts and
    // their picks change in one transaction. New store only. The records themselves are moved after
    // the upgrade (moveStoredCollections in utils/feed/followed-collections.ts): this callback cannot
    // wait for browser.storage without the upgrade transaction closing under it.
    db.createObjectStore('collections', { keyPath: 'id' });
    // Prices parsed before currency digits had one source, in today's minor units (utils/db/price-digits.ts).
    records = convertStoredPrices(tx);
  }
  if (oldVersion < 5) {
    // Picks move from one record each into chunks of up to PICKS_PER_CHUNK per expert, with a count per
    // expert (utils/db/pick-chunks.ts): 10,000 picks then cost 400 writes, not 10,000 (README,
    // "Database version 5"). The stores are made now; the records move once the steps before are
    // done, in this same transaction, and the old store goes last. A failure aborts the upgrade whole.
    const chunks = db.createObjectStore('pickChunks', { keyPath: 'key' });
    chunks.createIndex('by-product', 'productKeys', { multiEntry: true });
    chunks.createIndex('by-id', 'ids', { multiEntry: true });
    chunks.createIndex('by-updatedAt', 'stamps', { multiEntry: true });
    db.createObjectStore('pickCounts', { keyPath: 'expertId' });
    records = records ? records.then(() => movePicksIntoChunks(db, tx)) : movePicksIntoChunks(db, tx);
  }
  if (oldVersion < 6) {
    // Each saved item carries a copy of its product, each pick chunk its expert's card, so the Saved
    // tab's first rows and a product's picks are one indexed read each (README, "Database version 6").
    // No store or index changes. The saved items' copies are filled in here, once the steps before
    // are done. The chunks' cards are not: rewriting every chunk (100,000 picks: 27-33 s in Chromium)
    // would hold the database that long; a chunk without a card is read with its expert's record
    // until `fillMissingCards` (after the open, one expert per transaction) or a write gives it one.
    records = records ? records.then(() => fillSavedCopies(tx)) : fillSavedCopies(tx);
  }
  records?.catch((error: unknown) => {
    console.error('[haowu] database upgrade failed; nothing of it is kept', error);
    tx.abort();
  });
}

/** Version 5's move: every pick of the old store, grouped by expert, into chunks. */
async function movePicksIntoChunks(db: UpgradeDb, tx: UpgradeTx): Promise<void> {
  const old = await tx.objectStore('recommendations').getAll();
  const byExpert = new Map<string, RecommendationRecord[]>();
  for (const pick of old) byExpert.set(pick.expertId, [...(byExpert.get(pick.expertId) ?? []), pick]);
  const chunks = tx.objectStore('pickChunks');
  const counts = tx.objectStore('pickCounts');
  const writes: Promise<unknown>[] = [];
  for (const [expertId, picks] of byExpert) {
    // No card, as version 5 wrote them: fillMissingCards gives them their experts' after the open.
    for (let i = 0; i < picks.length; i += PICKS_PER_CHUNK) writes.push(chunks.put(chunkOf(expertId, i / PICKS_PER_CHUNK, picks.slice(i, i + PICKS_PER_CHUNK), undefined)));
    writes.push(counts.put({ expertId, picks: picks.length }));
  }
  await Promise.all(writes);
  db.deleteObjectStore('recommendations');
}

/** Version 6's step: every saved item's product copy, from the products as they stand. */
async function fillSavedCopies(tx: UpgradeTx): Promise<void> {
  const saved = await tx.objectStore('saved').getAll();
  const products = await Promise.all(saved.map((item) => tx.objectStore('products').get(item.productKey)));
  await Promise.all(saved.map((item, i) => tx.objectStore('saved').put(storedSaved(item, products[i]))));
}

export interface OpenOptions {
  name?: string;
  /** Called when this connection closed itself so a newer version (another context) can upgrade. */
  onClose?: () => void;
}

export async function openHaowuDb({ name = DB_NAME, onClose }: OpenOptions = {}): Promise<HaowuDb> {
  const db: HaowuDb = await openDB<HaowuSchema>(name, DB_VERSION, {
    // The upgrade alone sees the layout before version 5 (UpgradeSchema): the same database, typed wider.
    upgrade: (database, oldVersion, _newVersion, tx) => upgrade(database as unknown as UpgradeDb, oldVersion, tx as unknown as UpgradeTx),
    blocked(currentVersion, blockedVersion) {
      // An older connection elsewhere has not closed yet; it will, on its `blocking` event.
      console.warn(`[haowu] database upgrade ${currentVersion}→${blockedVersion} waits for other tabs to close it`);
    },
    blocking() {
      db.close();
      onClose?.();
    },
    terminated() {
      onClose?.();
    },
  });
  return db;
}

/**
 * One lazily opened connection, reopened after it closed for an upgrade or was terminated. The
 * background holds one of these for its lifetime. Before handing the database out, collections still
 * in storage.local (written before version 4) are moved in: a step that is safe to repeat, so one
 * cut off is finished by the next open.
 */
export function createDbConnection(options: Omit<OpenOptions, 'onClose'> = {}) {
  let pending: Promise<HaowuDb> | undefined;
  const forget = () => {
    pending = undefined;
  };
  return {
    get(): Promise<HaowuDb> {
      pending ??= openHaowuDb({ ...options, onClose: forget })
        .then(async (db) => {
          await moveStoredCollections(db).catch((error: unknown) => console.warn('[haowu] followed collections stay in storage.local for now', error));
          // Not awaited: chunks upgraded from version 5 read correctly meanwhile, only with one request more.
          // Once every expert's chunks were filled, not again (cards-filled.ts).
          void fillMissingCardsOnce(db).catch((error: unknown) => console.warn('[haowu] some pick chunks have no expert card yet', error));
          return db;
        })
        .catch((error: unknown) => {
        forget();
        throw error;
      });
      return pending;
    },
    async close(): Promise<void> {
      const current = pending;
      forget();
      (await current?.catch(() => undefined))?.close();
    },
  };
}
export type DbConnection = ReturnType<typeof createDbConnection>;
