import { describe, expect, it } from 'vitest';
import { requestPersistentStorage } from '../../../utils/db/persist';

function manager(persisted: boolean, grant: boolean) {
  const calls = { persist: 0 };
  return {
    calls,
    storage: {
      persisted: async () => persisted,
      persist: async () => {
        calls.persist++;
        return grant;
      },
    },
  };
}

describe('persistent storage', () => {
  it('asks once, and not again on the next start', async () => {
    const m = manager(false, false);
    expect(await requestPersistentStorage(m.storage)).toBe('denied');
    expect(await requestPersistentStorage(m.storage)).toBe('asked-before');
    expect(m.calls.persist).toBe(1);
  });

  it('reports granted and already-persisted storage without asking twice', async () => {
    expect(await requestPersistentStorage(manager(false, true).storage)).toBe('persisted');
    const already = manager(true, true);
    expect(await requestPersistentStorage(already.storage)).toBe('persisted');
    expect(already.calls.persist).toBe(0);
  });

  it('copes with contexts that lack StorageManager.persist (Chrome’s service worker)', async () => {
    expect(await requestPersistentStorage({})).toBe('unavailable');
    expect(await requestPersistentStorage(undefined)).toBe('unavailable');
  });
});
