import { describe, expect, it } from 'vitest';
import { productNotOfPage } from '../../../utils/background/page-product';
import { detectProduct } from '../../../utils/detect-product';
import { storeIdOf } from '../../../utils/overlay/store-visibility';
import { parsePrice } from '../../../utils/price';
import { readProduct } from '../../../utils/read-product';
import { registrableDomain, registrableDomainOf } from '../../../utils/registrable-domain';
import { domainsOfPage } from '../../../utils/stores/site-domain';

/** A store page with schema.org Product data, as any shop platform writes it. */
function productPage(url: string, name = 'Blue kettle'): Document {
  const data = { '@context': 'https://schema.org', '@type': 'Product', name, sku: 'WK-17', url, offers: { '@type': 'Offer', price: '39.90', priceCurrency: 'EUR' } };
  return new DOMParser().parseFromString(`<html><head><script type="application/ld+json">${JSON.stringify(data)}</script></head><body></body></html>`, 'text/html');
}

const detect = (url: string) => detectProduct(productPage(url), new URL(url), { otherSites: true });

describe('registrable domains come from the full Public Suffix List, private section included', () => {
  it.each([
    ['kettles.myshopify.com', 'kettles.myshopify.com'],
    ['evil-shop.myshopify.com', 'evil-shop.myshopify.com'],
    ['www.kettles.myshopify.com', 'kettles.myshopify.com'],
    ['kettles.github.io', 'kettles.github.io'],
    ['sklep.com.pl', 'sklep.com.pl'],
    ['www.inny-sklep.com.pl', 'inny-sklep.com.pl'],
    ['shop.kessel.co.at', 'kessel.co.at'],
    ['item.jd.com', 'jd.com'],
    ['detail.tmall.hk', 'tmall.hk'],
  ])('%s → %s', (host, domain) => expect(registrableDomainOf(host)).toBe(domain));

  it('names no registrable domain for a bare public suffix, an IP address or a single label; registrableDomain keeps them as their own', () => {
    for (const host of ['myshopify.com', 'github.io', 'com.pl', 'co.at', '127.0.0.1', '[::1]', 'localhost']) expect(registrableDomainOf(host)).toBeNull();
    expect(registrableDomain('myshopify.com')).toBe('myshopify.com');
    expect(registrableDomain('10.0.0.1')).toBe('10.0.0.1');
  });
});

describe('shops under one public suffix are different stores', () => {
  it.each([
    ['https://kettles.myshopify.com/products/wk-17', 'https://evil-shop.myshopify.com/products/wk-17'],
    ['https://kettles.github.io/shop/wk-17', 'https://other.github.io/shop/wk-17'],
    ['https://www.sklep.com.pl/p/wk-17', 'https://www.inny-sklep.com.pl/p/wk-17'],
    ['https://www.kessel.co.at/p/wk-17', 'https://www.topf.co.at/p/wk-17'],
  ])('%s and %s: other keys, other stores to hide, other cart groups', (a, b) => {
    const first = detect(a)!;
    const second = detect(b)!;
    expect(first.storeDomain).not.toBe(second.storeDomain);
    expect(first.key).not.toBe(second.key);
    // Hiding (settings.hiddenStores) and cart grouping (CartRecord.store) both use this store id.
    expect(storeIdOf(first)).not.toBe(storeIdOf(second));
    expect(storeIdOf(first)).toBe(first.storeDomain);
  });

  it('the background refuses a product that names the public suffix as its store (what the hand-written list said)', () => {
    const page = 'https://www.sklep.com.pl/p/wk-17';
    const product = detect(page)!;
    expect(productNotOfPage(product, page)).toBeNull();
    expect(product.key).toBe('site:sklep.com.pl/WK-17');
    expect(productNotOfPage({ ...product, storeDomain: 'com.pl', productId: 'com.pl/WK-17', key: 'site:com.pl/WK-17' }, page)).toMatch(/not the one this page shows/);
  });
});

