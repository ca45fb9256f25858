import type { z } from 'zod';
import type { Platform } from './product';
import { registrableDomain } from './registrable-domain';
import { AMAZON_DOMAINS } from './stores/amazon-storefronts';

// Taobao and Tmall are one company and hand out each other's links (a Taobao share often opens on Tmall).
// s.click and uland are subdomains of taobao.com, listed to document the affiliate programme.
const ALIBABA = {
  domains: ['tmall.com', 'tmall.hk', 'taobao.com'],
  hosts: ['s.click.taobao.com', 'uland.taobao.com', 'm.tb.cn', 'tb.cn'],
} as const;

/**
 * Where an expert's partner (affiliate) link may point, per store. `domains` match the domain itself
 * and any subdomain; `hosts` match exactly. Short-link and affiliate redirectors are listed because
 * that is what stores' partner programmes hand out; each belongs to the store's own company.
 * `site` stores (any shop with schema.org data) have no list: their links must stay on the product's
 * own registrable domain.
 */
export const PARTNER_LINK_HOSTS = {
  tmall: ALIBABA,
  taobao: ALIBABA,
  jd: {
    domains: ['jd.com', 'jd.hk'],
    // u.jd.com and union-click.jd.com are subdomains of jd.com, listed to document the programme.
    hosts: ['u.jd.com', 'union-click.jd.com', '3.cn'],
  },
  weidian: { domains: ['weidian.com'], hosts: ['k.weidian.com'] },
  pinduoduo: { domains: ['yangkeduo.com', 'pinduoduo.com'], hosts: ['p.pinduoduo.com'] },
  amazon: {
    // The Amazon stores Haowu can be turned on for (README, "Permissions and why").
    domains: AMAZON_DOMAINS,
    hosts: ['amzn.to', 'amzn.asia', 'amzn.eu'],
  },
} as const satisfies Record<Exclude<Platform, 'site'>, { domains: readonly string[]; hosts: readonly string[] }>;

/** Store names for messages. */
const STORE_NAME: Record<Platform, string> = {
  tmall: 'Tmall/Taobao',
  taobao: 'Tmall/Taobao',
  jd: 'JD',
  weidian: 'Weidian',
  pinduoduo: 'Pinduoduo',
  amazon: 'Amazon',
  site: 'site',
};

/** What the check needs to know about the product a link is for. */
export interface PartnerLinkProduct {
  platform: Platform;
  /** The product's canonical https URL; for `site` stores it names the only domain links may go to. */
  url: string;
}

// Two-label "registrable domains" that are really public suffixes the short list in registrable-domain.ts
// does not know (com.pl, co.at, ...). Trusting one would let a shop's link point at any other shop
// under the same suffix, so such a product only trusts its exact host.
const GENERIC_SECOND_LEVEL = new Set(['com', 'net', 'org', 'co', 'ac', 'gov', 'edu', 'or', 'ne', 'go', 'ltd', 'plc', 'me', 'nom', 'biz', 'info']);

const isIpOrSingleLabel = (host: string) => !host.includes('.') || /^[\d.]+$/.test(host) || host.startsWith('[');

const matchesDomain = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/** The hosts a `site` product's links may use: its registrable domain and subdomains, or its exact host. */
function siteRule(productUrl: string): { domains: string[]; hosts: string[] } | null {
  if (!URL.canParse(productUrl)) return null;
  const url = new URL(productUrl);
  if (url.protocol !== 'https:' || isIpOrSingleLabel(url.hostname)) return null;
  const domain = registrableDomain(url.hostname);
  const [first] = domain.split('.');
  if (domain.split('.').length === 2 && first !== undefined && GENERIC_SECOND_LEVEL.has(first)) return { domains: [], hosts: [url.hostname] };
  return { domains: [domain], hosts: [] };
}

function hostRule(product: PartnerLinkProduct): { domains: readonly string[]; hosts: readonly string[] } | null {
  return product.platform === 'site' ? siteRule(product.url) : PARTNER_LINK_HOSTS[product.platform];
}

/**
 * Why `link` may not be used as the partner link for `product`, or null when it may. Only https, only
 * the store's own hosts (matched on whole labels, so `evil-taobao.com` and `taobao.com.evil.cn` fail),
 * no user name or password (a classic way to make a link look like it goes elsewhere), no unusual port.
 */
export function partnerLinkProblem(link: string, product: PartnerLinkProduct): string | null {
  if (!URL.canParse(link)) return 'is not a valid URL';
  const url = new URL(link);
  if (url.protocol !== 'https:') return 'must start with https://';
  if (url.username !== '' || url.password !== '') return 'must not contain a user name or password';
  // WHATWG URL drops the default port (443), so any port left is a non-default one.
  if (url.port !== '') return 'must not name a port';
  const rule = hostRule(product);
  if (!rule) return 'has no store to check against (the product URL is not an https address with a domain name)';
  const host = url.hostname;
  const allowed = rule.hosts.includes(host) || rule.domains.some((domain) => matchesDomain(host, domain));
  if (allowed) return null;
  return product.platform === 'site'
    ? `goes to ${host}, which is not on the product’s own store`
    : `goes to ${host}, which is not one of the ${STORE_NAME[product.platform]} link hosts`;
}

/** True only for an https link to one of the product's store's own or official short-link hosts. */
export const isAllowedPartnerLink = (link: string, product: PartnerLinkProduct): boolean => partnerLinkProblem(link, product) === null;

/** True when `url` is on the product's store (its own domains, not short-link hosts). Used to check a product's canonical URL. */
export function isStoreUrl(url: string, platform: Exclude<Platform, 'site'>): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    PARTNER_LINK_HOSTS[platform].domains.some((domain) => matchesDomain(parsed.hostname, domain))
  );
}

/**
 * A zod refinement that checks a partner link against its product, for use with `.superRefine`:
 * `Schema.superRefine(refinePartnerLink((r) => ({ link: r.partnerLink, product: { platform: r.platform, url: r.url } })))`.
 * A null or undefined link passes (optional links are the schema's business); the issue lands on `path`.
 */
export function refinePartnerLink<T>(
  select: (value: T) => { link: string | null | undefined; product: PartnerLinkProduct },
  path: PropertyKey[] = ['partnerLink'],
): (value: T, ctx: z.RefinementCtx<T>) => void {
  return (value, ctx) => {
    const { link, product } = select(value);
    if (link === null || link === undefined) return;
    const problem = partnerLinkProblem(link, product);
    if (problem) ctx.addIssue({ code: 'custom', path, message: problem });
  };
}
