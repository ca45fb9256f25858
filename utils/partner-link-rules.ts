import type { Platform } from './product';
import { AMAZON_DOMAINS } from './stores/amazon-storefronts';
import { PARTNER_STORE_DOMAINS } from './stores/partner-hosts';
import { amazonProductId, jdProductId, pinduoduoProductId, taobaoProductId, tmallProductId, weidianProductId } from './stores/product-urls';
import type { DomainOf } from './stores/site-domain';

/*
 * Where an expert's partner (affiliate) link may point: the rules, without the Public Suffix List. The
 * background and pages use them through utils/partner-links.ts, which supplies the list; the Recommend
 * form in a store page's panel (where the list would not fit the size budget) runs them with `null`
 * and leaves the one thing it cannot judge, an other store's domain, to the background.
 *
 * A link is allowed only where it is a real product or affiliate link of the product's own store:
 * - a product page of that store, in the URL forms detection recognises (utils/stores/product-urls.ts),
 *   with any parameters (an Amazon Associates `tag=` is a parameter of a product page);
 * - one of the store's own affiliate and short-link hosts (`AFFILIATE`), exactly;
 * - for any other store (`site`), any page on the product's own registrable domain.
 * And never when any part of it (parameters, path, fragment; decoded, nested) carries an address on
 * another store: that is how a login or redirect endpoint on an allowed host sends a shopper elsewhere
 * (`login.taobao.com/?redirectURL=https://evil.example`).
 */

interface StoreLinks {
  /**
   * The URL forms of the product pages that count (Taobao and Tmall hand out each other's links): each
   * names the product id of a product page's URL, or null (detection's forms, without the canonical
   * address detection builds, which a link's check does not need).
   */
  productPages: readonly ((url: URL) => string | null)[];
  /** The store company's registrable domains: addresses a link may carry inside it. */
  domains: readonly string[];
  /** The affiliate programme's click and short-link hosts, matched exactly. */
  affiliateHosts: readonly string[];
  /** Product-page paths of the affiliate programmes on the store's own hosts (`host` + `path`). */
  affiliatePages?: readonly { host: string; path: string }[];
}

const ALIBABA: StoreLinks = {
  productPages: [tmallProductId, taobaoProductId],
  domains: [...PARTNER_STORE_DOMAINS.tmall, ...PARTNER_STORE_DOMAINS.taobao, 'tb.cn'],
  // Alimama (淘宝联盟): s.click (click tracking), uland (coupon landing pages), m.tb.cn / tb.cn (share links).
  affiliateHosts: ['s.click.taobao.com', 'uland.taobao.com', 'm.tb.cn', 'tb.cn'],
};

/** Per store: the product pages and affiliate hosts a partner link may use. */
export const PARTNER_LINK_RULES = {
  tmall: ALIBABA,
  taobao: ALIBABA,
  jd: {
    productPages: [jdProductId],
    domains: [...PARTNER_STORE_DOMAINS.jd, '3.cn'],
    // JD Union (京东联盟): union-click (click tracking), u.jd.com and 3.cn (short links).
    affiliateHosts: ['union-click.jd.com', 'u.jd.com', '3.cn'],
  },
  weidian: { productPages: [weidianProductId], domains: PARTNER_STORE_DOMAINS.weidian, affiliateHosts: ['k.weidian.com'] },
  pinduoduo: {
    productPages: [pinduoduoProductId],
    domains: PARTNER_STORE_DOMAINS.pinduoduo,
    // Duoduo Jinbao (多多进宝): p.pinduoduo.com short links and the promotion landing page.
    affiliateHosts: ['p.pinduoduo.com'],
    affiliatePages: [{ host: 'mobile.yangkeduo.com', path: '/duo_coupon_landing.html' }],
  },
  amazon: {
    // Amazon Associates: product pages with the associate's `tag=`, and Amazon's own short links.
    productPages: [amazonProductId],
    domains: [...AMAZON_DOMAINS, 'amzn.to', 'amzn.asia', 'amzn.eu'],
    affiliateHosts: ['amzn.to', 'amzn.asia', 'amzn.eu'],
  },
} as const satisfies Record<Exclude<Platform, 'site'>, StoreLinks>;

/** Store names for the English sentence (logs, a feed's skip detail); the UI names stores from its tables. */
const STORE_NAME: Record<Exclude<Platform, 'site'>, string> = {
  tmall: 'Tmall/Taobao',
  taobao: 'Tmall/Taobao',
  jd: 'JD',
  weidian: 'Weidian',
  pinduoduo: 'Pinduoduo',
  amazon: 'Amazon',
};

/** Why a partner link is refused, as a code the UI says in its language (utils/expert/recommend-rules.ts). */
export type PartnerLinkProblem =
  | 'invalid-url'
  | 'not-https'
  | 'credentials'
  | 'port'
  | 'no-store'
  | 'not-on-site'
  | 'not-store-page'
  | 'not-store-host'
  | 'carries-address';

