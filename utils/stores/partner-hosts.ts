/**
 * The hosts on which partner stores show product pages. The manifest's content-script matches are
 * built from this list, so the extension has host access to these stores and nothing else until the
 * user opts in to more (Amazon, other stores, feed hosts).
 */
export const PARTNER_STORE_HOSTS = {
  tmall: ['detail.tmall.com', 'chaoshi.detail.tmall.com', 'detail.m.tmall.com', 'detail.tmall.hk', 'world.tmall.com'],
  taobao: ['item.taobao.com', 'world.taobao.com', 'main.m.taobao.com', 'h5.m.taobao.com', 'm.intl.taobao.com'],
  jd: ['item.jd.com', 'item.jd.hk', 'npcitem.jd.hk', 'item.m.jd.com'],
  weidian: ['weidian.com', 'v.weidian.com'],
  pinduoduo: ['mobile.yangkeduo.com'],
} as const;

export type PartnerPlatform = keyof typeof PARTNER_STORE_HOSTS;

/**
 * Each partner store's registrable domains: the store a product page belongs to (its `storeDomain`),
 * the pages the generic reader leaves to the store's own module, and the domains its links may use
 * (utils/partner-links.ts). Listed rather than looked up so the content script needs no suffix list.
 */
export const PARTNER_STORE_DOMAINS = {
  tmall: ['tmall.com', 'tmall.hk'],
  taobao: ['taobao.com'],
  jd: ['jd.com', 'jd.hk'],
  weidian: ['weidian.com'],
  pinduoduo: ['yangkeduo.com', 'pinduoduo.com'],
} as const satisfies Record<PartnerPlatform, readonly string[]>;

/** Match patterns for the partner hosts, https only: every partner store serves its pages over TLS. */
export const partnerStoreMatchPatterns = (): string[] =>
  Object.values(PARTNER_STORE_HOSTS)
    .flat()
    .map((host) => `https://${host}/*`);
