import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { importBackup, readAllData, type BackupData } from '../../../utils/db/backup';
import type { HaowuDb } from '../../../utils/db/open';
import { cardOf } from '../../../utils/db/pick-chunks';
import { generateDataset } from '../../fixtures/generate-dataset';
import { freshDb } from './helpers';

/*
 * The import's result on the benchmark's own dataset (tests/bench/cases/database.ts: 100 experts,
 * 10,000 picks, 500 saved items, 50 cart lines, seed 7), into an empty database and into one holding
 * older and newer copies of part of it, is the result the import of commit 8918413 gave (issue 19's
 * faster import changed the order of its work, not what it writes). The digests below were taken by
 * this test on 8918413; each covers what readers see (every record, the picks in id order, the
 * purchases and collections), the merge summary, and the derived copies (every saved item's product
 * copy, every chunk's expert card, every expert's pick count), which are also checked here against
 * their originals.
 */

const SIZE = { experts: 100, recommendations: 10_000, saved: 500, cartLines: 50, seed: 7 };
const PAGES: Record<string, string> = {
  tmall: 'https://detail.tmall.com/item.htm?id=',
  taobao: 'https://item.taobao.com/item.htm?id=',
  jd: 'https://item.jd.com/',
  weidian: 'https://weidian.com/item.html?itemID=',
  pinduoduo: 'https://mobile.yangkeduo.com/goods.html?goods_id=',
};

/** The bench's dataset, partner links on each store's product pages as the bench writes them. */
function benchData(): BackupData {
  const data = generateDataset(SIZE);
  for (const pick of data.recommendations) {
    if (pick.partnerLink === null) continue;
    const [platform, id] = pick.productKey.split(':') as [string, string];
    pick.partnerLink = platform === 'jd' ? `${PAGES.jd}${id}.html?pid=${pick.id}` : `${PAGES[platform]}${id}&pid=${pick.id}`;
  }
  return data;
}

const fileOf = (data: Partial<BackupData>) =>
  JSON.stringify({ format: 'haowu-backup', version: 2, exportedAt: '2025-01-01T00:00:00.000Z', products: [], experts: [], recommendations: [], saved: [], cart: [], ...data });

/** What the database holds, as readers see it, with the derived copies checked against their originals. */
async function contents(db: HaowuDb): Promise<unknown> {
  const data = await readAllData(db);
  const [purchases, collections, saved, chunks, counts] = await Promise.all([db.getAll('purchases'), db.getAll('collections'), db.getAll('saved'), db.getAll('pickChunks'), db.getAll('pickCounts')]);
  const products = new Map(data.products.map((product) => [product.key, product]));
  const experts = new Map(data.experts.map((expert) => [expert.id, expert]));
  for (const item of saved) expect(item.product).toEqual(products.get(item.productKey) ?? null);
  for (const chunk of chunks) expect(chunk.expert).toEqual(cardOf(experts.get(chunk.key[0])));
  const perExpert = new Map<string, number>();
  for (const pick of data.recommendations) perExpert.set(pick.expertId, (perExpert.get(pick.expertId) ?? 0) + 1);
  expect(new Map(counts.map((count) => [count.expertId, count.picks]))).toEqual(perExpert);
  return { ...data, purchases, collections };
}

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

describe('the import on the benchmark’s dataset', () => {
  it('gives the result of the import before issue 19’s changes, into an empty database', { timeout: 240_000 }, async () => {
    const db = await freshDb();
    const summary = await importBackup(db, fileOf(benchData()));
    expect(summary.recommendations.added).toBe(10_000);
    expect(digest({ summary, contents: await contents(db) })).toBe('8fdf33e4c93fad0903d30063830eba92dbee025a061825343104c66eabe81410');
  });

  it('gives the result of the import before issue 19’s changes, into a database holding older and newer copies', { timeout: 240_000 }, async () => {
    const db = await freshDb();
    const data = benchData();
    // Every third record of each list is stored first, half of them newer than the file's copy (kept), half older (replaced).
    const part = <T extends { updatedAt: number }>(records: T[]) =>
      records.filter((_, i) => i % 3 === 0).map((record, i) => ({ ...record, updatedAt: record.updatedAt + (i % 2 === 0 ? 1000 : -1000) }));
    await importBackup(db, fileOf({ products: part(data.products), experts: part(data.experts), recommendations: part(data.recommendations), saved: part(data.saved), cart: part(data.cart) }));
    const summary = await importBackup(db, fileOf(data));
    expect(summary.recommendations.kept).toBeGreaterThan(0);
    expect(summary.recommendations.updated).toBeGreaterThan(0);
    expect(digest({ summary, contents: await contents(db) })).toBe('5af35d0913ff797fa4ac28078d29462c69ddf3929dca2d147a44431a32453166');
  });
});

describe('a bad record late in the benchmark’s file', () => {
  it('writes nothing, though the picks before it were put as their chunks filled, and names the record', { timeout: 240_000 }, async () => {
    const db = await freshDb();
    const data = benchData();
    await importBackup(db, fileOf({ products: data.products.slice(0, 100), experts: data.experts.slice(0, 10), recommendations: data.recommendations.filter((pick) => pick.expertId === data.experts[0]!.id) }));
    const before = await contents(db);
    const last = data.recommendations.length - 1;
    const badPick = { ...data, recommendations: data.recommendations.map((pick, i) => (i === last ? { ...pick, rating: 9 } : pick)) };
    await expect(importBackup(db, fileOf(badPick))).rejects.toMatchObject({ code: 'invalid-backup', message: expect.stringContaining(`recommendations[${last}].rating: must be between 1 and 5`) });
    expect(await contents(db)).toEqual(before);
    // The products are written after the picks: a bad last product undoes every chunk already put.
    const lastProduct = data.products.length - 1;
    const badProduct = { ...data, products: data.products.map((product, i) => (i === lastProduct ? { ...product, canonicalUrl: 'http://detail.tmall.com/x' } : product)) };
    await expect(importBackup(db, fileOf(badProduct))).rejects.toMatchObject({ code: 'invalid-backup', message: expect.stringContaining(`products[${lastProduct}].canonicalUrl`) });
    expect(await contents(db)).toEqual(before);
  });
});
