import { describe, expect, it } from 'vitest';
import { detectProduct } from '../../../utils/detect-product';
import { parsePage } from './load-page';

// Mobile detail pages: main.m.taobao.com (Taobao's and Tmall's items) and detail.m.tmall.com. They render
// in the browser from data fetched after load, so what the served page carries is its ICE context when
// the server filled one, else OpenGraph and <title>; the URL forms themselves are in the store modules'
// examples (tests/unit/detect/store-urls.test.ts).

const MAIN_M = 'https://main.m.taobao.com/security-h5-detail/home?ft=t&id=621473040411&fromNormal=true&spm=a2141.7631565';

const ice = (res: unknown): string =>
  `<script>!(function () {var a = window.__ICE_APP_CONTEXT__ || {};var b = ${JSON.stringify({ loaderData: { home: { data: { res } } }, renderMode: 'SSR' })};for (var k in a) {b[k] = a[k]}window.__ICE_APP_CONTEXT__=b;})();</script>`;

describe('Taobao and Tmall mobile detail pages', () => {
  it('reads main.m.taobao.com as a Taobao product page with a canonical address of its id', () => {
    const page = parsePage('<html><head><title>Type-C 数据线 1米</title></head><body><div id="ice-container"></div></body></html>');
    expect(detectProduct(page, new URL(MAIN_M))).toMatchObject({
      platform: 'taobao',
      productId: '621473040411',
      canonicalUrl: 'https://main.m.taobao.com/security-h5-detail/home?id=621473040411',
      title: 'Type-C 数据线 1米',
      price: null,
      storeDomain: 'taobao.com',
    });
  });

  it('reads the item from the ICE context when the server filled one', () => {
    const res = { item: { itemId: '621473040411', title: 'Type-C 数据线 1米', images: ['https://img.alicdn.com/i1/cable.jpg'] }, seller: { shopName: '某某数码店' }, componentsVO: { priceVO: { price: { priceText: '9.9' } } } };
    const page = parsePage(`<html><head><title>商品详情</title></head><body>${ice(res)}</body></html>`);
    expect(detectProduct(page, new URL(MAIN_M))).toMatchObject({
      title: 'Type-C 数据线 1米',
      price: { currency: 'CNY', minMinor: 990, maxMinor: 990 },
      imageUrl: 'https://img.alicdn.com/i1/cable.jpg',
      shopName: '某某数码店',
    });
  });

  it('an ICE shell rendered in the browser (no server data) leaves OpenGraph and <title> to speak', () => {
    const shell = '<script>!(function () {var a = window.__ICE_APP_CONTEXT__ || {};var b = {"appData":null,"loaderData":{"home":{"pageConfig":{}}},"routePath":"/home","matchedIds":["home"],"documentOnly":true,"renderMode":"CSR"};for (var k in a) {b[k] = a[k]}window.__ICE_APP_CONTEXT__=b;})();</script>';
    const page = parsePage(`<html><head><meta property="og:title" content="小米手环8"><meta property="og:image" content="https://img.alicdn.com/i2/band.jpg"></head><body>${shell}</body></html>`);
    expect(detectProduct(page, new URL('https://detail.m.tmall.com/item.htm?id=544094926521&ft=t'))).toMatchObject({
      platform: 'tmall',
      canonicalUrl: 'https://detail.m.tmall.com/item.htm?id=544094926521',
      title: '小米手环8',
      imageUrl: 'https://img.alicdn.com/i2/band.jpg',
      price: null,
    });
  });
});
