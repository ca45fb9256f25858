import { keepOnlyParams } from '../canonical-url';
import { AMAZON_STOREFRONTS } from './amazon-storefronts';
import { PARTNER_STORE_DOMAINS } from './partner-hosts';
import { domainOfKnownHost } from './site-domain';
import { numericParam, type UrlMatch } from './store';

/*
 * Each store's product-page URL forms, apart from the page readers: detection (the store modules) and
 * the partner-link check (utils/partner-link-rules.ts, which runs in the Recommend form of a store
 * page's panel too) share them, and the check needs none of the readers' selectors and parsers.
 */

const TMALL_ITEM_QUERY_HOSTS = new Set(['detail.tmall.com', 'chaoshi.detail.tmall.com', 'detail.m.tmall.com', 'detail.tmall.hk']);

/*
 * Each store in two steps: `<store>ProductId` says whether a URL is a product page and which product
 * (what a partner link's check needs, for every pick of an import or feed), and `match<Store>Url`
 * adds what detection needs (the canonical address, the store's domain), which costs more.
 */

/** tmall: the product id a product page's URL names, or null. */
export function tmallProductId(url: URL): string | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase();
  if (TMALL_ITEM_QUERY_HOSTS.has(host) && (url.pathname === '/item.htm' || (host === 'detail.tmall.hk' && url.pathname === '/hk/item.htm'))) {
    return numericParam(url, 'id');
  }
  if (host === 'world.tmall.com') return /^\/item\/(\d{1,20})\.htm$/.exec(url.pathname)?.[1] ?? null;
  return null;
}

/** tmall: a product page's URL, or null. */
export function matchTmallUrl(url: URL): UrlMatch | null {
  const id = tmallProductId(url);
  if (!id) return null;
  const host = url.hostname.toLowerCase();
  const canonicalUrl = url.pathname.endsWith('/item.htm') ? keepOnlyParams(url, ['id', 'skuId']) : keepOnlyParams(url, []);
  return { platform: 'tmall', productId: id, canonicalUrl, storeDomain: domainOfKnownHost(host, PARTNER_STORE_DOMAINS.tmall) ?? host, currency: 'CNY' };
}

const TAOBAO_QUERY_FORMS: Record<string, string> = {
  'item.taobao.com': '/item.htm',
  // The mobile detail page (Taobao's and Tmall's items alike) since about 2021; h5.m.taobao.com before it.
  'main.m.taobao.com': '/security-h5-detail/home',
  'h5.m.taobao.com': '/awp/core/detail.htm',
  'm.intl.taobao.com': '/detail/detail.html',
};

/** taobao: the product id a product page's URL names, or null. */
export function taobaoProductId(url: URL): string | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase();
  if (TAOBAO_QUERY_FORMS[host] === url.pathname) return numericParam(url, 'id');
  if (host === 'world.taobao.com') return /^\/item\/(\d{1,20})\.htm$/.exec(url.pathname)?.[1] ?? null;
  return null;
}

/** taobao: a product page's URL, or null. */
export function matchTaobaoUrl(url: URL): UrlMatch | null {
  const id = taobaoProductId(url);
  if (!id) return null;
  const host = url.hostname.toLowerCase();
  const canonicalUrl = TAOBAO_QUERY_FORMS[host] === url.pathname ? keepOnlyParams(url, ['id']) : keepOnlyParams(url, []);
  return { platform: 'taobao', productId: id, canonicalUrl, storeDomain: domainOfKnownHost(host, PARTNER_STORE_DOMAINS.taobao) ?? host, currency: 'CNY' };
}

const JD_DESKTOP_HOSTS = new Set(['item.jd.com', 'item.jd.hk', 'npcitem.jd.hk']);

/** jd: the product id a product page's URL names, or null. */
export function jdProductId(url: URL): string | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase();
  const pattern = JD_DESKTOP_HOSTS.has(host) ? /^\/(\d{1,20})\.html$/ : host === 'item.m.jd.com' ? /^\/product\/(\d{1,20})\.html$/ : null;
  return pattern?.exec(url.pathname)?.[1] || null;
}

/** jd: a product page's URL, or null. */
export function matchJdUrl(url: URL): UrlMatch | null {
  const id = jdProductId(url);
  if (!id) return null;
  const host = url.hostname.toLowerCase();
  return { platform: 'jd', productId: id, canonicalUrl: `https://${host}${url.pathname}`, storeDomain: domainOfKnownHost(host, PARTNER_STORE_DOMAINS.jd) ?? host, currency: 'CNY' };
}

const WEIDIAN_HOSTS = new Set(['weidian.com', 'v.weidian.com']);

/** weidian: the product id a product page's URL names, or null. */
export function weidianProductId(url: URL): string | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (!WEIDIAN_HOSTS.has(url.hostname.toLowerCase()) || url.pathname !== '/item.html') return null;
  return numericParam(url, 'itemID', 'itemId', 'itemid');
}

/** weidian: a product page's URL, or null. */
export function matchWeidianUrl(url: URL): UrlMatch | null {
  const id = weidianProductId(url);
  if (!id) return null;
  const canonical = new URL(keepOnlyParams(url, []));
  canonical.searchParams.set('itemID', id);
  return { platform: 'weidian', productId: id, canonicalUrl: canonical.href, storeDomain: 'weidian.com', currency: 'CNY' };
}

const PINDUODUO_PATHS = new Set(['/goods.html', '/goods1.html', '/goods2.html']);

/** pinduoduo: the product id a product page's URL names, or null. */
export function pinduoduoProductId(url: URL): string | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.hostname.toLowerCase() !== 'mobile.yangkeduo.com' || !PINDUODUO_PATHS.has(url.pathname)) return null;
  return numericParam(url, 'goods_id');
}

/** pinduoduo: a product page's URL, or null. */
export function matchPinduoduoUrl(url: URL): UrlMatch | null {
  const id = pinduoduoProductId(url);
  if (!id) return null;
  return { platform: 'pinduoduo', productId: id, canonicalUrl: keepOnlyParams(url, ['goods_id']), storeDomain: 'yangkeduo.com', currency: 'CNY' };
}

const AMAZON_CURRENCIES: Record<string, string> = AMAZON_STOREFRONTS;

/** amazon: a product page's URL, or null. */
export function matchAmazonUrl(url: URL): UrlMatch | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const domain = url.hostname.toLowerCase().replace(/^(?:www|smile)\./, '');
  const currency = AMAZON_CURRENCIES[domain];
  if (!currency) return null;
  // /dp/ASIN, /Some-Slug/dp/ASIN, /gp/product/ASIN (ISBN-10 books have all-digit ASINs).
  const asin = /^\/(?:[^/]+\/)?(?:dp|gp\/product)\/([A-Z0-9]{10})(?:[/?]|$)/i.exec(url.pathname)?.[1]?.toUpperCase();
  if (!asin) return null;
  return { platform: 'amazon', productId: asin, canonicalUrl: `https://www.${domain}/dp/${asin}`, storeDomain: domain, currency };
}

/** amazon: the product id (ASIN) a product page's URL names, or null. */
export const amazonProductId = (url: URL): string | null => matchAmazonUrl(url)?.productId ?? null;
