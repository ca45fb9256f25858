import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { PublishErrorCode, PublishOutcome, PublishStep } from './outcome';
import type { Language } from '../i18n/translate';
import { PublishTarget, secretBinding, type UploadTarget } from './target';
import { UploadedFiles } from './upload-plan';

/*
 * Where publishing keeps its settings: its own IndexedDB database, `haowu-publish`, in the
 * extension's origin (the background), like the signing key's `haowu-keys`.
 *
 * - Not `browser.storage.local`: every content script can read that, and a content script runs on
 *   store pages Haowu treats as hostile. A store page's script can never open this database (it
 *   would get the store's own IndexedDB).
 * - Not the `haowu` database: backups, exports and imports read that one; nothing here is ever in
 *   a backup, and nothing is synced (Haowu uses no storage.sync).
 * - The target (endpoint, bucket, folder, key id or user name, public address) sits beside the
 *   secret, not in storage.local, because it is no one else's business either and nothing but the
 *   background and the Studio (through privileged messages) needs it; one database also means one
 *   place to forget. The secret has its own object store, so reading the target never reads it, and
 *   forgetting it is one `clear`.
 * - The secret is bound to where it was saved for (kind, server, key id or user name, see
 *   `secretBinding`): a target saved with another server or account drops it, and a secret whose
 *   binding does not match the target is never used.
 */

export const PUBLISH_DB_NAME = 'haowu-publish';
const PUBLISH_DB_VERSION = 1;
const CURRENT = 'current';

/** The last publish, kept so the Studio can show how an automatic one went. No secret, no file list. */
export interface LastPublish {
  at: number;
  /** Started by a change (auto-publish) rather than by the expert. */
  auto: boolean;
  /** The window's language, which an automatic publish keeps (absent on records before it was kept). */
  language?: Language;
  status: 'live' | 'failed';
  liveUrl?: string;
  publishedAt?: string;
  code?: PublishErrorCode;
  step?: PublishStep;
  message?: string;
  file?: string;
}

interface TargetRecord {
  target: unknown;
  savedAt: number;
  lastPublish?: LastPublish;
  /**
   * What the last live publish put at the target (upload-plan.ts): the path and hash of every file,
   * no contents. Saving the target again drops it, so the next publish uploads everything. Kept as
   * its JSON text (records before it: the object itself): one string is stored and read back far
   * faster than thousands of small objects.
   */
  uploaded?: unknown;
}

interface SecretRecord {
  binding: string;
  secret: string;
  savedAt: number;
}

interface PublishSchema extends DBSchema {
  targets: { key: string; value: TargetRecord };
  secrets: { key: string; value: SecretRecord };
}

async function openPublishDb(): Promise<IDBPDatabase<PublishSchema>> {
  const db = await openDB<PublishSchema>(PUBLISH_DB_NAME, PUBLISH_DB_VERSION, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        database.createObjectStore('targets');
        database.createObjectStore('secrets');
      }
    },
    blocking() {
      db.close();
    },
  });
  return db;
}

