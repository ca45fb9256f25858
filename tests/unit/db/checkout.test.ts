import { beforeEach, describe, expect, it } from 'vitest';
import { exportBackup, importBackup, deleteAllData } from '../../../utils/db/backup';
import { addToCart } from '../../../utils/db/cart';
import { listCheckout, listPurchases, markBought } from '../../../utils/db/checkout';
import { followExpert, listFollowedWithPickCounts, unfollowExpert } from '../../../utils/db/experts';
import type { HaowuDb } from '../../../utils/db/open';
import { recordProductSeen } from '../../../utils/db/products';
import { listOwnPicks, putRecommendations } from '../../../utils/db/recommendations';
import { listAllSaved, setSavedNote, saveProduct } from '../../../utils/db/saved';
import { detected, freshDb } from './helpers';
import { expert, recommendation } from './records';

let db: HaowuDb;
beforeEach(async () => {
  db = await freshDb();
  await recordProductSeen(db, detected({ productId: '600001' }), 100);
  await recordProductSeen(db, detected({ productId: '600002', title: 'Linen trousers', price: { currency: 'CNY', minMinor: 25900, maxMinor: 25900 } }), 100);
  await db.put('experts', expert());
  await putRecommendations(db, [recommendation(), recommendation({ id: 'rec-gone', productKey: 'tmall:600002', deleted: true })]);
});

describe('checkout lines', () => {
  it('come with product, live pick and expert; a retracted pick gives no link', async () => {
    await addToCart(db, { productKey: 'tmall:600001', quantity: 2, variant: 'M', viaRecommendationId: 'rec-1' }, 200);
    await addToCart(db, { productKey: 'tmall:600002', quantity: 1, variant: '', viaRecommendationId: 'rec-gone' }, 300);
    const lines = await listCheckout(db, 400);
    const byKey = new Map(lines.map((l) => [l.line.productKey, l]));
    expect(byKey.get('tmall:600001')).toMatchObject({ product: { title: 'Linen shirt' }, recommendation: { id: 'rec-1' }, expert: { displayName: 'Alice' } });
    expect(byKey.get('tmall:600002')).toMatchObject({ product: { title: 'Linen trousers' }, recommendation: null, expert: null });
    // An expired pick is not offered either.
    await putRecommendations(db, [recommendation({ expiresAt: 350, updatedAt: 2000 })]);
    expect((await listCheckout(db, 400)).find((l) => l.line.productKey === 'tmall:600001')?.recommendation).toBeNull();
  });

  it('mark as bought moves lines to purchases in one go, skipping lines already gone', async () => {
    await addToCart(db, { productKey: 'tmall:600001', quantity: 2, variant: 'M', viaRecommendationId: 'rec-1' }, 200);
    await addToCart(db, { productKey: 'tmall:600002', quantity: 1, variant: '' }, 300);
    const result = await markBought(
      db,
      [
        ['tmall:600001', 'M'],
        ['tmall:600001', 'gone'],
      ],
      500,
    );
    expect(result.missing).toBe(1);
    expect(result.purchases).toEqual([
      {
        id: JSON.stringify([500, 'tmall:600001', 'M']),
        productKey: 'tmall:600001',
        variant: 'M',
        store: 'tmall',
        quantity: 2,
        title: 'Linen shirt',
        unitPrice: { currency: 'CNY', minMinor: 19900, maxMinor: 19900 },
        viaRecommendationId: 'rec-1',
        viaExpertId: 'fp-alice',
        boughtAt: 500,
        updatedAt: 500,
      },
    ]);
    expect((await listCheckout(db)).map((l) => l.line.productKey)).toEqual(['tmall:600002']);
    await markBought(db, [['tmall:600002', '']], 600);
    expect((await listPurchases(db)).map((p) => p.productKey)).toEqual(['tmall:600002', 'tmall:600001']);
    await expect(markBought(db, [])).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('keeps purchases through a backup, and delete-all clears them', async () => {
    await addToCart(db, { productKey: 'tmall:600001', quantity: 1, variant: '' }, 200);
    await markBought(db, [['tmall:600001', '']], 500);
    const text = JSON.stringify(await exportBackup(db, 1000));
    await deleteAllData(db);
    expect(await listPurchases(db)).toEqual([]);
    const summary = await importBackup(db, text);
    expect(summary.purchases).toEqual({ added: 1, updated: 0, kept: 0 });
    expect(await listPurchases(db)).toHaveLength(1);
    // A backup from before purchases existed still imports.
    const old = JSON.parse(text) as Record<string, unknown>;
    delete old.purchases;
    expect((await importBackup(db, JSON.stringify(old))).purchases).toEqual({ added: 0, updated: 0, kept: 0 });
  });
});

describe('popup reads', () => {
  it('lists every saved item newest first with product and expert, and edits a note', async () => {
    await saveProduct(db, 'tmall:600001', { viaExpertId: 'fp-alice' }, 200);
    await saveProduct(db, 'tmall:600002', { viaExpertId: 'fp-unknown' }, 300);
    await saveProduct(db, 'tmall:999', {}, 400);
    const all = await listAllSaved(db);
    expect(all.map((i) => [i.saved.productKey, i.product?.title ?? null, i.expert?.displayName ?? null])).toEqual([
      ['tmall:999', null, null],
      ['tmall:600002', 'Linen trousers', null],
      ['tmall:600001', 'Linen shirt', 'Alice'],
    ]);
    expect(await setSavedNote(db, 'tmall:600001', 'for mum', 900)).toMatchObject({ note: 'for mum', updatedAt: 900 });
    await expect(setSavedNote(db, 'tmall:nope', 'x')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('counts picks per followed expert, and lists the user’s own picks', async () => {
    await followExpert(db, { id: 'fp-bob', kind: 'feed', displayName: 'Bob', bio: '', avatarUrl: null, feedUrl: null }, 5000);
    expect((await listFollowedWithPickCounts(db)).map((e) => [e.expert.id, e.picks])).toEqual([
      ['fp-bob', 0],
      ['fp-alice', 2],
    ]);
    await unfollowExpert(db, 'fp-bob');
    expect((await listFollowedWithPickCounts(db)).map((e) => e.expert.id)).toEqual(['fp-alice']);

    expect(await listOwnPicks(db)).toEqual([]);
    await db.put('experts', expert({ id: 'local-me', kind: 'local', displayName: 'Me', feedUrl: null }));
    await putRecommendations(db, [
      recommendation({ id: 'mine-1', expertId: 'local-me', updatedAt: 10 }),
      recommendation({ id: 'mine-2', expertId: 'local-me', updatedAt: 20 }),
      recommendation({ id: 'mine-3', expertId: 'local-me', deleted: true }),
    ]);
    const own = await listOwnPicks(db);
    expect(own.map((o) => [o.expert.id, o.recommendations.map((r) => r.id)])).toEqual([['local-me', ['mine-2', 'mine-1']]]);
  });
});

describe('messages for the popup and checkout', () => {
  it('are callable from Haowu’s own pages only', async () => {
    const { accessOf } = await import('../../../utils/messaging/register');
    for (const name of ['listAllSaved', 'setSavedNote', 'listCheckout', 'markBought', 'listPurchases', 'listExpertSummaries', 'listOwnPicks'] as const) {
      expect(accessOf(name), name).toBe('privileged');
    }
  });
});
