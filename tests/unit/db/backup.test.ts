import { beforeEach, describe, expect, it } from 'vitest';
import { BACKUP_LIMITS, deleteAllData, exportBackup, importBackup, parseBackup, readAllData } from '../../../utils/db/backup';
import { DB_VERSION } from '../../../utils/db/open';
import { getSettings } from '../../../utils/settings';
import { addToCart, listCart } from '../../../utils/db/cart';
import type { HaowuDb } from '../../../utils/db/open';
import { recordProductSeen } from '../../../utils/db/products';
import { putRecommendations } from '../../../utils/db/recommendations';
import { getSavedState, saveProduct } from '../../../utils/db/saved';
import { generateDataset } from '../../fixtures/generate-dataset';
import { detected, freshDb } from './helpers';
import { expert, recommendation, restored } from './records';
import type { PurchaseRecord } from '../../../utils/db/schema';

const purchase = (id: string, overrides: Partial<PurchaseRecord> = {}): PurchaseRecord => ({
  id,
  productKey: 'tmall:600001',
  variant: '',
  store: 'tmall',
  quantity: 1,
  title: 'Linen shirt',
  unitPrice: null,
  viaRecommendationId: null,
  viaExpertId: null,
  boughtAt: 100,
  updatedAt: 100,
  ...overrides,
});

let db: HaowuDb;
beforeEach(async () => {
  db = await freshDb();
});

/** Another database holding just these experts. */
async function freshDbWith(...experts: ReturnType<typeof expert>[]): Promise<HaowuDb> {
  const other = await freshDb();
  const tx = other.transaction('experts', 'readwrite');
  await Promise.all([...experts.map((record) => tx.store.put(record)), tx.done]);
  return other;
}

async function seed(): Promise<void> {
  await recordProductSeen(db, detected(), 1000);
  const tx = db.transaction('experts', 'readwrite');
  await tx.store.put(expert());
  await tx.done;
  await putRecommendations(db, [recommendation()]);
  await saveProduct(db, 'tmall:600001', { note: 'gift', viaExpertId: 'fp-alice' }, 2000);
  await addToCart(db, { productKey: 'tmall:600001', quantity: 2, variant: 'M', viaRecommendationId: 'rec-1' }, 3000);
}

const backupText = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ format: 'haowu-backup', version: 1, exportedAt: '2025-01-01T00:00:00.000Z', products: [], experts: [], recommendations: [], saved: [], cart: [], ...overrides });

async function expectRejected(text: string, message: RegExp | string) {
  const before = await readAllData(db);
  await expect(importBackup(db, text)).rejects.toMatchObject({ code: expect.stringMatching(/invalid-backup|too-large/), message: typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message) });
  expect(await readAllData(db)).toEqual(before);
}

describe('export', () => {
  it('writes every record in the versioned format', async () => {
    await seed();
    const backup = await exportBackup(db, Date.UTC(2025, 5, 1));
    expect(backup).toMatchObject({ format: 'haowu-backup', version: 2, schema: DB_VERSION, exportedAt: '2025-06-01T00:00:00.000Z' });
    expect([backup.products, backup.experts, backup.recommendations, backup.saved, backup.cart].map((a) => a.length)).toEqual([1, 1, 1, 1, 1]);
    expect(parseBackup(JSON.stringify(backup))).toEqual({ ...backup, experts: backup.experts.map(restored) });
  });

  it('never includes fields the schema does not know, such as a private key', async () => {
    const tx = db.transaction('experts', 'readwrite');
    await tx.store.put({ ...expert({ kind: 'local', id: 'local-me' }), privateKey: 'SECRET' } as ReturnType<typeof expert>);
    await tx.done;
    const text = JSON.stringify(await exportBackup(db));
    expect(text).not.toContain('SECRET');
    expect(text).not.toContain('privateKey');
  });
});