// Used rarely (the Studio, a publish): open, use, close, so no connection outlives its use.
async function withPublishDb<T>(work: (db: IDBPDatabase<PublishSchema>) => Promise<T>): Promise<T> {
  const db = await openPublishDb();
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

export type StoredTarget =
  | { state: 'none' }
  /** Saved, but no longer valid (an older Haowu's rules, or damaged): the Studio asks to save it again. */
  | { state: 'invalid'; savedAt: number; lastPublish: LastPublish | null }
  | { state: 'ok'; target: PublishTarget; savedAt: number; lastPublish: LastPublish | null; secretStored: boolean };

const secretMatches = (target: PublishTarget, record: SecretRecord | undefined): record is SecretRecord =>
  target.kind !== 'zip' && record !== undefined && record.binding === secretBinding(target);

/** The saved target, and whether a secret for it is remembered (never the secret itself). */
export const getStoredTarget = (): Promise<StoredTarget> =>
  withPublishDb(async (db) => {
    const tx = db.transaction(['targets', 'secrets'], 'readonly');
    const [record, secret] = await Promise.all([tx.objectStore('targets').get(CURRENT), tx.objectStore('secrets').get(CURRENT)]);
    await tx.done;
    if (!record) return { state: 'none' };
    const parsed = PublishTarget.safeParse(record.target);
    const lastPublish = record.lastPublish ?? null;
    if (!parsed.success) return { state: 'invalid', savedAt: record.savedAt, lastPublish };
    return { state: 'ok', target: parsed.data, savedAt: record.savedAt, lastPublish, secretStored: secretMatches(parsed.data, secret) };
  });

/**
 * Saves a checked target, in one transaction with its secret:
 * - `secret` given and the target remembers secrets: stored, bound to this target's server and account;
 * - no secret given: the remembered one stays only if the target still remembers secrets and is for
 *   the same server and account; otherwise it is deleted.
 * The last publish is kept when the target's public address is unchanged.
 */
export const saveTarget = (target: PublishTarget, secret: string | undefined, now: number): Promise<{ secretStored: boolean }> =>
  withPublishDb(async (db) => {
    const tx = db.transaction(['targets', 'secrets'], 'readwrite');
    const targets = tx.objectStore('targets');
    const secrets = tx.objectStore('secrets');
    const [previous, previousSecret] = await Promise.all([targets.get(CURRENT), secrets.get(CURRENT)]);
    const sameAddress = previous !== undefined && (previous.target as { publicBaseUrl?: unknown }).publicBaseUrl === (target as { publicBaseUrl?: unknown }).publicBaseUrl;
    await targets.put({ target, savedAt: now, ...(sameAddress && previous.lastPublish && { lastPublish: previous.lastPublish }) }, CURRENT);
    let secretStored = false;
    if (target.kind !== 'zip' && target.rememberSecret && secret !== undefined) {
      await secrets.put({ binding: secretBinding(target), secret, savedAt: now }, CURRENT);
      secretStored = true;
    } else if (secretMatches(target, previousSecret) && target.kind !== 'zip' && target.rememberSecret) {
      secretStored = true;
    } else {
      await secrets.delete(CURRENT);
    }
    await tx.done;
    return { secretStored };
  });

/** The remembered secret for this target, or null (none, or saved for another server or account). Background only. */
export const getSecretFor = (target: UploadTarget): Promise<string | null> =>
  withPublishDb(async (db) => {
    const record = await db.get('secrets', CURRENT);
    return secretMatches(target, record) ? record.secret : null;
  });

/** Forgets the remembered secret; the target stays. True if there was one. */
export const forgetSecret = (): Promise<boolean> =>
  withPublishDb(async (db) => {
    const tx = db.transaction('secrets', 'readwrite');
    const had = (await tx.store.count()) > 0;
    await tx.store.clear();
    await tx.done;
    return had;
  });

/**
 * Forgets the target and its secret. What `Delete all data` must call (with the key database, this
 * is the one place outside the `haowu` database and storage.local that holds the user's data).
 */
export const forgetPublishing = (): Promise<boolean> =>
  withPublishDb(async (db) => {
    const tx = db.transaction(['targets', 'secrets'], 'readwrite');
    const had = (await tx.objectStore('targets').count()) > 0 || (await tx.objectStore('secrets').count()) > 0;
    await Promise.all([tx.objectStore('targets').clear(), tx.objectStore('secrets').clear()]);
    await tx.done;
    return had;
  });

/** The outcome of a publish, without its file list, as the target's last publish. */
export function lastPublishOf(outcome: PublishOutcome, at: number, auto: boolean, language: Language): LastPublish {
  if (outcome.status === 'live') return { at, auto, language, status: 'live', liveUrl: outcome.liveUrl, publishedAt: outcome.publishedAt };
  return { at, auto, language, status: 'failed', code: outcome.code, step: outcome.step, message: outcome.message, ...(outcome.file !== undefined && { file: outcome.file }) };
}

/*
 * The memory of the last live publish as last read or written here, by its stored text: publishing
 * again while the background lives reads the same text back, and checking a thousand paths and
 * hashes once more would cost more than the read. The value is never changed once made.
 */
let lastUploaded: { text: string; value: UploadedFiles } | null = null;

/** What the last live publish put at the saved target; null when unknown (or unreadable: then everything is uploaded). */
function uploadedOf(stored: unknown): UploadedFiles | null {
  if (typeof stored === 'string' && lastUploaded?.text === stored) return lastUploaded.value;
  let value: unknown = stored;
  if (typeof stored === 'string') {
    try {
      value = JSON.parse(stored);
    } catch {
      return null;
    }
  }
  const parsed = UploadedFiles.safeParse(value);
  if (!parsed.success) return null;
  if (typeof stored === 'string') lastUploaded = { text: stored, value: parsed.data };
  return parsed.data;
}

/** What a publish needs from this database, read at once: the target, its secret when remembered, and the memory of the last live publish. Background only. */
export interface PublishState {
  stored: StoredTarget;
  /** The remembered secret, only when it was saved for this target (`secretMatches`). */
  secret: string | null;
  uploaded: UploadedFiles | null;
}

export const readPublishState = (): Promise<PublishState> =>
  withPublishDb(async (db) => {
    const tx = db.transaction(['targets', 'secrets'], 'readonly');
    const [record, secret] = await Promise.all([tx.objectStore('targets').get(CURRENT), tx.objectStore('secrets').get(CURRENT)]);
    await tx.done;
    if (!record) return { stored: { state: 'none' }, secret: null, uploaded: null };
    const parsed = PublishTarget.safeParse(record.target);
    const lastPublish = record.lastPublish ?? null;
    if (!parsed.success) return { stored: { state: 'invalid', savedAt: record.savedAt, lastPublish }, secret: null, uploaded: null };
    const matches = secretMatches(parsed.data, secret);
    return {
      stored: { state: 'ok', target: parsed.data, savedAt: record.savedAt, lastPublish, secretStored: matches },
      secret: matches ? secret.secret : null,
      uploaded: uploadedOf(record.uploaded),
    };
  });

/**
 * Records how a publish went on the saved target and, after a live one, what is now at the target
 * (`uploaded`; null keeps the memory as it was: a failed publish leaves it), in one write. Nothing if
 * the target was removed meanwhile. Relaxed durability: lost in a crash, the memory is the one before,
 * whose feed the storage no longer serves, so the next publish uploads every file; nothing is wrong.
 */
export const recordPublish = (last: LastPublish, uploaded: UploadedFiles | null): Promise<void> =>
  withPublishDb(async (db) => {
    const tx = db.transaction('targets', 'readwrite', { durability: 'relaxed' });
    const record = await tx.store.get(CURRENT);
    const text = uploaded && JSON.stringify(uploaded);
    if (record) await tx.store.put({ ...record, lastPublish: last, ...(text !== null && { uploaded: text }) }, CURRENT);
    await tx.done;
    if (record && uploaded && text !== null) lastUploaded = { text, value: uploaded };
  });
