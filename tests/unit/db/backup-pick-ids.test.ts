import { beforeEach, describe, expect, it } from 'vitest';
import { backupErrorText } from '../../../components/popup/backup-error';
import { HaowuError, toErrorInfo } from '../../../utils/errors';
import { ALL_STRINGS, type StringKey } from '../../../utils/i18n/strings';
import { translate, type Params } from '../../../utils/i18n/translate';
import { exportBackup, importBackup, readAllData } from '../../../utils/db/backup';
import type { HaowuDb } from '../../../utils/db/open';
import { putRecommendations } from '../../../utils/db/recommendations';
import { freshDb, storedPicks } from './helpers';
import { expert, recommendation } from './records';

/*
 * A pick's id names one pick of one expert (cart lines and checkout find it by id alone). A backup made
 * or edited by hand could list an id Haowu holds under another expert: stored beside the first, the
 * id would name two picks. Such a file is refused whole, with the pick named.
 */

let db: HaowuDb;
beforeEach(async () => {
  db = await freshDb();
});

const file = (records: Record<string, unknown>) =>
  JSON.stringify({ format: 'haowu-backup', version: 2, schema: 5, exportedAt: '2025-01-01T00:00:00.000Z', products: [], experts: [], recommendations: [], saved: [], cart: [], ...records });

const bob = expert({ id: 'fp-bob', displayName: 'Bob' });

describe('a pick id under two experts', () => {
  it('is refused when the database holds the id under another expert, and nothing changes', async () => {
    const tx = db.transaction('experts', 'readwrite');
    await Promise.all([tx.store.put(expert()), tx.done]);
    await putRecommendations(db, [recommendation({ id: 'rec-1', expertId: 'fp-alice' })]);
    const before = await readAllData(db);

    const text = file({ experts: [bob], recommendations: [recommendation({ id: 'rec-2', expertId: 'fp-bob' }), recommendation({ id: 'rec-1', expertId: 'fp-bob', updatedAt: 5000 })] });
    await expect(importBackup(db, text)).rejects.toMatchObject({
      code: 'invalid-backup',
      detail: { reason: 'pick-of-other-expert', params: { where: 'recommendations[1].expertId' } },
      message: expect.stringContaining('recommendations[1]'),
    });
    expect(await readAllData(db)).toEqual(before);
    expect((await storedPicks(db)).filter((pick) => pick.id === 'rec-1')).toHaveLength(1);

    // Said in the UI language, the pick named.
    const refused = await importBackup(db, text).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HaowuError);
    const info = toErrorInfo(refused);
    const say = (language: 'en' | 'zh') => (key: StringKey, params?: Params) => translate(ALL_STRINGS, language, key, params);
    expect(backupErrorText(say('en'), info)).toContain('another expert than the one its id belongs to (recommendations[1].expertId)');
    expect(backupErrorText(say('zh'), info)).toContain('别的达人（recommendations[1].expertId）');
  });

  it('is refused when the file itself lists the id under two experts', async () => {
    const text = file({ experts: [expert(), bob], recommendations: [recommendation({ id: 'rec-1', expertId: 'fp-alice' }), recommendation({ id: 'rec-1', expertId: 'fp-bob' })] });
    await expect(importBackup(db, text)).rejects.toMatchObject({ code: 'invalid-backup', detail: { params: { where: 'recommendations[1]' } } });
    expect(await storedPicks(db)).toEqual([]);
  });

  it('is refused when the id is a feed pick’s that names another expert, whose next feed would store it again', async () => {
    const alice = 'ed25519:' + 'a'.repeat(32);
    const text = file({ experts: [bob], recommendations: [recommendation({ id: `${alice}/pick-1`, expertId: 'fp-bob' })] });
    await expect(importBackup(db, text)).rejects.toMatchObject({ detail: { reason: 'pick-of-other-expert', params: { where: 'recommendations[0].expertId' } }, message: expect.stringContaining(alice) });
    expect(await storedPicks(db)).toEqual([]);
    // Under the expert its id names, it imports.
    const own = file({ experts: [expert({ id: alice })], recommendations: [recommendation({ id: `${alice}/pick-1`, expertId: alice })] });
    expect((await importBackup(db, own)).recommendations.added).toBe(1);
  });

  it('is no obstacle to importing a file whose picks are the same expert’s again (a backup restored twice)', async () => {
    const tx = db.transaction('experts', 'readwrite');
    await Promise.all([tx.store.put(expert()), tx.done]);
    await putRecommendations(db, [recommendation({ id: 'rec-1' }), recommendation({ id: 'rec-2' })]);
    const text = JSON.stringify(await exportBackup(db, 1000, async () => ({}) as never));
    const summary = await importBackup(db, text);
    expect(summary.recommendations).toEqual({ added: 0, updated: 0, kept: 2 });
    // A second database holding other experts' picks takes the same file as new picks.
    const other = await freshDb();
    const otherTx = other.transaction('experts', 'readwrite');
    await Promise.all([otherTx.store.put(bob), otherTx.done]);
    await putRecommendations(other, [recommendation({ id: 'bob-1', expertId: 'fp-bob' })]);
    expect((await importBackup(other, text)).recommendations).toEqual({ added: 2, updated: 0, kept: 0 });
    expect((await storedPicks(other)).map((pick) => pick.id)).toEqual(['bob-1', 'rec-1', 'rec-2']);
  });
});
