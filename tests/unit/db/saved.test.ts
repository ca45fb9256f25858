import { beforeEach, describe, expect, it } from 'vitest';
import type { HaowuDb } from '../../../utils/db/open';
import { recordProductSeen } from '../../../utils/db/products';
import { getSavedState, listSaved, removeSaved, restoreSaved, saveProduct } from '../../../utils/db/saved';
import { answerAndEndOrder, detected, freshDb, withoutGetAllRecords } from './helpers';

let db: HaowuDb;
beforeEach(async () => {
  db = await freshDb();
});

async function listsInPages() {
  await recordProductSeen(db, detected({ productId: '3' }), 1);
  // Two items share a savedAt to check the tie-break.
  const times = [5000, 1000, 3000, 3000, 4000, 2000, 6000];
  for (const [i, at] of times.entries()) await saveProduct(db, `tmall:${i}`, {}, at);
  const seen: string[] = [];
  let page = await listSaved(db, { limit: 3 });
  seen.push(...page.items.map((item) => item.saved.productKey));
  while (page.next) {
    page = await listSaved(db, { limit: 3, before: page.next });
    seen.push(...page.items.map((item) => item.saved.productKey));
  }
  expect(seen).toEqual(['tmall:6', 'tmall:0', 'tmall:4', 'tmall:3', 'tmall:2', 'tmall:5', 'tmall:1']);
  const all = await listSaved(db, { limit: 10 });
  expect(all.next).toBeNull();
  expect(all.items.find((item) => item.saved.productKey === 'tmall:3')?.product?.title).toBe('Linen shirt');
  expect(all.items.find((item) => item.saved.productKey === 'tmall:1')?.product).toBeNull();
}

describe('saved items', () => {
  it('saves once: saving again keeps the first item and its note, removing returns what was removed', async () => {
    const first = await saveProduct(db, 'tmall:1', { note: 'for mum', viaExpertId: 'fp-a' }, 1000);
    expect(first).toEqual({ added: true, item: { productKey: 'tmall:1', savedAt: 1000, note: 'for mum', viaExpertId: 'fp-a', updatedAt: 1000 } });
    // A tab that still showed "not saved" saves again: nothing is lost or toggled off.
    const again = await saveProduct(db, 'tmall:1', {}, 2000);
    expect(again).toEqual({ added: false, item: first.item });
    expect(await getSavedState(db, 'tmall:1')).toMatchObject({ note: 'for mum', savedAt: 1000 });
    expect(await removeSaved(db, 'tmall:1')).toEqual(first.item);
    expect(await getSavedState(db, 'tmall:1')).toBeNull();
  });

  it('removes and restores an item exactly as it was (undo)', async () => {
    await saveProduct(db, 'tmall:1', { note: 'gift' }, 1000);
    const removed = await removeSaved(db, 'tmall:1');
    expect(await getSavedState(db, 'tmall:1')).toBeNull();
    expect(await restoreSaved(db, removed!)).toMatchObject({ restored: true });
    expect(await getSavedState(db, 'tmall:1')).toEqual(removed);
    expect(await removeSaved(db, 'tmall:missing')).toBeNull();
  });

  it('does not let an undo overwrite a newer save of the same product', async () => {
    await saveProduct(db, 'tmall:1', { note: 'old' }, 1000);
    const removed = await removeSaved(db, 'tmall:1');
    await saveProduct(db, 'tmall:1', { note: 'new' }, 2000);
    expect(await restoreSaved(db, removed!)).toMatchObject({ restored: false, item: { note: 'new' } });
    expect(await getSavedState(db, 'tmall:1')).toMatchObject({ note: 'new' });
  });

  it('lists newest first, in pages that neither skip nor repeat items, with their products', listsInPages);

  withoutGetAllRecords('without getAllRecords (a cursor, as in Firefox)', () => it('lists the same pages', listsInPages));

  it("answers a page once its read answered, without waiting for the transaction's end to be reported", async () => {
    for (const [i, at] of [1000, 2000, 3000].entries()) await saveProduct(db, `tmall:${i}`, {}, at);
    expect(await answerAndEndOrder(db, (watched) => listSaved(watched, { limit: 2 }))).toEqual(['answered', 'transaction ended']);
  });

  it('keeps every item when many tabs save at once', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `jd:${i}`);
    await Promise.all(keys.map((key, i) => saveProduct(db, key, {}, 1000 + i)));
    const page = await listSaved(db, { limit: 100 });
    expect(page.items.map((item) => item.saved.productKey).sort()).toEqual([...keys].sort());
  });

  it('two tabs saving the same product at once leave one item, the first one', async () => {
    const results = await Promise.all([saveProduct(db, 'jd:1', { note: 'a' }, 1), saveProduct(db, 'jd:1', { note: 'b' }, 2)]);
    expect(results.map((r) => r.added)).toEqual([true, false]);
    expect(await getSavedState(db, 'jd:1')).toMatchObject({ note: 'a' });
  });
});
