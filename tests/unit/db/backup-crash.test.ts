import { describe, expect, it } from 'vitest';
import { exportBackup, importBackup } from '../../../utils/db/backup';
import type { HaowuDb } from '../../../utils/db/open';
import { getSettings, updateSettings } from '../../../utils/settings';
import { generateDataset } from '../../fixtures/generate-dataset';
import { freshDb } from './helpers';
import { runStoppingAt } from './stop-worker';

/*
 * A backup import stopped by the service worker at every step (each IndexedDB request, each
 * storage.local call): the records land all together or not at all, and importing the same file
 * again (what the user does next) gives exactly what an import never stopped gives, settings too.
 */

async function everything(db: HaowuDb) {
  const names = ['products', 'experts', 'pickChunks', 'pickCounts', 'saved', 'cart', 'purchases', 'collections'] as const;
  const tx = db.transaction(names, 'readonly');
  const all = await Promise.all(names.map((name) => tx.objectStore(name).getAll()));
  return Object.fromEntries(names.map((name, i) => [name, all[i]]));
}

const collection = {
  id: 'https://lists.example/starter.json',
  url: 'https://lists.example/starter.json',
  name: 'Starter',
  description: null,
  curator: null,
  expertIds: [],
  followedAt: 5,
  status: { lastFetchedAt: 5, lastAttemptAt: 5, lastCheckedAt: 5, lastError: null, etag: null, lastModified: null, summary: null },
  updatedAt: 5,
};

describe('a backup import stopped at any step', () => {
  it('lands whole or not at all, and importing the file again repairs it', { timeout: 120_000 }, async () => {
    const generated = generateDataset({ experts: 3, recommendations: 12, saved: 4, cartLines: 2, seed: 11 });
    // Partner links have their own tests (partner-link.test.ts); here only the records' fate matters.
    const data = { ...generated, recommendations: generated.recommendations.map((pick) => ({ ...pick, partnerLink: null })) };
    // The file: another browser's records, one collection, and its settings (theme dark, Chinese).
    const source = await freshDb();
    await importBackup(source, JSON.stringify({ format: 'haowu-backup', version: 2, exportedAt: '2025-01-01T00:00:00.000Z', ...data, collections: [collection] }));
    await updateSettings({ theme: 'dark', language: 'zh' });
    const file = JSON.stringify(await exportBackup(source, Date.UTC(2025, 5, 1)));
    source.close();

    const setUp = async () => {
      await updateSettings({ theme: 'light', language: 'en' });
      const db = await freshDb();
      return { db, before: await everything(db), settings: await getSettings() };
    };

    const { db: cleanDb } = await setUp();
    const clean = await runStoppingAt(Infinity, () => importBackup(cleanDb, file));
    const done = await everything(cleanDb);
    const doneSettings = await getSettings();
    expect(doneSettings).toMatchObject({ theme: 'dark', language: 'zh' });
    expect(done['collections']).toHaveLength(1);
    cleanDb.close();

    for (let stopAt = 1; stopAt <= clean.steps; stopAt++) {
      const { db, before } = await setUp();
      const run = await runStoppingAt(stopAt, () => importBackup(db, file));
      expect(run.stopped, `stop at ${stopAt}`).toBe(true);
      expect([before, done], `records after a stop at ${stopAt}`).toContainEqual(await everything(db));
      // The user imports the file again.
      await importBackup(db, file);
      expect(await everything(db), `repaired after a stop at ${stopAt}`).toEqual(done);
      expect(await getSettings()).toEqual(doneSettings);
      db.close();
    }
  });
});
