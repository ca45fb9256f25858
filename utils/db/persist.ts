import { storage } from 'wxt/utils/storage';

export type PersistOutcome = 'persisted' | 'denied' | 'unavailable' | 'asked-before';

const persistAsked = storage.defineItem<boolean>('local:persistentStorageAsked', { fallback: false, version: 1 });

/**
 * Asks the browser, once per install, not to evict Haowu's data under storage pressure: saved items
 * exist nowhere else. StorageManager.persist() exists only in window contexts (Firefox's background
 * page), not in Chrome's service worker; there it reports 'unavailable'.
 */
export async function requestPersistentStorage(manager: Partial<StorageManager> | undefined = globalThis.navigator?.storage): Promise<PersistOutcome> {
  if (typeof manager?.persist !== 'function') return 'unavailable';
  if (await manager.persisted?.()) return 'persisted';
  if (await persistAsked.getValue()) return 'asked-before';
  await persistAsked.setValue(true);
  return (await manager.persist()) ? 'persisted' : 'denied';
}
