import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHaowuDb, type HaowuDb } from '../../../utils/db/open';
import { allPicks } from '../../../utils/db/pick-chunks';
import { expertCardOf, type RecommendationRecord } from '../../../utils/db/schema';
import type { DetectedProduct } from '../../../utils/product';

/** A new, empty IndexedDB for this test: no state leaks between tests. */
export function resetIndexedDb(): void {
  globalThis.indexedDB = new IDBFactory();
}

export async function freshDb(): Promise<HaowuDb> {
  resetIndexedDb();
  return openHaowuDb();
}

export function detected(overrides: Partial<DetectedProduct> = {}): DetectedProduct {
  const productId = overrides.productId ?? '600001';
  const platform = overrides.platform ?? 'tmall';
  return {
    platform,
    productId,
    key: `${platform}:${productId}`,
    canonicalUrl: `https://detail.tmall.com/item.htm?id=${productId}`,
    title: 'Linen shirt',
    price: { currency: 'CNY', minMinor: 19900, maxMinor: 19900 },
    imageUrl: 'https://img.alicdn.com/shirt.jpg',
    shopName: 'Linen House',
    storeDomain: 'tmall.com',
    ...overrides,
  };
}

/** Every stored pick (in version 5's chunks), by id: what reading the old `recommendations` store gave. */
export async function storedPicks(db: HaowuDb): Promise<RecommendationRecord[]> {
  const tx = db.transaction('pickChunks', 'readonly');
  const [picks] = await Promise.all([allPicks(tx), tx.done]);
  return picks;
}

/**
 * In which order a read's answer and the end of the transactions it opened were reported: a read that
 * answers once its requests answered says 'answered' before 'transaction ended' (issue 19: Chromium
 * reports a read-only transaction's end a while after its last request answered).
 */
export async function answerAndEndOrder(db: HaowuDb, read: (db: HaowuDb) => Promise<unknown>): Promise<string[]> {
  const order: string[] = [];
  const ended: Promise<unknown>[] = [];
  const watched = new Proxy(db, {
    get(target, property) {
      if (property !== 'transaction') return Reflect.get(target, property, target) as unknown;
      return (...args: Parameters<HaowuDb['transaction']>) => {
        const tx = target.transaction(...args);
        ended.push(tx.done.then(() => order.push('transaction ended')));
        return tx;
      };
    },
  });
  await read(watched);
  order.push('answered');
  await Promise.all(ended);
  return order;
}

/**
 * `body`'s tests run as in a browser without getAllRecords (nor getAllKeys' options), as Firefox is
 * today: the reads that use them where they exist (Chromium, fake-indexeddb) take their other path.
 */
export function withoutGetAllRecords(name: string, body: () => void): void {
  describe(name, () => {
    const proto = (globalThis as unknown as { IDBIndex: { prototype: Record<string, unknown> } }).IDBIndex.prototype;
    const original = proto.getAllRecords;
    beforeAll(() => {
      delete proto.getAllRecords;
    });
    afterAll(() => {
      proto.getAllRecords = original;
    });
    it('really reads without it', () => expect(typeof proto.getAllRecords).toBe('undefined'));
    body();
  });
}

/**
 * Database version 6's derived copies, checked against what they copy: every saved item's `product`
 * is its product record as stored (null when there is none), every pick chunk's `expert` the card of
 * its expert's record (null when there is none). A writer that forgets one leaves them apart.
 */
export async function expectCopiesInStep(db: HaowuDb): Promise<void> {
  const [saved, products, experts, chunks] = await Promise.all([db.getAll('saved'), db.getAll('products'), db.getAll('experts'), db.getAll('pickChunks')]);
  const product = new Map(products.map((record) => [record.key, record]));
  const expert = new Map(experts.map((record) => [record.id, record]));
  for (const item of saved) expect(item.product, `the product copy of saved ${item.productKey}`).toStrictEqual(product.get(item.productKey) ?? null);
  for (const chunk of chunks) {
    const record = expert.get(chunk.key[0]);
    expect(chunk.expert, `the expert card of chunk ${JSON.stringify(chunk.key)}`).toStrictEqual(record ? expertCardOf(record) : null);
  }
}