/** A refusal: its code, the host it names, and the store whose rules refused it. */
export interface PartnerLinkRefusal {
  problem: PartnerLinkProblem;
  host?: string;
  platform?: Exclude<Platform, 'site'>;
}

/** What the check needs to know about the product a link is for. */
export interface PartnerLinkProduct {
  platform: Platform;
  /** The product's canonical https URL; for `site` stores it names the only domain links may go to. */
  url: string;
}

/** The URL, or null when it does not parse: one parse where the browser has URL.parse (Chromium 126, Firefox 126), else two. */
const parseUrl = (text: string): URL | null =>
  typeof URL.parse === 'function' ? URL.parse(text) : URL.canParse(text) ? new URL(text) : null;

const isIpOrSingleLabel = (host: string) => !host.includes('.') || /^[\d.]+$/.test(host) || host.startsWith('[');
const underDomain = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/**
 * How a link's own address is judged, per product: whether it may be the link, and whether an address
 * it carries inside is on the same store. `domainOf` null: the other store's domain is not judged here.
 */
interface Judge {
  allows(url: URL): boolean;
  sameStore(host: string): boolean;
  refusal(host: string): PartnerLinkRefusal;
}

function siteJudge(productUrl: string, domainOf: DomainOf | null): Judge | null {
  if (!URL.canParse(productUrl)) return null;
  const product = new URL(productUrl);
  if (product.protocol !== 'https:' || isIpOrSingleLabel(product.hostname)) return null;
  if (domainOf === null) {
    // The form in a store page's panel: the background judges the domain when the pick is saved.
    return { allows: () => true, sameStore: () => true, refusal: (host) => ({ problem: 'not-on-site', host }) };
  }
  const domain = domainOf(product.hostname);
  // A product on a host with no registrable domain of its own (a bare public suffix) trusts its exact host only.
  const sameStore = (host: string) => (domain === null ? host === product.hostname : domainOf(host) === domain);
  return { allows: (url) => sameStore(url.hostname), sameStore, refusal: (host) => ({ problem: 'not-on-site', host }) };
}

/** A store's judge depends on its platform alone: one each, made when first asked for (every pick of an import asks). */
const STORE_JUDGES = new Map<Exclude<Platform, 'site'>, Judge>();
const storeJudge = (platform: Exclude<Platform, 'site'>): Judge => STORE_JUDGES.get(platform) ?? STORE_JUDGES.set(platform, newStoreJudge(platform)).get(platform)!;

function newStoreJudge(platform: Exclude<Platform, 'site'>): Judge {
  const rules: StoreLinks = PARTNER_LINK_RULES[platform];
  return {
    allows: (url) =>
      rules.affiliateHosts.includes(url.hostname) ||
      rules.affiliatePages?.some((page) => page.host === url.hostname && page.path === url.pathname) === true ||
      rules.productPages.some((productId) => productId(url) !== null),
    sameStore: (host) => rules.domains.some((domain) => underDomain(host, domain)),
    refusal: (host) => ({ problem: rules.domains.some((domain) => underDomain(host, domain)) ? 'not-store-page' : 'not-store-host', host, platform }),
  };
}