describe('import', () => {
  it('never lowers the newest feed this browser accepted for an expert, so a restored backup opens no door to a rollback', async () => {
    const newest = Date.UTC(2025, 5, 2);
    const tx = db.transaction('experts', 'readwrite');
    await tx.store.put(expert({ feedStatus: { lastFetchedAt: newest, lastError: null, etag: null, publishedAt: newest }, updatedAt: 1000 }));
    await tx.done;
    // A newer record (renamed elsewhere) that knows only an older feed, and one that knows none.
    for (const publishedAt of [Date.UTC(2025, 4, 1), undefined]) {
      const older = expert({ displayName: 'Alice K.', feedStatus: { lastFetchedAt: null, lastError: null, etag: null, ...(publishedAt !== undefined && { publishedAt }) }, updatedAt: 5000 + (publishedAt ?? 0) });
      await importBackup(db, backupText({ experts: [older] }));
      const stored = await db.get('experts', 'fp-alice');
      expect(stored).toMatchObject({ displayName: 'Alice K.', feedStatus: { publishedAt: newest } });
    }
  });

  it('restores an export into an empty database', async () => {
    await seed();
    const text = JSON.stringify(await exportBackup(db));
    const data = await readAllData(db);
    await deleteAllData(db);
    expect(await readAllData(db)).toEqual({ products: [], experts: [], recommendations: [], saved: [], cart: [] });
    const summary = await importBackup(db, text);
    expect(summary.saved).toEqual({ added: 1, updated: 0, kept: 0 });
    expect(await readAllData(db)).toEqual({ ...data, experts: data.experts.map(restored) });
  });

  it('merges: newer updatedAt wins, older copies are kept out, nothing is duplicated', async () => {
    await seed();
    const saved = (await getSavedState(db, 'tmall:600001'))!;
    const text = backupText({
      saved: [
        { ...saved, note: 'newer note', updatedAt: saved.updatedAt + 1 },
        { productKey: 'jd:9', savedAt: 5, note: '', viaExpertId: null, updatedAt: 5 },
      ],
      recommendations: [recommendation({ reason: 'stale', updatedAt: 1 })],
    });
    const summary = await importBackup(db, text);
    expect(summary.saved).toEqual({ added: 1, updated: 1, kept: 0 });
    expect(summary.recommendations).toEqual({ added: 0, updated: 0, kept: 1 });
    expect((await getSavedState(db, 'tmall:600001'))?.note).toBe('newer note');
    expect((await readAllData(db)).recommendations[0]?.reason).toBe('Breathes well');
    // Importing the same file again changes nothing.
    expect((await importBackup(db, text)).saved).toEqual({ added: 0, updated: 0, kept: 2 });
    expect((await readAllData(db)).saved).toHaveLength(2);
  });

  it('names the record and field at fault, and changes nothing', async () => {
    await seed();
    const recs = Array.from({ length: 13 }, (_, i) => recommendation({ id: `r${i}`, rating: i === 12 ? 9 : 3 }));
    await expectRejected(backupText({ recommendations: recs }), 'recommendations[12].rating: must be between 1 and 5');
    await expectRejected(backupText({ saved: [{ productKey: 'tmall:1', savedAt: 'yesterday', note: '', viaExpertId: null, updatedAt: 1 }] }), 'saved[0].savedAt');
    await expectRejected(backupText({ recommendations: [recommendation({ partnerLink: 'http://evil.example/' })] }), 'recommendations[0].partnerLink');
    await expectRejected(backupText({ cart: [{ productKey: 'tmall:1', variant: '', store: 'tmall', quantity: 0, addedAt: 1, viaRecommendationId: null, updatedAt: 1 }] }), 'cart[0].quantity');
  });

  it('writes while checking, yet a file whose last record is bad changes nothing at all', async () => {
    // Import puts each record as soon as it passes; a bad one aborts the transaction, so everything
    // already put (new records and newer copies of stored ones, in every store) must roll back.
    await seed();
    await importBackup(db, backupText({ purchases: [purchase('p-1')] }));
    const everything = async () => ({ ...(await readAllData(db)), purchases: await db.getAll('purchases') });
    const before = await everything();
    const stored = before.saved[0]!;
    const data = generateDataset({ experts: 5, recommendations: 200, saved: 20, cartLines: 4, seed: 3 });
    const file = (last: object) =>
      backupText({
        ...data,
        saved: [{ ...stored, note: 'newer note', updatedAt: stored.updatedAt + 1 }, ...data.saved.filter((item) => item.productKey !== stored.productKey)],
        recommendations: [recommendation({ reason: 'a newer reason', updatedAt: 5000 }), ...data.recommendations.filter((pick) => pick.id !== 'rec-1')],
        purchases: [purchase('p-1', { updatedAt: 9000 }), purchase('p-2'), last],
      });
    for (const [last, message] of [
      [purchase('p-3', { quantity: 0 }), 'purchases[2].quantity: must be between 1 and'],
      [purchase('p-2'), 'purchases[2]: is the same record as purchases[1]'],
    ] as const) {
      await expect(importBackup(db, file(last))).rejects.toMatchObject({ code: 'invalid-backup', message: expect.stringContaining(message) });
      expect(await everything()).toEqual(before);
    }
    // The same file with a good last record goes in whole.
    const summary = await importBackup(db, file(purchase('p-3')));
    expect(summary.purchases).toEqual({ added: 2, updated: 1, kept: 0 });
    expect(summary.recommendations).toEqual({ added: 199, updated: 1, kept: 0 });
    expect((await getSavedState(db, stored.productKey))?.note).toBe('newer note');
  });

  it('applies the settings of a file, except the store opt-ins this browser must grant itself', async () => {
    const summary = await importBackup(db, backupText({ version: 2, settings: { theme: 'dark', language: 'zh', amazonOptIn: true, otherSitesOptIn: true, otherSiteOrigins: ['https://shop.example/*'] } }));
    expect(summary.settings).toBe(true);
    expect(await getSettings()).toMatchObject({ theme: 'dark', language: 'zh', amazonOptIn: false, otherSitesOptIn: false, otherSiteOrigins: [] });
    // A file without settings (format 1) leaves them alone.
    expect((await importBackup(db, backupText())).settings).toBe(false);
    expect((await getSettings()).theme).toBe('dark');
  });

  it('refuses a file listing the same record twice', async () => {
    await expectRejected(backupText({ recommendations: [recommendation(), recommendation({ reason: 'again' })] }), 'recommendations[1]: is the same record as recommendations[0]');
  });

  it('refuses truncated, foreign, future and oversized files, changing nothing', async () => {
    await seed();
    const full = JSON.stringify(await exportBackup(db));
    await expectRejected(full.slice(0, full.length / 2), 'not valid JSON');
    await expectRejected(JSON.stringify({ hello: 'world' }), 'not a Haowu backup');
    await expectRejected(JSON.stringify([1, 2]), 'not a Haowu backup');
    await expectRejected(backupText({ version: 3 }), 'newer Haowu');
    await expectRejected(backupText({ version: 2, schema: DB_VERSION + 1 }), 'Update Haowu');
    await expect(importBackup(db, backupText({ version: 3 }))).rejects.toMatchObject({ detail: { reason: 'newer' } });
    await expect(importBackup(db, full.slice(0, 100))).rejects.toMatchObject({ detail: { reason: 'not-json' } });
    await expectRejected(backupText({ products: undefined }), 'products');
    await expectRejected(' '.repeat(BACKUP_LIMITS.chars + 1), 'larger than');
  });

  it('refuses unknown fields (a hostile file, or one from a newer Haowu) instead of dropping them, and pollutes no prototype', async () => {
    const text = backupText({ saved: [{ productKey: 'jd:1', savedAt: 1, note: '', viaExpertId: null, updatedAt: 1 }] }).replace(
      '"productKey"',
      '"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"script":"<img src=x onerror=alert(1)>","productKey"',
    );
    await expectRejected(text, 'saved[0].__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(() => parseBackup(text)).toThrow('a field this Haowu does not know');
    // A field a newer Haowu would add to a record, deep inside it, and a whole new section.
    await expectRejected(backupText({ experts: [{ ...expert(), feedStatus: { ...expert().feedStatus, mirrors: ['https://m.example/'] } }] }), 'experts[0].feedStatus.mirrors');
    await expectRejected(backupText({ wishlists: [] }), '(wishlists)');
    // A setting a newer Haowu has, or a store it supports: named too, not reported as damage.
    await expect(importBackup(db, backupText({ version: 2, settings: { theme: 'dark', priceAlerts: true } }))).rejects.toMatchObject({ detail: { reason: 'unknown-field', params: { where: 'settings.priceAlerts' } } });
    await expect(importBackup(db, backupText({ version: 2, settings: { stores: { tmall: true, shopee: true } } }))).rejects.toMatchObject({ detail: { reason: 'unknown-field', params: { where: 'settings.stores.shopee' } } });
    await expect(importBackup(db, backupText({ version: 2, settings: { theme: 'purple' } }))).rejects.toMatchObject({ detail: { reason: 'invalid', params: { where: 'settings.theme' } } });
    await expect(importBackup(db, backupText({ wishlists: [] }))).rejects.toMatchObject({ detail: { reason: 'unknown-field', params: { where: 'wishlists' } } });
  });

  it('round-trips a feed status’s summary and error data; without it, or with data a newer Haowu wrote, the expert still imports', async () => {
    const feedStatus = {
      lastFetchedAt: 5,
      lastError: 'The feed’s server had a problem (503). Haowu will try again at the next refresh.',
      etag: null,
      summary: '1 of 2 recommendations skipped: invalid rating',
      summaryInfo: { total: 2, accepted: 1, skipped: 1, reasons: [{ code: 'invalid-field', field: 'rating', count: 1 }], retractions: 0, skippedRetractions: 0, retractionReasons: [] },
      lastErrorInfo: { code: 'http-server', params: { what: 'feed', status: 503 } },
    } satisfies ReturnType<typeof expert>['feedStatus'];
    const withData = expert({ feedStatus });
    const text = JSON.stringify(await exportBackup(await freshDbWith(withData)));
    // The summary and error data round-trip; when the feed was read, and its validators, are the other browser's (not kept).
    const here = restored(withData).feedStatus;
    expect(parseBackup(text).experts[0]?.feedStatus).toEqual(here);
    await importBackup(db, text);
    expect((await db.get('experts', withData.id))?.feedStatus).toEqual(here);

    const old = expert({ id: 'fp-old', feedStatus: { lastFetchedAt: null, lastError: 'Old English only.', etag: null } });
    const future = expert({ id: 'fp-future', feedStatus: { ...feedStatus, lastErrorInfo: { code: 'a-code-from-later' } } as never });
    await importBackup(db, backupText({ experts: [old, future] }));
    expect((await db.get('experts', 'fp-old'))?.feedStatus).toEqual(restored(old).feedStatus);
    // Unreadable data reads as none: the English beside it is shown, and the rest of the record is kept.
    expect((await db.get('experts', 'fp-future'))?.feedStatus).toEqual({ ...here, lastErrorInfo: null });
    await expectRejected(backupText({ experts: [expert({ id: 'fp-bad', feedStatus: { ...feedStatus, summary: 5 } as never })] }), 'experts[0].feedStatus.summary');
  });

  it('caps record counts', () => {
    const tooMany = Array.from({ length: BACKUP_LIMITS.cart + 1 }, (_, i) => ({ productKey: `jd:${i}`, variant: '', store: 'jd', quantity: 1, addedAt: 1, viaRecommendationId: null, updatedAt: 1 }));
    expect(() => parseBackup(backupText({ cart: tooMany }))).toThrow(/cart: has more cart lines than Haowu accepts/);
  });

  it('imports a generated dataset in one go', async () => {
    const data = generateDataset({ experts: 20, recommendations: 2000, saved: 300, cartLines: 15, seed: 7 });
    const summary = await importBackup(db, backupText(data));
    expect(summary.recommendations.added).toBe(2000);
    const stored = await readAllData(db);
    expect(stored.recommendations).toHaveLength(2000);
    expect(stored.saved).toHaveLength(300);
    expect(await listCart(db)).toHaveLength(15);
  });
});

describe('delete all', () => {
  it('empties every store', async () => {
    await seed();
    await deleteAllData(db);
    expect(await readAllData(db)).toEqual({ products: [], experts: [], recommendations: [], saved: [], cart: [] });
  });
});

describe('generateDataset', () => {
  it('is deterministic for a seed and valid against the backup schema', () => {
    const a = generateDataset({ experts: 5, recommendations: 50, saved: 10, cartLines: 3, seed: 1 });
    expect(generateDataset({ experts: 5, recommendations: 50, saved: 10, cartLines: 3, seed: 1 })).toEqual(a);
    expect(generateDataset({ experts: 5, recommendations: 50, saved: 10, cartLines: 3, seed: 2 })).not.toEqual(a);
    expect(() => parseBackup(backupText(a))).not.toThrow();
  });
});
