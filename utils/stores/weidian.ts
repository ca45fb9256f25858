import { keepOnlyParams, toHttpsUrl } from '../canonical-url';
import { firstAttr, firstPrice, firstText } from '../page-text';
import { numericParam, type PageFields, type Store, type UrlMatch } from './store';

const HOSTS = new Set(['weidian.com', 'v.weidian.com']);

function matchUrl(url: URL): UrlMatch | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase();
  if (!HOSTS.has(host) || url.pathname !== '/item.html') return null;
  const id = numericParam(url, 'itemID', 'itemId', 'itemid');
  if (!id) return null;
  const canonical = new URL(keepOnlyParams(url, []));
  canonical.searchParams.set('itemID', id);
  return { platform: 'weidian', productId: id, canonicalUrl: canonical.href, storeDomain: 'weidian.com', currency: 'CNY' };
}

// Weidian item pages are rendered by script; these are the classes of its H5 item page. JSON-LD,
// OpenGraph and <title> (read by detectProduct after this) back them up.
function read(document: Document, _match: UrlMatch, url: URL): PageFields {
  return {
    title: firstText(document, ['.item-title', '.item-name', '.goods-title', 'h1']),
    price: firstPrice(document, ['.cur-price', '.item-price .price', '.item-price', '.goods-price'], 'CNY'),
    imageUrl: toHttpsUrl(firstAttr(document, ['.item-img img', '.swiper-slide img', '.goods-img img'], ['src', 'data-src']), url),
    shopName: firstText(document, ['.shop-name', '.shop-title', '.shop-info .name']),
  };
}

export const weidian: Store = {
  platform: 'weidian',
  optIn: null,
  matchUrl,
  read,
  titleSuffix: /\s*[-_–|]\s*微店\s*$/,
  productArea: '.item-info, .item-detail, .goods-info, #app',
  examples: {
    product: [
      'https://weidian.com/item.html?itemID=4451796612',
      'https://weidian.com/item.html?itemId=4451796612&spider_token=8e4c',
      'https://v.weidian.com/item.html?itemID=2750520304&wfr=wx',
    ],
    other: [
      'https://weidian.com/',
      'https://weidian.com/?userid=1623553577',
      'https://weidian.com/search/?keyword=tea',
      'https://weidian.com/item.html',
      'https://v.weidian.com/',
      'https://weidian.com/cart/index.php',
    ],
  },
};
