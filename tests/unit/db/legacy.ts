/*
 * The object-store layout of every released database version, frozen here by hand. The app's own
 * upgrade code may change; these must not, because users' databases were created with them.
 */

export interface IndexLayout {
  name: string;
  keyPath: string | string[];
  unique?: boolean;
  multiEntry?: boolean;
}
export interface StoreLayout {
  name: string;
  keyPath: string | string[];
  indexes: IndexLayout[];
}
export interface ReleasedVersion {
  version: number;
  stores: StoreLayout[];
  fixture: string;
}

/** Version 5's layout, which version 6 kept (it changed records only). */
const V5_STORES: StoreLayout[] = [
  { name: 'products', keyPath: 'key', indexes: [] },
  { name: 'experts', keyPath: 'id', indexes: [{ name: 'by-followedAt', keyPath: 'followedAt' }] },
  {
    name: 'pickChunks',
    keyPath: 'key',
    indexes: [
      { name: 'by-product', keyPath: 'productKeys', multiEntry: true },
      { name: 'by-id', keyPath: 'ids', multiEntry: true },
      { name: 'by-updatedAt', keyPath: 'stamps', multiEntry: true },
    ],
  },
  { name: 'pickCounts', keyPath: 'expertId', indexes: [] },
  { name: 'saved', keyPath: 'productKey', indexes: [{ name: 'by-savedAt', keyPath: ['savedAt', 'productKey'] }] },
  { name: 'cart', keyPath: ['productKey', 'variant'], indexes: [{ name: 'by-store', keyPath: 'store' }] },
  { name: 'purchases', keyPath: 'id', indexes: [{ name: 'by-boughtAt', keyPath: 'boughtAt' }] },
  { name: 'collections', keyPath: 'id', indexes: [] },
];

export const RELEASED_VERSIONS: ReleasedVersion[] = [
  {
    version: 1,
    fixture: 'tests/fixtures/db/v1.json',
    stores: [
      { name: 'products', keyPath: 'key', indexes: [] },
      { name: 'experts', keyPath: 'id', indexes: [{ name: 'by-followedAt', keyPath: 'followedAt' }] },
      {
        name: 'recommendations',
        keyPath: 'id',
        indexes: [
          { name: 'by-product', keyPath: 'productKey' },
          { name: 'by-expert', keyPath: 'expertId' },
        ],
      },
      { name: 'saved', keyPath: 'productKey', indexes: [{ name: 'by-savedAt', keyPath: ['savedAt', 'productKey'] }] },
      { name: 'cart', keyPath: ['productKey', 'variant'], indexes: [{ name: 'by-store', keyPath: 'store' }] },
    ],
  },
  {
    version: 2,
    fixture: 'tests/fixtures/db/v2.json',
    stores: [
      { name: 'products', keyPath: 'key', indexes: [] },
      { name: 'experts', keyPath: 'id', indexes: [{ name: 'by-followedAt', keyPath: 'followedAt' }] },
      {
        name: 'recommendations',
        keyPath: 'id',
        indexes: [
          { name: 'by-product', keyPath: 'productKey' },
          { name: 'by-expert', keyPath: 'expertId' },
        ],
      },
      { name: 'saved', keyPath: 'productKey', indexes: [{ name: 'by-savedAt', keyPath: ['savedAt', 'productKey'] }] },
      { name: 'cart', keyPath: ['productKey', 'variant'], indexes: [{ name: 'by-store', keyPath: 'store' }] },
      { name: 'purchases', keyPath: 'id', indexes: [{ name: 'by-boughtAt', keyPath: 'boughtAt' }] },
    ],
  },
  {
    version: 3,
    fixture: 'tests/fixtures/db/v3.json',
    stores: [
      { name: 'products', keyPath: 'key', indexes: [] },
      { name: 'experts', keyPath: 'id', indexes: [{ name: 'by-followedAt', keyPath: 'followedAt' }] },
      {
        name: 'recommendations',
        keyPath: 'id',
        indexes: [
          { name: 'by-product', keyPath: 'productKey' },
          { name: 'by-expert', keyPath: 'expertId' },
          { name: 'by-updatedAt', keyPath: ['updatedAt', 'id'] },
        ],
      },
      { name: 'saved', keyPath: 'productKey', indexes: [{ name: 'by-savedAt', keyPath: ['savedAt', 'productKey'] }] },
      { name: 'cart', keyPath: ['productKey', 'variant'], indexes: [{ name: 'by-store', keyPath: 'store' }] },
      { name: 'purchases', keyPath: 'id', indexes: [{ name: 'by-boughtAt', keyPath: 'boughtAt' }] },
    ],
  },
  {
    version: 4,
    fixture: 'tests/fixtures/db/v4.json',
    stores: [
      { name: 'products', keyPath: 'key', indexes: [] },
      { name: 'experts', keyPath: 'id', indexes: [{ name: 'by-followedAt', keyPath: 'followedAt' }] },
      {
        name: 'recommendations',
        keyPath: 'id',
        indexes: [
          { name: 'by-product', keyPath: 'productKey' },
          { name: 'by-expert', keyPath: 'expertId' },
          { name: 'by-updatedAt', keyPath: ['updatedAt', 'id'] },
        ],
      },
      { name: 'saved', keyPath: 'productKey', indexes: [{ name: 'by-savedAt', keyPath: ['savedAt', 'productKey'] }] },
      { name: 'cart', keyPath: ['productKey', 'variant'], indexes: [{ name: 'by-store', keyPath: 'store' }] },
      { name: 'purchases', keyPath: 'id', indexes: [{ name: 'by-boughtAt', keyPath: 'boughtAt' }] },
      { name: 'collections', keyPath: 'id', indexes: [] },
    ],
  },
  {
    version: 5,
    fixture: 'tests/fixtures/db/v5.json',
    stores: V5_STORES,
  },
  {
    // Version 6 changed records only (saved items' product copies, chunks' expert cards).
    version: 6,
    fixture: 'tests/fixtures/db/v6.json',
    stores: V5_STORES,
  },
];

const request = <T>(req: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

/** Creates a database exactly as a released version left it, with raw IndexedDB (no app code). */
export async function createLegacyDatabase(name: string, release: ReleasedVersion, records: Record<string, unknown[]>): Promise<void> {
  const open = indexedDB.open(name, release.version);
  open.onupgradeneeded = () => {
    for (const store of release.stores) {
      const created = open.result.createObjectStore(store.name, { keyPath: store.keyPath });
      for (const index of store.indexes) created.createIndex(index.name, index.keyPath, { unique: index.unique ?? false, multiEntry: index.multiEntry ?? false });
    }
  };
  const db = await request(open);
  const tx = db.transaction(Object.keys(records), 'readwrite');
  for (const [store, values] of Object.entries(records)) for (const value of values) tx.objectStore(store).put(value);
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

/** The layout of an open database, in the same shape as the frozen ones. */
export function layoutOf(db: IDBDatabase): StoreLayout[] {
  const tx = db.transaction([...db.objectStoreNames], 'readonly');
  return [...db.objectStoreNames].sort().map((name) => {
    const store = tx.objectStore(name);
    return {
      name,
      keyPath: store.keyPath ?? '(out-of-line)',
      indexes: [...store.indexNames].sort().map((indexName) => {
        const index = store.index(indexName);
        return { name: indexName, keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
      }),
    };
  });
}

export const normalise = (stores: StoreLayout[]): StoreLayout[] =>
  [...stores]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((store) => ({
      ...store,
      indexes: [...store.indexes]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((index) => ({ ...index, unique: index.unique ?? false, multiEntry: index.multiEntry ?? false })),
    }));
