/**
 * Amazon's main storefronts: the stores Haowu can be turned on for, and the currency each prices in.
 * The one list behind the Amazon detector, its partner-link hosts, the opt-in host permissions (in
 * the manifest and in Settings) and the generic reader's exclusions. No browser APIs here: the build
 * config imports it too.
 */
export const AMAZON_STOREFRONTS = {
  'amazon.com': 'USD',
  'amazon.co.uk': 'GBP',
  'amazon.de': 'EUR',
  'amazon.fr': 'EUR',
  'amazon.it': 'EUR',
  'amazon.es': 'EUR',
  'amazon.ca': 'CAD',
  'amazon.co.jp': 'JPY',
  'amazon.cn': 'CNY',
} as const satisfies Record<string, string>;

export const AMAZON_DOMAINS = Object.keys(AMAZON_STOREFRONTS) as readonly (keyof typeof AMAZON_STOREFRONTS)[];

/** The host permissions asked for when the user turns Amazon on. */
export const AMAZON_ORIGINS: readonly string[] = AMAZON_DOMAINS.map((domain) => `https://www.${domain}/*`);
