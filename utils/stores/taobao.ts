import { toHttpsUrl } from '../canonical-url';
import { cleanText, firstAttr, firstPrice, firstText } from '../page-text';
import { inlineScriptContaining, jsLiteralField } from '../script-data';
import { CURRENT_AREA, CURRENT_IMAGE, CURRENT_PRICE, CURRENT_SHOP, CURRENT_TITLE } from './alibaba-layout';
import { readIceProduct } from './ice-app-context';
import { layered } from './layered-fields';
import { matchTaobaoUrl } from './product-urls';
import type { PageFields, Store, UrlMatch } from './store';

/** The store's own markup, old layouts and current ones (hashed class names). */
function readMarkup(document: Document, url: URL): PageFields {
  const shop = firstAttr(document, ['.tb-shop-name a[title]', '.shop-name a[title]', '.shop-name-title[title]'], ['title']) ?? firstText(document, CURRENT_SHOP);
  return {
    title: firstAttr(document, ['.tb-main-title[data-title]'], ['data-title']) ?? firstText(document, ['.tb-main-title', ...CURRENT_TITLE, '.tb-detail-hd h1']),
    price: firstPrice(document, ['#J_PromoPriceNum', '#J_StrPrice .tb-rmb-num', '.tb-rmb-num', ...CURRENT_PRICE], 'CNY'),
    imageUrl: toHttpsUrl(firstAttr(document, ['#J_ImgBooth', ...CURRENT_IMAGE], ['src', 'data-src']), url),
    shopName: shop,
  };
}

/** The older page's g_config (an object literal, not JSON): read only when the markup lacks something. */
function readGConfig(document: Document, url: URL): PageFields | null {
  const gConfig = inlineScriptContaining(document, 'g_config');
  if (!gConfig) return null;
  const field = (name: string): string | null => cleanText(jsLiteralField(gConfig, name), 500);
  return { title: field('title'), price: null, imageUrl: toHttpsUrl(field('pic'), url), shopName: field('shopName') };
}

// Current pages carry the item in their ICE context; the markup fills what it lacks, then g_config (see tmall.ts).
const read = (document: Document, match: UrlMatch, url: URL): PageFields =>
  layered(['inline-data', () => readIceProduct(document, match.productId, 'CNY', url)], ['markup', () => readMarkup(document, url)], ['inline-data', () => readGConfig(document, url)]);

export const taobao: Store = {
  platform: 'taobao',
  optIn: null,
  matchUrl: matchTaobaoUrl,
  read,
  titleSuffix: /\s*[-_–]\s*(?:淘宝网|淘宝|Taobao)\s*$/i,
  productArea: `#J_DetailMeta, .tb-item-info, #J_StrPriceModBox, ${CURRENT_AREA}`,
  examples: {
    product: [
      'https://item.taobao.com/item.htm?id=562283240178',
      'https://item.taobao.com/item.htm?spm=a230r.1.14.16.6b1b5f6eQm3V8n&id=562283240178&ns=1&abbucket=9#detail',
      'https://world.taobao.com/item/562283240178.htm',
      'https://h5.m.taobao.com/awp/core/detail.htm?id=562283240178',
      'https://m.intl.taobao.com/detail/detail.html?id=562283240178',
      // Mobile detail pages as shared in the wild (public READMEs and code).
      'https://main.m.taobao.com/security-h5-detail/home?id=808369265492&spm=a2141.7631565.tbshopmod-guess_your_like.808369265492&scm=1007.18373.317678.0&pvid=fdb854bd-99a3-4b65-955b-392bdf0c083e&fromNormal=true',
      'https://main.m.taobao.com/security-h5-detail/home?id=626255378669&ali_trackid=2:mm_121082340_1321900169_114538200278:1713270599_086_1174981851',
      'https://h5.m.taobao.com/awp/core/detail.htm?id=551047454198&umpChannel=libra-A9F9140EBD8F9031B980FBDD4B9038F4&u_channel=libra-A9F9140EBD8F9031B980FBDD4B9038F4&spm=a2141.8147851.1.1',
      'https://h5.m.taobao.com/awp/core/detail.htm?id=40597168510&ns=1&abbucket=0#detail',
    ],
    other: [
      'https://www.taobao.com/',
      'https://s.taobao.com/search?q=keyboard',
      'https://yikewaishe.taobao.com/',
      'https://shop64592671.taobao.com/search.htm',
      'https://cart.taobao.com/cart.htm',
      'https://item.taobao.com/item.htm',
      'https://world.taobao.com/',
      'https://h5.m.taobao.com/',
      'https://main.m.taobao.com/',
      'https://main.m.taobao.com/search/index.html?q=keyboard',
      'https://main.m.taobao.com/security-h5-detail/home',
      'https://main.m.taobao.com/security-h5-detail/home?id=abc',
      'https://h5.m.taobao.com/awp/core/detail.htm',
    ],
  },
};
