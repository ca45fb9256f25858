import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ExpertFeedProfile } from '../feed/schema';

/*
 * The expert's signing key lives in its own IndexedDB database, `haowu-keys`, in the background's
 * (extension) origin, apart from the `haowu` database that backups, delete-all and the other
 * messages read. So no backup, export or list can ever pick it up by accident: only the functions
 * here open it, and only privileged handlers (Haowu's own pages) and publishing call them.
 *
 * The CryptoKey objects are stored as they are (IndexedDB structured-clones them). The private key
 * is extractable because the identity backup (utils/feed/identity.ts) must export it so the expert
 * can move to another browser; it is never sent to a content script or put in any message other
 * than the explicit, warned `exportIdentity`.
 */

export const KEY_DB_NAME = 'haowu-keys';
const KEY_DB_VERSION = 1;

export interface IdentityRecord {
  /** The public key's fingerprint (`ed25519:…`): the expert id. */
  expertId: string;
  /** Raw public key, base64url, as in a feed's `expert.publicKey`. */
  publicKey: string;
  keyPair: CryptoKeyPair;
  /** A copy of the profile, so it survives when the `haowu` database is cleared. */
  profile: ExpertFeedProfile;
  createdAt: number;
  updatedAt: number;
}

interface KeySchema extends DBSchema {
  identities: { key: string; value: IdentityRecord };
}

async function openKeyDb(): Promise<IDBPDatabase<KeySchema>> {
  const db = await openDB<KeySchema>(KEY_DB_NAME, KEY_DB_VERSION, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) database.createObjectStore('identities', { keyPath: 'expertId' });
    },
    blocking() {
      db.close();
    },
  });
  return db;
}

// Keys are used rarely (create, publish, back up): open, use, close, so no connection outlives its use.
async function withKeyDb<T>(work: (db: IDBPDatabase<KeySchema>) => Promise<T>): Promise<T> {
  const db = await openKeyDb();
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

/** The expert identity on this device, or null. Haowu keeps one. */
export const getIdentity = (): Promise<IdentityRecord | null> => withKeyDb(async (db) => (await db.getAll('identities'))[0] ?? null);

/** Stores the identity, replacing any other: one expert identity per device. */
export const putIdentity = (record: IdentityRecord): Promise<void> =>
  withKeyDb(async (db) => {
    const tx = db.transaction('identities', 'readwrite');
    await tx.store.clear();
    await tx.store.put(record);
    await tx.done;
  });
