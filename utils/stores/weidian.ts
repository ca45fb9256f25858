import { toHttpsUrl } from '../canonical-url';
import { firstAttr, firstPrice, firstText } from '../page-text';
import { matchWeidianUrl } from './product-urls';
import type { PageFields, Store, UrlMatch } from './store';

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
  matchUrl: matchWeidianUrl,
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