/** Text decoded once more (`%2F` → `/`), or as it was when it is not valid percent-encoding. */
function decodeOnce(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

// An address inside other text: an http(s) scheme, then `//` (slashes possibly escaped), then the host.
const EMBEDDED_URL = /https?:(?:\/|\\\/|\\){2}([^/\\?#\s"'<>]+)/gi;
// A value that is itself a scheme-less address (`//evil.example/x`), which browsers and redirectors resolve.
const SCHEMELESS_URL = /^\s*(?:\/|\\){2}([^/\\?#\s"'<>]+)/;

/*
 * Which texts can name an address at all, so the decoding rounds below run only on those (most are
 * ids and numbers). An address with a scheme needs its ':', one without needs its two slashes, and
 * decoding makes either only from a '%' escape ('+' only becomes a space). The path is searched
 * for addresses with a scheme only.
 */
const MAY_NAME_ADDRESS = /[%:/\\]/;
const MAY_NAME_SCHEME = /[%:]/;

const hostOf = (authority: string) => authority.slice(authority.lastIndexOf('@') + 1).replace(/:\d*$/, '').replace(/\.$/, '').toLowerCase();

/** Every host named by an address inside the link (its path, parameters and fragment, decoded up to three more times). */
function embeddedHosts(url: URL): string[] {
  // Each URL getter makes a new string in the browser; read the path once.
  const pathname = url.pathname;
  const texts: string[] = [pathname, url.hash.slice(1)];
  // Decoding the query makes no such character that its raw text lacks ('+' only becomes a space).
  const search = url.search;
  if (MAY_NAME_ADDRESS.test(search)) new URLSearchParams(search).forEach((value, name) => texts.push(name, value));
  const hosts: string[] = [];
  for (const text of texts) {
    if (!(text === pathname ? MAY_NAME_SCHEME : MAY_NAME_ADDRESS).test(text)) continue;
    let current = text;
    for (let round = 0; round < 4; round++) {
      for (const match of current.matchAll(EMBEDDED_URL)) hosts.push(hostOf(match[1] ?? ''));
      const schemeless = SCHEMELESS_URL.exec(current)?.[1];
      if (schemeless !== undefined && current !== pathname) hosts.push(hostOf(schemeless));
      const next = decodeOnce(current);
      if (next === current) break;
      current = next;
    }
  }
  return hosts.filter((host) => host !== '');
}

/**
 * Why `link` may not be used as the partner link for `product`, or null when it may. Only https, no
 * user name or password (a classic way to make a link look like it goes elsewhere), no unusual port,
 * only the store's product pages and affiliate hosts, and no address inside it on another store.
 * `domainOf` names registrable domains (the Public Suffix List); null in the panel's form, where the
 * background judges a `site` link's domain when the pick is saved.
 */
export function partnerLinkRefusal(link: string, product: PartnerLinkProduct, domainOf: DomainOf | null): PartnerLinkRefusal | null {
  // A store's rules depend on its platform alone; only an other store's (`site`) depend on the product's URL.
  const productUrl = product.platform === 'site' ? product.url : null;
  if (last && last.link === link && last.platform === product.platform && last.productUrl === productUrl && last.domainOf === domainOf) return last.refusal;
  const refusal = judgeLink(link, product, domainOf);
  last = { link, platform: product.platform, productUrl, domainOf, refusal };
  return refusal;
}

/**
 * The last verdict and what it was asked about. Storing a feed checks each item's link twice in a row,
 * by the feed's schema and then as the stored record's own last check (utils/db/partner-link.ts): the
 * second is answered from here (a 10,000-pick feed spent about 10 % of its time on the repeat).
 */
let last: { link: string; platform: Platform; productUrl: string | null; domainOf: DomainOf | null; refusal: PartnerLinkRefusal | null } | undefined;

function judgeLink(link: string, product: PartnerLinkProduct, domainOf: DomainOf | null): PartnerLinkRefusal | null {
  const url = parseUrl(link);
  if (!url) return { problem: 'invalid-url' };
  if (url.protocol !== 'https:') return { problem: 'not-https' };
  if (url.username !== '' || url.password !== '') return { problem: 'credentials' };
  // WHATWG URL drops the default port (443), so any port left is a non-default one.
  if (url.port !== '') return { problem: 'port' };
  const judge = product.platform === 'site' ? siteJudge(product.url, domainOf) : storeJudge(product.platform);
  if (!judge) return { problem: 'no-store' };
  if (!judge.allows(url)) return judge.refusal(url.hostname);
  const elsewhere = embeddedHosts(url).find((host) => !judge.sameStore(host));
  if (elsewhere !== undefined) return { problem: 'carries-address', host: elsewhere };
  return null;
}

/** A refusal in English: a zod issue's message (feeds, backups) and logs. The UI says the code instead. */
export function englishRefusal({ problem, host = '', platform }: PartnerLinkRefusal): string {
  const store = platform ? STORE_NAME[platform] : '';
  const english: Record<PartnerLinkProblem, string> = {
    'invalid-url': 'is not a valid URL',
    'not-https': 'must start with https://',
    credentials: 'must not contain a user name or password',
    port: 'must not name a port',
    'no-store': 'has no store to check against (the product URL is not an https address with a domain name)',
    'not-on-site': `goes to ${host}, which is not on the product’s own store`,
    'not-store-page': `goes to ${host}, which is not a product page or partner link of ${store}`,
    'not-store-host': `goes to ${host}, which is not one of the ${store} link hosts`,
    'carries-address': `carries an address on ${host}, which is not the product’s store`,
  };
  return english[problem];
}

/** Why `link` may not be the partner link for `product`, in English (see partnerLinkRefusal), or null. */
export function partnerLinkProblemWith(link: string, product: PartnerLinkProduct, domainOf: DomainOf | null): string | null {
  const refusal = partnerLinkRefusal(link, product, domainOf);
  return refusal && englishRefusal(refusal);
}

/** Each store's own domains, where its product pages are (Tmall and Taobao share theirs). */
const STORE_DOMAINS: Record<Exclude<Platform, 'site'>, readonly string[]> = {
  tmall: [...PARTNER_STORE_DOMAINS.tmall, ...PARTNER_STORE_DOMAINS.taobao],
  taobao: [...PARTNER_STORE_DOMAINS.tmall, ...PARTNER_STORE_DOMAINS.taobao],
  jd: PARTNER_STORE_DOMAINS.jd,
  weidian: PARTNER_STORE_DOMAINS.weidian,
  pinduoduo: PARTNER_STORE_DOMAINS.pinduoduo,
  amazon: AMAZON_DOMAINS,
};

/** True when `url` is on the store's own domains (not its short-link hosts). Used to check a product's canonical URL. */
export function isStoreUrl(url: string, platform: Exclude<Platform, 'site'>): boolean {
  const parsed = parseUrl(url);
  if (!parsed) return false;
  const domains = STORE_DOMAINS[platform];
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    domains.some((domain) => underDomain(parsed.hostname, domain))
  );
}
