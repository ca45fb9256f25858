import { toHttpsUrl } from '../canonical-url';
import { objectValuesAt, stringAt } from '../json-shape';
import { firstAttr, firstPrice, firstText, cleanText } from '../page-text';
import { priceFromDecimals } from '../price';
import { inlineScriptContaining, jsonAfter, jsLiteralField } from '../script-data';
import { CURRENT_AREA, CURRENT_IMAGE, CURRENT_PRICE, CURRENT_SHOP, CURRENT_TITLE } from './alibaba-layout';
import { readIceProduct } from './ice-app-context';
import { layered } from './layered-fields';
import { matchTmallUrl } from './product-urls';
import type { PageFields, Store, UrlMatch } from './store';

// The older desktop page passes its item data to TShop.Setup({...}); only a few fields are read from it.
function readTShopSetup(document: Document): unknown {
  const script = inlineScriptContaining(document, 'TShop.Setup(');
  return script ? jsonAfter(script, 'TShop.Setup(') : null;
}

function skuPriceRange(setup: unknown) {
  const prices = objectValuesAt(setup, 'valItemInfo', 'skuMap')
    .map((sku) => Number(stringAt(sku, 'price')))
    .filter((n) => Number.isFinite(n) && n > 0);
  return prices.length ? priceFromDecimals('CNY', Math.min(...prices), Math.max(...prices)) : null;
}

function safeDecode(text: string | undefined): string | null {
  try {
    return text ? cleanText(decodeURIComponent(text), 200) : null;
  } catch {
    return null;
  }
}

/** The store's own markup, old layouts and current ones (hashed class names). */
function readMarkup(document: Document, url: URL): PageFields {
  return {
    title: firstText(document, ['.tb-detail-hd h1', ...CURRENT_TITLE, '.main-title', '#J_DetailMeta h1']),
    // Tmall Global (tmall.hk) also prices in yuan.
    price: firstPrice(document, ['.tm-promo-price .tm-price', '#J_StrPriceModBox .tm-price', '.tm-price', ...CURRENT_PRICE], 'CNY'),
    imageUrl: toHttpsUrl(firstAttr(document, ['#J_ImgBooth', ...CURRENT_IMAGE, '.item-gallery img'], ['src', 'data-src']), url),
    shopName: firstText(document, ['.slogo-shopname strong', '.slogo-shopname', ...CURRENT_SHOP, '.shop-name', '.shopName']),
  };
}

/** The older desktop page's script data (TShop.Setup, g_config): parsed only when the markup lacks something. */
function readOldScripts(document: Document): PageFields {
  const setup = readTShopSetup(document);
  const gConfig = inlineScriptContaining(document, 'g_config');
  return {
    title: cleanText(stringAt(setup, 'itemDO', 'title')),
    price: skuPriceRange(setup),
    imageUrl: null,
    shopName: safeDecode(stringAt(setup, 'itemDO', 'sellerNickName')) ?? (gConfig ? safeDecode(jsLiteralField(gConfig, 'sellerNickName') ?? undefined) : null),
  };
}

// Current pages carry the item in their ICE context (server truth, whichever SKU the shopper clicks);
// the markup fills what it lacks, then the older pages' script data.
const read = (document: Document, match: UrlMatch, url: URL): PageFields =>
  layered(['inline-data', () => readIceProduct(document, match.productId, 'CNY', url)], ['markup', () => readMarkup(document, url)], ['inline-data', () => readOldScripts(document)]);

export const tmall: Store = {
  platform: 'tmall',
  optIn: null,
  matchUrl: matchTmallUrl,
  read,
  titleSuffix: /\s*[-_–]\s*(?:tmall\.com天猫|天猫Tmall\.com|tmall\.hk天猫国际|天猫国际|天猫超市|天猫)\s*$/i,
  productArea: `#J_DetailMeta, .tb-property, ${CURRENT_AREA}`,
  examples: {
    product: [
      'https://detail.tmall.com/item.htm?id=605258110430',
      'https://detail.tmall.com/item.htm?spm=a230r.1.14.6.3d1b6f1bYvZk3L&id=605258110430&ns=1&abbucket=12',
      'https://detail.tmall.com/item.htm?id=605258110430&skuId=4241372909671',
      'https://detail.tmall.hk/hk/item.htm?id=612043208437',
      'https://detail.tmall.hk/item.htm?id=612043208437',
      'https://chaoshi.detail.tmall.com/item.htm?id=520813250866',
      'https://world.tmall.com/item/605258110430.htm',
      'https://detail.m.tmall.com/item.htm?id=605258110430',
      // Mobile detail pages as shared in the wild (public code and comments).
      'https://detail.m.tmall.com/item.htm?ft=t&id=544094926521',
      'https://detail.m.tmall.com/item.htm?id=562561414780&ali_refid=a3_430733_1007:1151717226:N:1101_0_100:b1a301b57ce397507ff12442f92bedd6&ali_trackid=1_b1a301b57ce397507ff12442f92bedd6',
    ],
    other: [
      'https://www.tmall.com/',
      'https://list.tmall.com/search_product.htm?q=iphone',
      'https://suning.tmall.com/',
      'https://detail.tmall.com/item.htm',
      'https://detail.tmall.com/item.htm?id=abc',
      'https://cart.tmall.com/cart.htm',
      'https://chaoshi.tmall.com/',
      'https://detail.m.tmall.com/',
      'https://detail.m.tmall.com/item.htm',
      'https://detail.m.tmall.com/item.htm?id=',
    ],
  },
};
