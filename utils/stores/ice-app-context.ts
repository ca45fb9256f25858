import { toHttpsUrl } from '../canonical-url';
import { fieldOf, stringAt, valueAt } from '../json-shape';
import { cleanText } from '../page-text';
import { parsePrice, priceFromDecimals } from '../price';
import type { Price } from '../product';
import { balancedSlice } from '../script-data';
import type { PageFields } from './store';

/*
 * Tmall and Taobao detail pages since 2025 are built with Alibaba's ICE framework, which server-renders
 * the item, price and seller into an inline script (ICE's <Data/> element):
 *
 *   !(function () {var a = window.__ICE_APP_CONTEXT__ || {};var b = {"appData":null,"loaderData":
 *     {"home":{"data":{"res":{"item":{…},"seller":{…},"componentsVO":{"priceVO":{…}},…}}}}, …};
 *     for (var k in a) {b[k] = a[k]}window.__ICE_APP_CONTEXT__=b;})();
 *
 * The content script runs in an isolated world and cannot see window.__ICE_APP_CONTEXT__, so it parses
 * the JSON out of the script's text. Each value it reads is checked for the type it expects, so a part of
 * an unexpected shape reads as absent without losing the others; the product made of them is validated
 * whole by the background (utils/product.ts). Not zod here: zod/mini would add 5.8 KB gzipped to the
 * content script (22.6 -> 28.4 of its 30 KB budget) for these few fields. Shapes as seen on real pages
 * (sources in tests/fixtures/pages/tmall-ice-974271878334.json, taobao-ice-617129397971.json).
 */

const MARKER = '__ICE_APP_CONTEXT__';

/** A price block of `priceVO` or of a SKU in `sku2info`, as far as it is read. */
interface PriceVo {
  priceText?: string;
  /** Fen, as a string or a number. */
  priceMoney?: string | number;
  priceUnit?: string;
  /** "起" (from): the lowest of the SKUs' prices. */
  priceDesc?: string;
  priceTail?: string;
  lineThrough?: string;
  hiddenPrice?: string;
}

const idOrMoney = (value: unknown): string | number | undefined => (typeof value === 'string' || typeof value === 'number' ? value : undefined);

/** The price block at `value`, or undefined when it is not an object. */
function priceVo(value: unknown): PriceVo | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const text = (key: string): string | undefined => stringAt(value, key);
  return {
    priceText: text('priceText'),
    priceMoney: idOrMoney(fieldOf(value, 'priceMoney')),
    priceUnit: text('priceUnit'),
    priceDesc: text('priceDesc'),
    priceTail: text('priceTail'),
    lineThrough: text('lineThrough'),
    hiddenPrice: text('hiddenPrice'),
  };
}

/** The first entry of a list of strings (`item.images`), or undefined. */
function firstString(value: unknown): string | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : undefined;
  return typeof first === 'string' ? first : undefined;
}

// Parsing a few hundred kB of JSON on every re-read while the page settles is wasted work: keep the last.
let cached: { text: string; res: unknown } | null = null;

/** The `loaderData.<route>.data.res` object of the page's ICE context (the `home` route first), or null. */
export function iceResponse(document: Document): unknown {
  const scripts = document.getElementsByTagName('script');
  for (let i = 0; i < scripts.length; i++) {
    const script = scripts[i]!;
    if (script.hasAttribute('src')) continue;
    const text = script.textContent ?? '';
    if (!text.includes(MARKER) || !text.includes('"loaderData"')) continue;
    if (cached?.text !== text) cached = { text, res: responseIn(text) };
    if (cached.res !== null) return cached.res;
  }
  return null;
}

/**
 * The first `{…}` in the script that parses as JSON with a `loaderData`, skipping the wrapper function's
 * body and `a || {}`. At most a few tries, so a hostile script cannot make this slow.
 */
