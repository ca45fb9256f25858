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

/** tmall: a product page's URL, or null. */
export function matchTmallUrl(url: URL): UrlMatch | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase();
  let id: string | null = null;
  if (TMALL_ITEM_QUERY_HOSTS.has(host) && (url.pathname === '/item.htm' || (host === 'detail.tmall.hk' && url.pathname === '/hk/item.htm'))) {
    id = numericParam(url, 'id');
  } else if (host === 'world.tmall.com') {
    id = /^\/item\/(\d{1,20})\.htm$/.exec(url.pathname)?.[1] ?? null;
  }
  if (!id) return null;
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

/** taobao: a product page's URL, or null. */
export function matchTaobaoUrl(url: URL): UrlMatch | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase();
  let id: string | null = null;
  let canonicalUrl = '';
  if (TAOBAO_QUERY_FORMS[host] === url.pathname) {
    id = numericParam(url, 'id');
    canonicalUrl = keepOnlyParams(url, ['id']);
  } else if (host === 'world.taobao.com') {
    id = /^\/item\/(\d{1,20})\.htm$/.exec(url.pathname)?.[1] ?? null;
    canonicalUrl = keepOnlyParams(url, []);
  }
  return id ? { platform: 'taobao', productId: id, canonicalUrl, storeDomain: domainOfKnownHost(host, PARTNER_STORE_DOMAINS.taobao) ?? host, currency: 'CNY' } : null;
}

const JD_DESKTOP_HOSTS = new Set(['item.jd.com', 'item.jd.hk', 'npcitem.jd.hk']);

/** jd: a product page's URL, or null. */
export function matchJdUrl(url: URL): UrlMatch | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase();
  const pattern = JD_DESKTOP_HOSTS.has(host) ? /^\/(\d{1,20})\.html$/ : host === 'item.m.jd.com' ? /^\/product\/(\d{1,20})\.html$/ : null;
  const id = pattern?.exec(url.pathname)?.[1];
  if (!id) return null;
  return { platform: 'jd', productId: id, canonicalUrl: `https://${host}${url.pathname}`, storeDomain: domainOfKnownHost(host, PARTNER_STORE_DOMAINS.jd) ?? host, currency: 'CNY' };
}

const WEIDIAN_HOSTS = new Set(['weidian.com', 'v.weidian.com']);

/** weidian: a product page's URL, or null. */
export function matchWeidianUrl(url: URL): UrlMatch | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const host = url.hostname.toLowerCase();
  if (!WEIDIAN_HOSTS.has(host) || url.pathname !== '/item.html') return null;
  const id = numericParam(url, 'itemID', 'itemId', 'itemid');
  if (!id) return null;
  const canonical = new URL(keepOnlyParams(url, []));
  canonical.searchParams.set('itemID', id);
  return { platform: 'weidian', productId: id, canonicalUrl: canonical.href, storeDomain: 'weidian.com', currency: 'CNY' };
}

const PINDUODUO_PATHS = new Set(['/goods.html', '/goods1.html', '/goods2.html']);

/** pinduoduo: a product page's URL, or null. */
export function matchPinduoduoUrl(url: URL): UrlMatch | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.hostname.toLowerCase() !== 'mobile.yangkeduo.com' || !PINDUODUO_PATHS.has(url.pathname)) return null;
  const id = numericParam(url, 'goods_id');
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
