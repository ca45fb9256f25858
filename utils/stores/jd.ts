import { toHttpsUrl } from '../canonical-url';
import { cleanText, firstAttr, firstPrice, firstText } from '../page-text';
import { inlineScriptContaining, jsLiteralField } from '../script-data';
import { layered } from './layered-fields';
import { matchJdUrl } from './product-urls';
import type { PageFields, Store, UrlMatch } from './store';

/** The product page's markup, the older layout and the 2026 one. */
function readMarkup(document: Document, match: UrlMatch, url: URL): PageFields {
  const id = match.productId ?? '';
  const shop = firstAttr(document, ['.J-hove-wrap .name a[title]', '.shopName .name a[title]', '.popbox-inner .mt h3 a[title]'], ['title']) ??
    firstText(document, ['.J-hove-wrap .name a', '.shopName .name a', '.popbox-inner .mt h3 a', '.shop-name', '#shopInfo .name']);
  return {
    title: firstText(document, ['.sku-name', '.sku-title-name', '#itemName', '.fn_goods_name', '#goodName']),
    // JD fills the price in after load: the price spans (`.price.J-p-ID`) of the older layout are empty in
    // the served HTML, and the 2026 layout renders `.product-price--main` (title `.sku-title-name`) late.
    // The 2026 layout comes first: its recommendations may still use `.p-price` for other products.
    price: firstPrice(
      document,
      ['.product-price--main .product-price--value', `.p-price .price.J-p-${id}`, '.summary-price .p-price .price', '.p-price .price', `.J-p-${id}`, '#jdPrice', '#specJdPrice', '#priceSale'],
      'CNY',
    ),
    imageUrl: toHttpsUrl(firstAttr(document, ['#spec-img', '#spec-n1 img', '.main-img img', '#firstImg'], ['data-origin', 'data-url', 'src']), url),
    shopName: shop,
  };
}

/** pageConfig.product (a JS object literal): name and picture when the markup lacks them. */
function readPageConfig(document: Document): PageFields | null {
  const script = inlineScriptContaining(document, 'pageConfig');
  if (!script) return null;
  const config = script.slice(Math.max(0, script.indexOf('product')));
  const image = jsLiteralField(config, 'src');
  return {
    title: cleanText(jsLiteralField(config, 'name')),
    price: null,
    imageUrl: image && /^jfs\//.test(image) ? `https://img14.360buyimg.com/n1/${image}` : null,
    shopName: null,
  };
}

const read = (document: Document, match: UrlMatch, url: URL): PageFields =>
  layered(['markup', () => readMarkup(document, match, url)], ['inline-data', () => readPageConfig(document)]);

export const jd: Store = {
  platform: 'jd',
  optIn: null,
  matchUrl: matchJdUrl,
  read,
  titleSuffix: /\s*[-_–]\s*(?:京东|京东国际|JD\.COM)\s*$/i,
  productArea: '.itemInfo-wrap, .product-intro, #itemInfo, .summary-price-wrap',
  examples: {
    product: [
      'https://item.jd.com/3888216.html',
      'https://item.jd.com/100012043978.html?cu=true&utm_source=kong&utm_medium=jingfen',
      'https://item.jd.hk/1962486.html',
      'https://npcitem.jd.hk/100009177424.html',
      'https://item.m.jd.com/product/100012043978.html',
    ],
    other: [
      'https://www.jd.com/',
      'https://search.jd.com/Search?keyword=huawei',
      'https://list.jd.com/list.html?cat=9987,653,655',
      'https://cart.jd.com/cart_index',
      'https://mall.jd.com/index-1000004259.html',
      'https://huawei.jd.com/',
      'https://item.jd.com/',
      'https://item.m.jd.com/',
    ],
  },
};
