import { afterEach, describe, expect, it } from 'vitest';
import { detectProduct } from '../../../utils/detect-product';
import { iceResponse } from '../../../utils/stores/ice-app-context';
import { parsePage } from './load-page';

const TMALL = 'https://detail.tmall.com/item.htm?id=617129397971';
const TAOBAO = 'https://item.taobao.com/item.htm?id=617129397971';

/** ICE's <Data/> script, as the framework writes it, around `res`. */
const wrapped = (res: unknown): string =>
  `<script>!(function () {var a = window.__ICE_APP_CONTEXT__ || {};var b = ${JSON.stringify({ appData: null, loaderData: { home: { data: { res } } }, routePath: '/home', renderMode: 'SSR' })};for (var k in a) {b[k] = a[k]}window.__ICE_APP_CONTEXT__=b;})();</script>`;

const res = (priceVO: unknown, extra: Record<string, unknown> = {}) => ({
  item: { itemId: '617129397971', title: '苹果手表充电支架', images: ['//img.alicdn.com/imgextra/i2/main.jpg'] },
  seller: { shopName: '随行盾旗舰店' },
  componentsVO: { priceVO },
  ...extra,
});

const detect = (html: string, url = TMALL) => detectProduct(parsePage(`<html><head><title>x-tmall.com天猫</title></head><body>${html}</body></html>`), new URL(url));

describe('Tmall and Taobao: the ICE context in the page text', () => {
  afterEach(() => {
    delete (window as unknown as Record<string, unknown>).__ICE_APP_CONTEXT__;
  });

  it('reads title, price, image and shop from the wrapper script, on both stores', () => {
    const html = wrapped(res({ price: { priceText: '29.9', priceMoney: '2990', priceUnit: '￥' } }));
    for (const url of [TMALL, TAOBAO]) {
      expect(detect(html, url)).toMatchObject({
        productId: '617129397971',
        title: '苹果手表充电支架',
        price: { currency: 'CNY', minMinor: 2990, maxMinor: 2990 },
        imageUrl: 'https://img.alicdn.com/imgextra/i2/main.jpg',
        shopName: '随行盾旗舰店',
      });
    }
  });

  it('reads a plain assignment too (window.__ICE_APP_CONTEXT__ = {...})', () => {
    const context = { loaderData: { home: { data: { res: res({ price: { priceText: '12.80' } }) } } } };
    expect(detect(`<script>window.__ICE_APP_CONTEXT__ = ${JSON.stringify(context)};</script>`)?.price?.minMinor).toBe(1280);
  });

  it('never reads the page global, only the script text', () => {
    (window as unknown as Record<string, unknown>).__ICE_APP_CONTEXT__ = { loaderData: { home: { data: { res: res({ price: { priceText: '1.00' } }) } } } };
    expect(detect('<h1 class="mainTitle--x">markup title</h1>')).toMatchObject({ title: 'markup title', price: null });
  });

  it('takes the highlighted after-coupon price (extraPrice), not the price before it', () => {
    const priceVO = { extraPrice: { priceText: '1388', priceTitle: '券后' }, price: { priceText: '1578', priceTitle: '优惠前' } };
    expect(detect(wrapped(res(priceVO)))?.price).toEqual({ currency: 'CNY', minMinor: 138800, maxMinor: 138800 });
  });

  it('skips a struck-through or hidden extraPrice (older pages put the list price there)', () => {
    const struck = { price: { priceText: '35.31', priceTitle: '国庆价' }, extraPrice: { priceText: '48.11', lineThrough: 'true' } };
    expect(detect(wrapped(res(struck)))?.price?.minMinor).toBe(3531);
    const hidden = { price: { priceText: '35.31' }, extraPrice: { priceText: '48.11', hiddenPrice: 'true' } };
    expect(detect(wrapped(res(hidden)))?.price?.minMinor).toBe(3531);
  });

  it('gives a "from" price (起) as the range up to the highest SKU price of the same kind', () => {
    const priceVO = { extraPrice: { priceText: '143.5', priceDesc: '起' }, price: { priceText: '175.5', priceDesc: '起' } };
    const sku2info = {
      '0': { price: { priceText: '175.5' }, subPrice: { priceText: '143.5起' } },
      '6109794445837': { price: { priceText: '175.5' }, subPrice: { priceText: '143.5' } },
      '6109794445838': { price: { priceText: '186.7' }, subPrice: { priceText: '152.7' } },
      '6109794445839': { price: { priceText: '175.5' } },
    };
    expect(detect(wrapped(res(priceVO, { skuCore: { sku2info } })))?.price).toEqual({ currency: 'CNY', minMinor: 14350, maxMinor: 15270 });
  });

  it('reads a range written out, and the fen when there is no text', () => {
    expect(detect(wrapped(res({ price: { priceText: '99-199' } })))?.price).toEqual({ currency: 'CNY', minMinor: 9900, maxMinor: 19900 });
    expect(detect(wrapped(res({ price: { priceMoney: 2990 } })))?.price?.minMinor).toBe(2990);
  });

  it('prefers the context over the markup, which shows only the SKU the shopper clicked', () => {
    const html = `<div class="Price--root--a"><span class="Price--priceText--b">34.90</span></div>${wrapped(res({ price: { priceText: '29.9' } }))}`;
    expect(detect(html)?.price?.minMinor).toBe(2990);
  });

  it('ignores the context of another item (left in the page by in-page navigation)', () => {
    const html = `<h1 class="mainTitle--x">新商品</h1><span class="Price--priceText--b">88.00</span>${wrapped(res({ price: { priceText: '29.9' } }))}`;
    expect(detect(html, 'https://detail.tmall.com/item.htm?id=700000000001')).toMatchObject({ productId: '700000000001', title: '新商品', price: { minMinor: 8800 } });
  });

  it('keeps the parts of a good shape when another part has an unexpected one', () => {
    expect(detect(wrapped(res({ price: 'n/a', extraPrice: [1] }, { seller: 'nobody' })))).toMatchObject({ title: '苹果手表充电支架', price: null, shopName: null });
  });

  it('finds nothing in scripts that only mention the context or are not JSON, and gives up quickly on hostile ones', () => {
    expect(iceResponse(parsePage('<script>if (window.__ICE_APP_CONTEXT__) {"loaderData"}</script>'))).toBeNull();
    const hostile = `<script>__ICE_APP_CONTEXT__ ${'{"loaderData" '.repeat(20000)}</script>`;
    const started = performance.now();
    expect(iceResponse(parsePage(hostile))).toBeNull();
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
