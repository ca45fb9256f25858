import { describe, expect, it } from 'vitest';
import { keepOnlyParams, stripTrackingParams, toHttpsUrl } from '../../../utils/canonical-url';
import { registrableDomain } from '../../../utils/registrable-domain';

describe('registrableDomain', () => {
  it.each([
    ['item.jd.com', 'jd.com'],
    ['npcitem.jd.hk', 'jd.hk'],
    ['chaoshi.detail.tmall.com', 'tmall.com'],
    ['shop.example.co.uk', 'example.co.uk'],
    ['www.muji.com.cn', 'muji.com.cn'],
    ['www.amazon.co.jp', 'amazon.co.jp'],
    ['www.example-ceramics.com.au', 'example-ceramics.com.au'],
    ['WWW.Example-Shop.DE.', 'example-shop.de'],
    ['weidian.com', 'weidian.com'],
    ['localhost', 'localhost'],
    ['192.168.1.10', '192.168.1.10'],
  ])('%s → %s', (host, domain) => expect(registrableDomain(host)).toBe(domain));
});

describe('canonical URLs', () => {
  it('strips tracking parameters and the fragment, keeps what names the product', () => {
    const url = new URL('https://shop.example.com/p/kettle?spm=a.b&scm=1&pvid=x&ali_trackid=2:mm&utm_source=n&utm_campaign=c&fbclid=f&color=blue#reviews');
    expect(stripTrackingParams(url).href).toBe('https://shop.example.com/p/kettle?color=blue');
  });

  it('keeps only a store’s own id parameters, over https', () => {
    expect(keepOnlyParams(new URL('http://detail.tmall.com/item.htm?spm=x&id=1&skuId=2&ns=1'), ['id', 'skuId'])).toBe('https://detail.tmall.com/item.htm?id=1&skuId=2');
  });

  it('resolves image URLs to https and refuses others', () => {
    const page = new URL('https://item.jd.com/1.html');
    expect(toHttpsUrl('//img11.360buyimg.com/n1/a.jpg', page)).toBe('https://img11.360buyimg.com/n1/a.jpg');
    expect(toHttpsUrl('/img/a.jpg', page)).toBe('https://item.jd.com/img/a.jpg');
    expect(toHttpsUrl('http://img.example.com/a.jpg', page)).toBeNull();
    expect(toHttpsUrl('data:image/gif;base64,R0lGOD', page)).toBeNull();
    expect(toHttpsUrl('javascript:alert(1)', page)).toBeNull();
    expect(toHttpsUrl('  ', page)).toBeNull();
  });
});
