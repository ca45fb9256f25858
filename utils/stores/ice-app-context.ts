import '../zod-jitless';
import * as z from 'zod/mini';
import { toHttpsUrl } from '../canonical-url';
import { valueAt } from '../json-shape';
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
 * the JSON out of the script's text. Each part it reads is validated on its own (zod), so a part of an
 * unexpected shape reads as absent without losing the others. Shapes as seen on real pages (sources in
 * tests/fixtures/pages/tmall-ice-*.json).
 */

const MARKER = '__ICE_APP_CONTEXT__';
const ID = z.union([z.string(), z.number()]);
const PriceVo = z.object({
  priceText: z.optional(z.string()),
  /** Fen, as a string or a number. */
  priceMoney: z.optional(ID),
  priceUnit: z.optional(z.string()),
  /** "起" (from): the lowest of the SKUs' prices. */
  priceDesc: z.optional(z.string()),
  priceTail: z.optional(z.string()),
  lineThrough: z.optional(z.string()),
  hiddenPrice: z.optional(z.string()),
});
const Prices = z.object({ price: z.optional(PriceVo), extraPrice: z.optional(PriceVo) });
const Item = z.object({ itemId: z.optional(ID), title: z.optional(z.string()), images: z.optional(z.array(z.string())) });
const Seller = z.object({ shopName: z.optional(z.string()), sellerNick: z.optional(z.string()) });
const SkuPrices = z.record(z.string(), z.object({ price: z.optional(PriceVo), subPrice: z.optional(PriceVo) }));

type PriceVo = z.infer<typeof PriceVo>;

const part = <T>(schema: z.ZodMiniType<T>, value: unknown): T | undefined => {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};
const string = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

// Parsing a few hundred kB of JSON on every re-read while the page settles is wasted work: keep the last.
let cached: { text: string; res: unknown } | null = null;

/** The `loaderData.<route>.data.res` object of the page's ICE context (the `home` route first), or null. */
export function iceResponse(document: Document): unknown {
  const scripts = document.scripts;
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
  const prices = part(Prices, valueAt(res, 'componentsVO', 'priceVO')) ?? part(Prices, valueAt(res, 'priceVO'));
  if (!prices) return null;
  const [block, skuKey] = shown(prices.extraPrice) ? [prices.extraPrice, 'subPrice' as const] : shown(prices.price) ? [prices.price, 'price' as const] : [];
  if (!block || !skuKey) return null;
  const price = amountOf(block, currency);
  const from = [block.priceDesc, block.priceTail, block.priceText].some((text) => text?.includes('起'));
  if (!price || !from || price.minMinor !== price.maxMinor) return price;
  const skus = Object.entries(part(SkuPrices, valueAt(res, 'skuCore', 'sku2info')) ?? {});
  let max = price.maxMinor;
  for (const [skuId, sku] of skus) {
    const skuBlock = sku[skuKey];
    const skuPrice = skuId !== '0' && skuBlock ? amountOf(skuBlock, currency) : null;
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
  const item = part(Item, valueAt(res, 'item'));
  if (item?.itemId !== undefined && productId !== null && String(item.itemId) !== productId) return null;
  const seller = part(Seller, valueAt(res, 'seller'));
  const components = valueAt(res, 'componentsVO');
  const image = item?.images?.[0] ?? part(z.array(z.string()), valueAt(components, 'headImageVO', 'images'))?.[0];
  return {
    title: cleanText(string(valueAt(components, 'titleVO', 'title', 'title')) ?? item?.title),
    price: displayedPrice(res, currency),
    imageUrl: toHttpsUrl(image, url),
    shopName: cleanText(seller?.shopName ?? string(valueAt(components, 'storeCardVO', 'shopName')) ?? seller?.sellerNick, 200),
  };
}
