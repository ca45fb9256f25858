import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { openHaowuDb, type HaowuDb } from '../../../utils/db/open';
import { PICKS_PER_CHUNK, PICK_STORES, chunkOf, walkNewestPicks } from '../../../utils/db/pick-chunks';
import { countRecommendationsByExpert, getPicksForProduct, getRecommendation, getRecommendationsByExpert, putRecommendations } from '../../../utils/db/recommendations';
import type { PickChunk, RecommendationRecord } from '../../../utils/db/schema';
import { OwnRecommendationInput, deleteOwnRecommendation, saveOwnRecommendation } from '../../../utils/expert/own-recommendations';
import { createExpertProfile } from '../../../utils/expert/profile';
import { updateSettings } from '../../../utils/settings';
import { detected } from '../db/helpers';

/*
 * Editing one of the expert's own picks reads and writes only the chunk holding it (issue 19: an edit
 * of one of 1,000 picks read all 40 chunks), and leaves the store as the whole-expert writer would.
 */

const NOW = Date.UTC(2025, 5, 1);
const CHUNKS = 4;
const PICKS = CHUNKS * PICKS_PER_CHUNK;

let db: HaowuDb;
let expertId: string;
let seeded: RecommendationRecord[];

const productId = (i: number) => String(700000 + i);
const product = (i: number) => detected({ productId: productId(i), canonicalUrl: `https://detail.tmall.com/item.htm?id=${productId(i)}`, title: `Thing ${i}` });

beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  db = await openHaowuDb();
  await updateSettings({ expertMode: true });
  expertId = (await createExpertProfile(db, { name: 'Mei' }, NOW)).expertId;
  seeded = Array.from({ length: PICKS }, (_, i) => ({
    id: `p-${String(i).padStart(4, '0')}`,
    expertId,
    productKey: product(i).key,
    snapshot: { title: `Thing ${i}`, imageUrl: null, price: null },
    reason: `Reason ${i}`,
    rating: 3,
    stockNote: null,
    tags: [],
    partnerLink: null,
    createdAt: NOW + i,
    updatedAt: NOW + i,
    expiresAt: null,
    deleted: false,
  }));
  await putRecommendations(db, seeded);
});

const edit = (i: number, fields: Partial<OwnRecommendationInput> = {}, now = NOW + 10_000) =>
  saveOwnRecommendation(db, OwnRecommendationInput.parse({ id: seeded[i]!.id, productKey: product(i).key, product: product(i), reason: 'Edited reason.', rating: 5, ...fields }), now);

const chunks = () => db.getAll('pickChunks');

/**
 * Counts the pick chunks the database hands out (values got, cursor steps) while it runs: every read
 * of the chunk store or its indexes goes through these methods (idb calls them on the real objects).
 */
function countChunkReads(): { readonly count: number } {
  const counter = { count: 0 };
  const watch = <T extends object>(proto: T, method: keyof T & string, storeName: (self: T) => string) => {
    const original = proto[method] as (...args: unknown[]) => IDBRequest;
    vi.spyOn(proto, method as never).mockImplementation(function (this: T, ...args: unknown[]) {
      const request = original.apply(this, args);
      if (storeName(this) === 'pickChunks')
        request.addEventListener('success', () => {
          const result: unknown = request.result;
          counter.count += Array.isArray(result) ? result.length : result ? 1 : 0;
        });
      return request;
    } as never);
  };
  for (const method of ['get', 'getAll', 'openCursor'] as const) {
    watch(IDBObjectStore.prototype, method, (store) => store.name);
    watch(IDBIndex.prototype, method, (index) => index.objectStore.name);
  }
  return counter;
}

describe('editing one own pick', () => {
  it('reads only the chunk holding it', async () => {
    expect(await chunks()).toHaveLength(CHUNKS);
    const reads = countChunkReads();
    await edit(2 * PICKS_PER_CHUNK + 3);
    expect(reads.count).toBe(1);
  });

  it('rewrites that chunk as the chunk writer builds it and leaves the others byte for byte', async () => {
    const before = await chunks();
    const i = 2 * PICKS_PER_CHUNK + 3;
    const saved = await edit(i);
    expect(saved).toMatchObject({ id: seeded[i]!.id, reason: 'Edited reason.', rating: 5, createdAt: NOW + i, updatedAt: NOW + 10_000, snapshot: seeded[i]!.snapshot });
    const after = await chunks();
    const holder = before.findIndex((chunk) => chunk.ids.includes(saved.id));
    after.forEach((chunk, n) => {
      if (n !== holder) expect(JSON.stringify(chunk)).toBe(JSON.stringify(before[n]));
    });
    const old = before[holder]!;
    const expected: PickChunk = chunkOf(expertId, old.key[1], old.picks.map((pick) => (pick.id === saved.id ? saved : pick)), old.expert);
    expect(JSON.stringify(after[holder])).toBe(JSON.stringify(expected));
    expect(after[holder]!.stamps).toContainEqual([NOW + 10_000, saved.id]);
  });

  it('reads back through every reader', async () => {
    const i = 3 * PICKS_PER_CHUNK + 1;
    const saved = await edit(i);
    expect(await getRecommendation(db, saved.id)).toEqual(saved);
    const theirs = await getRecommendationsByExpert(db, expertId);
    expect(theirs).toHaveLength(PICKS);
    expect(theirs.find((pick) => pick.id === saved.id)).toEqual(saved);
    expect(await countRecommendationsByExpert(db, expertId)).toBe(PICKS);
    const forProduct = await getPicksForProduct(db, product(i).key, NOW + 20_000);
    expect(forProduct.map((pick) => pick.recommendation)).toEqual([saved]);
    expect(forProduct[0]!.expert).toMatchObject({ id: expertId, displayName: 'Mei' });
    const tx = db.transaction('pickChunks', 'readonly');
    const newest = await walkNewestPicks(tx, undefined).next(2);
    expect(newest.picks.map((pick) => pick.id)).toEqual([saved.id, seeded[PICKS - 1]!.id]);
    await tx.done;
  });

  it('keeps refusing what the whole-expert path refuses: a deleted pick, another product', async () => {
    await deleteOwnRecommendation(db, seeded[5]!.id, NOW + 1000);
    await expect(edit(5)).rejects.toMatchObject({ code: 'not-found', detail: { reason: 'recommend.notYours' } });
    await expect(saveOwnRecommendation(db, OwnRecommendationInput.parse({ id: seeded[6]!.id, productKey: product(7).key, product: product(7), reason: 'Edited reason.', rating: 5 }), NOW + 2000)).rejects.toMatchObject({
      code: 'invalid-input',
      detail: { reason: 'recommend.cannotMove' },
    });
    expect((await getRecommendation(db, seeded[6]!.id))?.reason).toBe('Reason 6');
  });

  it('goes through the whole-expert writer when the chunk carries another card, which gives every chunk the expert’s', async () => {
    const tx = db.transaction(PICK_STORES, 'readwrite');
    const store = tx.objectStore('pickChunks');
    for (const chunk of await store.getAll()) await store.put({ ...chunk, expert: { ...chunk.expert!, displayName: 'Old name' } });
    await tx.done;
    const saved = await edit(1);
    expect((await chunks()).map((chunk) => chunk.expert?.displayName)).toEqual(Array(CHUNKS).fill('Mei'));
    expect(await getRecommendation(db, saved.id)).toEqual(saved);
  });
});
