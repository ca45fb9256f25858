import { beforeEach, describe, expect, it } from 'vitest';
import { addToCart, listCart, listCartByStore, removeCartLine, updateCartLine } from '../../../utils/db/cart';
import type { HaowuDb } from '../../../utils/db/open';
import { recordProductSeen } from '../../../utils/db/products';
import { putRecommendations } from '../../../utils/db/recommendations';
import { MAX_CART_QUANTITY } from '../../../utils/db/schema';
import { detected, freshDb } from './helpers';
import { recommendation } from './records';

let db: HaowuDb;
beforeEach(async () => {
  db = await freshDb();
  await recordProductSeen(db, detected(), 1);
});

describe('cart', () => {
  it('adds a line with its store and pick, and adds up quantities for the same product and variant', async () => {
    await putRecommendations(db, [recommendation()]);
    const first = await addToCart(db, { productKey: 'tmall:600001', quantity: 1, variant: 'M', viaRecommendationId: 'rec-1' }, 1000);
    expect(first).toEqual({ productKey: 'tmall:600001', variant: 'M', store: 'tmall', quantity: 1, addedAt: 1000, viaRecommendationId: 'rec-1', updatedAt: 1000 });
    const second = await addToCart(db, { productKey: 'tmall:600001', quantity: 2, variant: 'M' }, 2000);
    expect(second).toMatchObject({ quantity: 3, addedAt: 1000, viaRecommendationId: 'rec-1', updatedAt: 2000 });
    await addToCart(db, { productKey: 'tmall:600001', quantity: 1, variant: 'L' }, 3000);
    expect((await listCart(db)).map((v) => [v.line.variant, v.line.quantity, v.product?.title])).toEqual([
      ['M', 3, 'Linen shirt'],
      ['L', 1, 'Linen shirt'],
    ]);
  });

  it('caps the quantity', async () => {
    await addToCart(db, { productKey: 'tmall:600001', quantity: MAX_CART_QUANTITY, variant: '' });
    expect((await addToCart(db, { productKey: 'tmall:600001', quantity: 5, variant: '' })).quantity).toBe(MAX_CART_QUANTITY);
  });

  it('derives the store of an unseen partner product from its key, and refuses an unseen other-site product', async () => {
    expect((await addToCart(db, { productKey: 'jd:77', quantity: 1, variant: '' })).store).toBe('jd');
    await expect(addToCart(db, { productKey: 'site:shop.example:9', quantity: 1, variant: '' })).rejects.toMatchObject({ code: 'not-found' });
    await recordProductSeen(db, detected({ platform: 'site', productId: 'shop.example:9', storeDomain: 'shop.example', canonicalUrl: 'https://shop.example/p/9' }));
    expect((await addToCart(db, { productKey: 'site:shop.example:9', quantity: 1, variant: '' })).store).toBe('shop.example');
  });

  it('refuses a pick that is not for this product, writing nothing', async () => {
    await putRecommendations(db, [recommendation({ id: 'rec-other', productKey: 'jd:5' })]);
    await expect(addToCart(db, { productKey: 'tmall:600001', quantity: 1, variant: '', viaRecommendationId: 'rec-other' })).rejects.toMatchObject({ code: 'not-found' });
    await expect(addToCart(db, { productKey: 'tmall:600001', quantity: 1, variant: '', viaRecommendationId: 'missing' })).rejects.toMatchObject({ code: 'not-found' });
    expect(await listCart(db)).toEqual([]);
  });

  it('indexes lines by store', async () => {
    await addToCart(db, { productKey: 'tmall:600001', quantity: 1, variant: '' });
    await addToCart(db, { productKey: 'jd:1', quantity: 1, variant: '' });
    await addToCart(db, { productKey: 'jd:2', quantity: 1, variant: '' });
    expect((await listCartByStore(db, 'jd')).map((l) => l.productKey)).toEqual(['jd:1', 'jd:2']);
    expect((await listCart(db)).map((v) => v.line.store)).toEqual(['jd', 'jd', 'tmall']);
  });

  it('updates and removes lines, returning the removed line', async () => {
    await addToCart(db, { productKey: 'tmall:600001', quantity: 1, variant: 'M' }, 1000);
    expect(await updateCartLine(db, ['tmall:600001', 'M'], 4, 2000)).toMatchObject({ quantity: 4, updatedAt: 2000 });
    await expect(updateCartLine(db, ['tmall:600001', 'XL'], 4)).rejects.toMatchObject({ code: 'not-found' });
    expect(await removeCartLine(db, ['tmall:600001', 'M'])).toMatchObject({ quantity: 4 });
    expect(await removeCartLine(db, ['tmall:600001', 'M'])).toBeNull();
    expect(await listCart(db)).toEqual([]);
  });

  it('counts every add when several tabs add the same product at once', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => addToCart(db, { productKey: 'tmall:600001', quantity: 1, variant: '' }, 1000 + i)));
    expect((await listCart(db))[0]?.line.quantity).toBe(10);
  });
});
