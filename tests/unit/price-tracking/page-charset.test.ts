import { describe, expect, it } from 'vitest';
import { decodeServedPage, declaredCharset, headerCharset } from '../../../utils/price-tracking/page-charset';
import { readProductPage } from '../../../utils/price-tracking/run-checks';
import { readServedPage } from '../../../utils/price-tracking/served-page';
import { KETTLE_URL } from './kettle';

/*
 * A served page is read in its own charset (utils/price-tracking/page-charset.ts): a GBK store page's
 * text read as UTF-8 is mojibake.
 */

const ascii = (text: string) => [...new TextEncoder().encode(text)];
/** 电水壶 ("electric kettle") in GBK (and GB18030): two bytes a character, none of them valid UTF-8 here. */
const KETTLE_GBK = [0xb5, 0xe7, 0xcb, 0xae, 0xba, 0xf8];
const KETTLE_ZH = '电水壶';

/** A store page whose JSON-LD names the product 电水壶, in GBK bytes; `meta` is its head's charset declaration. */
function gbkPage(meta: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array([
    ...ascii(`<!DOCTYPE html><html><head>${meta}<title>`),
    ...KETTLE_GBK,
    ...ascii('</title><script type="application/ld+json">{"@type":"Product","name":"'),
    ...KETTLE_GBK,
    ...ascii('","sku":"WK-17-BL","offers":{"@type":"Offer","price":"49.90","priceCurrency":"EUR"}}</script></head><body><h1>'),
    ...KETTLE_GBK,
    ...ascii('</h1></body></html>'),
  ]);
}

describe('decodeServedPage', () => {
  it('decodes by the Content-Type charset', () => {
    expect(decodeServedPage(gbkPage(''), 'text/html; charset=GBK')).toContain(`"name":"${KETTLE_ZH}"`);
    expect(decodeServedPage(gbkPage(''), 'text/html;charset="gb18030"')).toContain(`"name":"${KETTLE_ZH}"`);
  });

  it('without one, by the charset the head declares (<meta charset> or http-equiv)', () => {
    expect(decodeServedPage(gbkPage('<meta charset="gbk">'), 'text/html')).toContain(`<h1>${KETTLE_ZH}</h1>`);
    expect(decodeServedPage(gbkPage('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'), null)).toContain(`<h1>${KETTLE_ZH}</h1>`);
  });

  it('the header wins over the <meta>, and a byte-order mark over both', () => {
    const utf8 = new TextEncoder().encode(`<html><head><meta charset="gbk"></head><body>${KETTLE_ZH}</body></html>`);
    expect(decodeServedPage(utf8, 'text/html; charset=utf-8')).toContain(KETTLE_ZH);
    expect(decodeServedPage(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]), 'text/html; charset=gbk')).toBe(new TextDecoder().decode(utf8));
  });

  it('reads UTF-8 when nothing names a charset, or only a label this runtime does not know, or a <meta> naming UTF-16', () => {
    const utf8 = new TextEncoder().encode(`<p>${KETTLE_ZH} €</p>`);
    expect(decodeServedPage(utf8, 'text/html')).toBe(`<p>${KETTLE_ZH} €</p>`);
    expect(decodeServedPage(utf8, 'text/html; charset=x-no-such-charset')).toBe(`<p>${KETTLE_ZH} €</p>`);
    const declared = new TextEncoder().encode(`<meta charset="utf-16"><p>${KETTLE_ZH}</p>`);
    expect(decodeServedPage(declared, null)).toContain(KETTLE_ZH);
  });

  it('headerCharset and declaredCharset read the label as written', () => {
    expect(headerCharset('text/html; charset=GBK')).toBe('GBK');
    expect(headerCharset('text/html')).toBeNull();
    expect(headerCharset(null)).toBeNull();
    expect(declaredCharset(new TextEncoder().encode('<head><meta charset=\'GB18030\'></head>'))).toBe('gb18030');
    expect(declaredCharset(new TextEncoder().encode('<head></head><body><meta charset="gbk">'))).toBeNull();
  });
});

describe('a background check of a GBK page', () => {
  const readWith = (bytes: Uint8Array<ArrayBuffer>, contentType: string) =>
    readProductPage(KETTLE_URL, {
      fetch: (async () => new Response(bytes, { status: 200, headers: { 'content-type': contentType } })) as unknown as typeof fetch,
      readPage: async (html, url) => readServedPage(html, url),
    });

  it('reads the title in the charset the Content-Type names', async () => {
    const reading = await readWith(gbkPage(''), 'text/html; charset=gbk');
    expect(reading).toMatchObject({ kind: 'product', product: { title: KETTLE_ZH } });
  });

  it('reads the title in the charset the page declares when the Content-Type names none', async () => {
    const reading = await readWith(gbkPage('<meta charset="gbk">'), 'text/html');
    expect(reading).toMatchObject({ kind: 'product', product: { title: KETTLE_ZH } });
  });
});
