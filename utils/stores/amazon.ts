import { toHttpsUrl } from '../canonical-url';
import { cleanText, firstAttr, firstPrice, firstText } from '../page-text';
import { matchAmazonUrl } from './product-urls';
import type { PageFields, Store, UrlMatch } from './store';

// Current layouts first (corePrice, priceToPay), then older price blocks, then the media accordion of
// books, whose selected format is the one coloured as the price.
const PRICE = [
  '#corePrice_feature_div .a-price .a-offscreen',
  '#corePriceDisplay_desktop_feature_div .priceToPay .a-offscreen',
  '.priceToPay .a-offscreen',
  '#priceblock_dealprice',
  '#priceblock_ourprice',
  '#priceblock_saleprice',
  '#price_inside_buybox',
  '#newBuyBoxPrice',
  '#mediaAccordion .a-accordion-active .header-price',
  '.header-price.a-color-price',
  '#kindle-price',
];

/** The largest image of `data-a-dynamic-image` (a JSON map of URL to size); the `src` is often inline base64. */
function dynamicImage(document: Document): string | null {
  const raw = firstAttr(document, ['#landingImage', '#imgBlkFront', '#ebooksImgBlkFront'], ['data-a-dynamic-image']);
  if (!raw) return null;
  try {
    const sizes = JSON.parse(raw) as unknown;
    if (typeof sizes !== 'object' || sizes === null) return null;
    return Object.keys(sizes)[0] ?? null;
  } catch {
    return null;
  }
}

function sellerName(document: Document): string | null {
  const profile = firstText(document, ['#sellerProfileTriggerId', '#tabular-buybox .tabular-buybox-text[tabular-attribute-name="Sold by"]']);
  if (profile) return profile;
  const merchant = cleanText(document.querySelector('#merchant-info')?.textContent);
  // "Ships from and sold by Amazon.com. Gift-wrap available." → Amazon.com
  return cleanText(merchant ? /sold by\s+(.+?)(?:\.\s|\.$|$)/i.exec(merchant)?.[1] : null, 200);
}

function read(document: Document, match: UrlMatch, url: URL): PageFields {
  return {
    title: firstText(document, ['#productTitle', '#ebooksProductTitle', '#title']),
    price: firstPrice(document, PRICE, match.currency),
    imageUrl: toHttpsUrl(firstAttr(document, ['#landingImage'], ['data-old-hires']) ?? dynamicImage(document), url),
    shopName: sellerName(document),
  };
}

export const amazon: Store = {
  platform: 'amazon',
  optIn: 'amazon',
  matchUrl: matchAmazonUrl,
  read,
  titleSuffix: /\s*:\s*Amazon\.[a-z.]+.*$/i,
  productArea: '#centerCol, #dp-container, #ppd',
  examples: {
    product: [
      'https://www.amazon.com/Node-js-Right-Way-Server-Side-JavaScript/dp/1937785734',
      'https://www.amazon.com/dp/B08N5WRWNW?ref_=ast_sto_dp&th=1&psc=1',
      'https://www.amazon.com/gp/product/B07FZ8S74R/ref=ppx_yo_dt_b_asin_title_o00_s00',
      'https://www.amazon.co.uk/dp/B08N5WRWNW',
      'https://www.amazon.de/Apple-iPhone-11-128-GB/dp/B07ZPKN6YR',
      'https://www.amazon.fr/dp/B07ZPKN6YR',
      'https://www.amazon.it/dp/B07ZPKN6YR',
      'https://www.amazon.es/dp/B07ZPKN6YR',
      'https://www.amazon.ca/dp/B07ZPKN6YR',
      'https://www.amazon.co.jp/dp/B07ZPKN6YR',
      'https://www.amazon.cn/dp/B07ZPKN6YR',
    ],
    other: [
      'https://www.amazon.com/',
      'https://www.amazon.com/s?k=node+js',
      'https://www.amazon.com/gp/cart/view.html',
      'https://www.amazon.com/b?node=283155',
      'https://www.amazon.com/stores/page/5A1B2C3D',
      'https://www.amazon.com/dp/',
    ],
  },
};
