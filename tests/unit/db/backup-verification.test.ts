import { beforeEach, describe, expect, it } from 'vitest';
import { exportBackup, importBackup } from '../../../utils/db/backup';
import type { HaowuDb } from '../../../utils/db/open';
import { verifiedHere } from '../../../utils/expert/verified';
import { freshDb } from './helpers';
import { expert } from './records';

/*
 * Issue 15, impersonation: the verified mark is for experts whose signed feed this browser checked.
 * A backup carries the other browser's feed state, so a restored expert must show as not verified
 * here, and its name is cleaned like every name.
 */

const VERIFIED_THERE = { lastFetchedAt: 5000, lastCheckedAt: 5000, lastAttemptAt: 4990, lastError: null, etag: '"v1"', lastModified: 'Tue, 01 Apr 2025 00:00:00 GMT', summary: '2 recommendations accepted' };

async function backupOf(...records: ReturnType<typeof expert>[]): Promise<string> {
  const other = await freshDb();
  const tx = other.transaction('experts', 'readwrite');
  await Promise.all([...records.map((record) => tx.store.put(record)), tx.done]);
  return JSON.stringify(await exportBackup(other, 6000));
}

let db: HaowuDb;
beforeEach(async () => {
  db = await freshDb();
});

describe('restoring experts from a backup', () => {
  it('an expert verified in the browser that wrote the backup is not verified here, and is refreshed in full', async () => {
    const there = expert({ feedStatus: VERIFIED_THERE });
    expect(verifiedHere(there)).toBe(true);
    await importBackup(db, await backupOf(there));
    const restored = (await db.get('experts', there.id))!;
    expect(verifiedHere(restored)).toBe(false);
    // Due at once, with no validator that could turn the next read into a 304 standing in for a verification.
    expect(restored.feedStatus).toMatchObject({ lastFetchedAt: null, lastCheckedAt: null, lastAttemptAt: null, etag: null, lastModified: null });
    // What the status says stays as information.
    expect(restored.feedStatus.summary).toBe('2 recommendations accepted');
    expect(restored).toMatchObject({ displayName: 'Alice', followed: true, feedUrl: there.feedUrl });
  });

  it('a restored name is cleaned of bidi controls and zero-width characters', async () => {
    await importBackup(db, await backupOf(expert({ displayName: 'Al\u200Bice\u202E' })));
    expect((await db.get('experts', 'fp-alice'))!.displayName).toBe('Alice');
  });

  it('a name with nothing visible refuses the backup, naming the record, and imports nothing', async () => {
    const text = await backupOf(expert({ id: 'fp-bob', displayName: 'Bob' }), expert({ displayName: '\u200B\u202E' }));
    await expect(importBackup(db, text)).rejects.toThrow(/experts\[\d\]\.displayName: must have a visible character/);
    expect(await db.count('experts')).toBe(0);
  });
});
