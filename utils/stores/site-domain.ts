/*
 * How store modules name a store's registrable domain without shipping the Public Suffix List (which is
 * larger than the content script's whole size budget; utils/registrable-domain.ts has it).
 *
 * - Partner stores and Amazon run on hosts Haowu lists, whose registrable domains are listed with them
 *   (`domainOfKnownHost`).
 * - Any other store (`site`) is named by a `DomainOf` the caller supplies: the background, tests and the
 *   CLI pass the full list (registrableDomainOf); the content script passes `domainsOfPage`, built from
 *   the one answer it asks the background for (message `pageStoreDomain`). Whatever the content script
 *   says, the background recomputes it with the full list before it shows or stores anything
 *   (utils/background/page-product.ts).
 */

/** The registrable domain of a host, or null when it has none (an IP, a public suffix) or is unknown. */
export type DomainOf = (host: string) => string | null;

/** The entry of `domains` that `host` is, or is a subdomain of; null when none. */
export function domainOfKnownHost(host: string, domains: readonly string[]): string | null {
  const name = host.toLowerCase();
  return domains.find((domain) => name === domain || name.endsWith(`.${domain}`)) ?? null;
}

/**
 * The content script's DomainOf: the background named the page host's registrable domain; a host under
 * that domain is taken to share it. That is wrong only where the list has a public suffix below a
 * registrable domain (`s3.amazonaws.com` under `amazonaws.com`); the background's own check then finds
 * the product's address on another store and refuses it, so the guess can only make Haowu show less.
 */
export function domainsOfPage(pageHost: string, pageDomain: string | null): DomainOf {
  const page = pageHost.toLowerCase();
  return (host) => {
    const name = host.toLowerCase();
    if (pageDomain === null) return null;
    return name === page || name === pageDomain || name.endsWith(`.${pageDomain}`) ? pageDomain : null;
  };
}