function responseIn(text: string): unknown {
  let at = text.indexOf('{');
  for (let tries = 0; at >= 0 && tries < 20; tries++) {
    const slice = balancedSlice(text, at);
    if (!slice) return null;
    let next = at + slice.length;
    if (slice.includes('"loaderData"')) {
      try {
        const loaderData = valueAt(JSON.parse(slice) as unknown, 'loaderData');
        const routes = typeof loaderData === 'object' && loaderData !== null ? Object.keys(loaderData) : [];
        for (const route of ['home', ...routes]) {
          const res = valueAt(loaderData, route, 'data', 'res');
          if (valueAt(res, 'item') !== undefined) return res;
        }
      } catch {
        // Not JSON (the wrapper function's body): the object is inside it.
        next = at + 1;
      }
    }
    at = text.indexOf('{', next);
  }
  return null;
}

/** A price block's amount: its text (`"143.5"`, `"143.5起"`, `"99-199"`), else its fen. */
function amountOf(block: PriceVo, currency: string): Price | null {
  const unit = block.priceUnit && !/^[¥￥]$/.test(block.priceUnit) ? block.priceUnit : '';
  const fromText = parsePrice(block.priceText ? `${unit}${block.priceText}` : null, currency);
  if (fromText) return fromText;
  const fen = Number(block.priceMoney);
  return Number.isSafeInteger(fen) && fen > 0 ? priceFromDecimals(currency, (fen / 100).toFixed(2)) : null;
}

const shown = (block: PriceVo | undefined): block is PriceVo => Boolean(block && block.hiddenPrice !== 'true' && block.lineThrough !== 'true');

/**
 * The price the page shows as the price: `extraPrice` (the highlighted after-coupon or subsidised price,
 * 券后 / 平台加补后) unless struck through, else `price` (优惠前, or the only one). A "from" price (起)
 * becomes the range up to the highest SKU price of the same kind (extraPrice ↔ a SKU's subPrice).
 */
function displayedPrice(res: unknown, currency: string): Price | null {
  const prices = valueAt(res, 'componentsVO', 'priceVO') ?? valueAt(res, 'priceVO');
  const extra = priceVo(fieldOf(prices, 'extraPrice'));
  const regular = priceVo(fieldOf(prices, 'price'));
  const [block, skuKey] = shown(extra) ? [extra, 'subPrice'] : shown(regular) ? [regular, 'price'] : [];
  if (!block || !skuKey) return null;
  const price = amountOf(block, currency);
  const from = [block.priceDesc, block.priceTail, block.priceText].some((text) => text?.includes('起'));
  if (!price || !from || price.minMinor !== price.maxMinor) return price;
  const skus = valueAt(res, 'skuCore', 'sku2info');
  let max = price.maxMinor;
  for (const skuId of typeof skus === 'object' && skus !== null && !Array.isArray(skus) ? Object.keys(skus) : []) {
    const skuBlock = skuId === '0' ? undefined : priceVo(valueAt(skus, skuId, skuKey));
    const skuPrice = skuBlock ? amountOf(skuBlock, currency) : null;
    if (skuPrice && skuPrice.currency === price.currency) max = Math.max(max, skuPrice.maxMinor);
  }
  return { ...price, maxMinor: max };
}

/**
 * What the page's ICE context says about the product, or null when it has none or describes another
 * item than `productId` (in-page navigation leaves the first item's data in the page).
 */
export function readIceProduct(document: Document, productId: string | null, currency: string, url: URL): PageFields | null {
  const res = iceResponse(document);
  if (res === null) return null;
  const item = valueAt(res, 'item');
  const itemId = idOrMoney(fieldOf(item, 'itemId'));
  if (itemId !== undefined && productId !== null && String(itemId) !== productId) return null;
  const seller = valueAt(res, 'seller');
  const components = valueAt(res, 'componentsVO');
  const image = firstString(fieldOf(item, 'images')) ?? firstString(valueAt(components, 'headImageVO', 'images'));
  return {
    title: cleanText(stringAt(components, 'titleVO', 'title', 'title') ?? stringAt(item, 'title')),
    price: displayedPrice(res, currency),
    imageUrl: toHttpsUrl(image, url),
    shopName: cleanText(stringAt(seller, 'shopName') ?? stringAt(components, 'storeCardVO', 'shopName') ?? stringAt(seller, 'sellerNick'), 200),
  };
}
