// The package's own minified build, not its `module` entry: bundling that one, the minifier copies the
// suffix list's 70 KB string into each of its three uses (background.js +118 KB gzipped instead of +51).
import { getDomain } from 'tldts/dist/index.esm.min.js';

/*
 * Registrable domains ("eTLD+1") from the full Public Suffix List, ICANN and private sections, through
 * tldts (MIT, kept in step with the list). Every trust decision rests on this: which store a product
 * belongs to (keys, hiding, cart grouping), where a partner link may go, which feed entries name their
 * own store. With the private section, `kettles.myshopify.com` and `evil-shop.myshopify.com` are two
 * stores, as are `a.github.io` and `b.github.io`; `sklep.com.pl` and `shop.co.at` are not merged into
 * `com.pl` or `co.at`.
 *
 * The list is about 47 KB gzipped: more than the content script's whole budget. So this module is for the
 * background and extension pages only. The content script never imports it: it asks the background for
 * its page's registrable domain (utils/stores/site-domain.ts), and the background recomputes everything
 * the content script says before deciding anything.
 */

const OPTIONS = { allowPrivateDomains: true, extractHostname: false } as const;

const normalize = (hostname: string): string => hostname.toLowerCase().replace(/\.$/, '');

/**
 * The registrable domain of a hostname (`shop.example.co.uk` → `example.co.uk`, `item.jd.com` → `jd.com`,
 * `kettles.myshopify.com` → itself), or null when it has none: an IP address, a single label
 * (`localhost`) or a public suffix itself (`myshopify.com`, `com.pl`).
 */
export function registrableDomainOf(hostname: string): string | null {
  const host = normalize(hostname);
  if (host.startsWith('[') || host.includes(':') || /^[\d.]+$/.test(host)) return null;
  return getDomain(host, OPTIONS);
}

/**
 * The registrable domain of a hostname, or the hostname itself (lower-cased) when it has none, so an IP
 * address, a single-label host or a bare public suffix is a store of its own and never shares one.
 */
export const registrableDomain = (hostname: string): string => registrableDomainOf(hostname) ?? normalize(hostname);
