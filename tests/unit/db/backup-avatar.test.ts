import { beforeEach, describe, expect, it } from 'vitest';
import { exportBackup, importBackup, parseBackup, readAllData } from '../../../utils/db/backup';
import type { HaowuDb } from '../../../utils/db/open';
import { ExpertRecord } from '../../../utils/db/schema';
import { MAX_AVATAR_DATA_URL_LENGTH } from '../../../utils/avatar/stored-avatar';
import { pngDataUrl, webpDataUrl } from '../avatar/images';
import { freshDb } from './helpers';
import { expert, restored } from './records';

const AVATAR = 'https://img.example/alice.png';
const b64 = (text: string) => Buffer.from(text).toString('base64');

let db: HaowuDb;
beforeEach(async () => {
  db = await freshDb();
});

const backupText = (experts: unknown[]) =>
  JSON.stringify({ format: 'haowu-backup', version: 1, exportedAt: '2025-01-01T00:00:00.000Z', products: [], experts, recommendations: [], saved: [], cart: [] });

const withCopy = (dataUrl: string | null, overrides: Partial<ExpertRecord> = {}) =>
  expert({ avatarUrl: AVATAR, avatarCopy: { sourceUrl: AVATAR, dataUrl, fetchedAt: 5000 }, ...overrides });

describe('the avatar copy in backups', () => {
  it('exports and imports a stored copy, and a recorded failure', async () => {
    const good = withCopy(webpDataUrl());
    const failed = withCopy(null, { id: 'fp-failed' });
    const source = await freshDb();
    await source.put('experts', good);
    await source.put('experts', failed);
    const text = JSON.stringify(await exportBackup(source));
    expect(parseBackup(text).experts.map((e) => e.avatarCopy)).toEqual(expect.arrayContaining([good.avatarCopy, failed.avatarCopy]));

    await importBackup(db, text);
    expect((await db.get('experts', good.id))?.avatarCopy).toEqual(good.avatarCopy);
    expect((await db.get('experts', 'fp-failed'))?.avatarCopy).toEqual({ sourceUrl: AVATAR, dataUrl: null, fetchedAt: 5000 });
  });

  it('imports an older backup whose experts have no copy', async () => {
    const old = expert({ avatarUrl: AVATAR });
    expect('avatarCopy' in old).toBe(false);
    await importBackup(db, backupText([old]));
    const stored = await db.get('experts', old.id);
    expect(stored).toEqual(restored(old));
    expect(stored?.avatarCopy).toBeUndefined();
  });

  it('refuses any copy that is not a small PNG or WebP data URL, naming the field, and imports nothing', async () => {
    for (const [dataUrl, why] of [
      [AVATAR, 'an https address'],
      ['http://img.example/alice.png', 'an http address'],
      ['javascript:alert(1)', 'a script'],
      [`data:image/svg+xml;base64,${b64('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')}`, 'an SVG'],
      [`data:text/html;base64,${b64('<script>alert(1)</script>')}`, 'HTML'],
      [pngDataUrl().replace(';base64,', ';base64,<>'), 'not base64'],
      [webpDataUrl().replace('data:image/webp', 'data:image/png'), 'WebP bytes called PNG'],
      [webpDataUrl(Math.ceil(MAX_AVATAR_DATA_URL_LENGTH / 4) * 3), 'too long'],
    ] as const) {
      await expect(importBackup(db, backupText([withCopy(dataUrl)])), why).rejects.toMatchObject({
        code: 'invalid-backup',
        message: expect.stringContaining('experts[0].avatarCopy.dataUrl'),
      });
    }
    await expect(importBackup(db, backupText([withCopy(webpDataUrl(), { avatarCopy: { sourceUrl: 'http://img.example/a.png', dataUrl: webpDataUrl(), fetchedAt: 1 } })]))).rejects.toMatchObject({
      message: expect.stringContaining('experts[0].avatarCopy.sourceUrl'),
    });
    await expect(importBackup(db, backupText([withCopy(webpDataUrl(), { avatarCopy: { sourceUrl: AVATAR, dataUrl: webpDataUrl() } as never })]))).rejects.toMatchObject({
      message: expect.stringContaining('experts[0].avatarCopy.fetchedAt'),
    });
    expect((await readAllData(db)).experts).toEqual([]);
  });

  it('keeps unknown fields of a copy out of the database: the file is refused, naming the field', async () => {
    const hostile = withCopy(webpDataUrl(), { avatarCopy: { sourceUrl: AVATAR, dataUrl: webpDataUrl(), fetchedAt: 1, original: 'https://tracker.example/p.gif' } as never });
    await expect(importBackup(db, backupText([hostile]))).rejects.toMatchObject({ code: 'invalid-backup', message: expect.stringContaining('experts[0].avatarCopy.original') });
    expect(await db.get('experts', hostile.id)).toBeUndefined();
  });
});