describe('the content script, which has no suffix list, names the store as the background does', () => {
  it.each(['https://kettles.myshopify.com/products/wk-17', 'https://www.sklep.com.pl/p/wk-17', 'https://shop.example.co.uk/p/wk-17', 'https://kettles.github.io/shop/wk-17'])(
    '%s',
    (url) => {
      const host = new URL(url).hostname;
      // What the background answers to pageStoreDomain, handed to the content script's reader.
      const domainOf = domainsOfPage(host, registrableDomainOf(host));
      const inPage = readProduct(productPage(url), new URL(url), { otherSites: true, domainOf }).candidate;
      const background = detect(url);
      expect(inPage).toEqual(background);
      expect(productNotOfPage(background!, url)).toBeNull();
    },
  );

  it('detects no other store without a way to name domains, and none on a host that has no registrable domain', () => {
    const url = 'https://kettles.myshopify.com/products/wk-17';
    expect(readProduct(productPage(url), new URL(url), { otherSites: true }).candidate).toBeNull();
    expect(detect('https://myshopify.com/products/wk-17')).toBeNull();
  });

  it('a guess the background does not share only makes Haowu show less', () => {
    // amazonaws.com is registrable, but s3.amazonaws.com is a public suffix under it: the content script
    // takes bucket.s3.amazonaws.com for the page's store; the background does not, and refuses.
    const page = 'https://www.amazonaws.com/p/wk-17';
    const domainOf = domainsOfPage('www.amazonaws.com', 'amazonaws.com');
    const inPage = readProduct(productPage('https://bucket.s3.amazonaws.com/p/wk-17'), new URL(page), { otherSites: true, domainOf }).candidate!;
    expect(inPage.canonicalUrl).toBe('https://bucket.s3.amazonaws.com/p/wk-17');
    expect(productNotOfPage({ ...inPage, title: inPage.title ?? 'x' }, page)).toMatch(/not on this page’s store/);
  });
});

describe('an other store’s currency, from its country domain, when the page names none', () => {
  /** A page whose OpenGraph price names no currency, and whose shown price writes only a sign. */
  const pricedPage = (price: string) =>
    new DOMParser().parseFromString(`<html><head><meta property="og:type" content="product"><meta property="og:title" content="Hervidor azul"><meta property="product:price:amount" content="${price}"></head><body><h1>Hervidor azul</h1></body></html>`, 'text/html');
  const currencyAt = (url: string) => readProduct(pricedPage('19990'), new URL(url), { otherSites: true, domainOf: registrableDomainOf }).candidate?.price?.currency;

  it.each([
    ['https://www.tienda.cl/p/hervidor', 'CLP'],
    ['https://www.tienda.com.ar/p/hervidor', 'ARS'],
    ['https://www.tienda.com.co/p/hervidor', 'COP'],
    ['https://www.tienda.com.mx/p/hervidor', 'MXN'],
    ['https://www.loja.com.br/p/chaleira', 'BRL'],
    ['https://www.shop.com.sg/p/kettle', 'SGD'],
    ['https://www.magazin.ru/p/chainik', 'RUB'],
    ['https://www.obchod.cz/p/konvice', 'CZK'],
    // A bare .co is a company's address, not a Colombian shop's; an unknown country is priced in dollars.
    ['https://www.kettles.co/p/kettle', 'USD'],
    ['https://www.kettles.com/p/kettle', 'USD'],
  ])('%s → %s', (url, currency) => expect(currencyAt(url)).toBe(currency));

  it('reads a peso shop’s "$ 19.990" as pesos, not US dollars', () => {
    expect(parsePrice('$ 19.990', 'CLP')).toEqual({ currency: 'CLP', minMinor: 19990, maxMinor: 19990 });
    expect(parsePrice('$ 1.234,50', 'ARS')).toEqual({ currency: 'ARS', minMinor: 123450, maxMinor: 123450 });
    expect(parsePrice('US$ 19.99', 'CLP')).toEqual({ currency: 'USD', minMinor: 1999, maxMinor: 1999 });
  });
});
