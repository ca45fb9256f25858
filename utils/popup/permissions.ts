import { browser } from 'wxt/browser';


/**
 * The origin pattern for one other store the user types in ("shop.example", "https://shop.example/p/1"),
 * or null if it is not a plain https host name. One store at a time: Haowu never asks for every site.
 */
export function siteOrigin(input: string): string | null {
  const text = input.trim().toLowerCase();
  if (!text) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//.test(text) ? text : `https://${text}`;
  if (!URL.canParse(withScheme)) return null;
  const url = new URL(withScheme);
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return null;
  const host = url.hostname;
  // A real host name with a dot, not an IP address or a wildcard.
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) || /^[\d.]+$/.test(host)) return null;
  return `https://${host}/*`;
}

/** Asks the browser; must be called straight from a click (a user gesture), before any await. */
export const requestOrigins = (origins: readonly string[]): Promise<boolean> => browser.permissions.request({ origins: [...origins] });
export const removeOrigins = (origins: readonly string[]): Promise<boolean> => browser.permissions.remove({ origins: [...origins] });
export const grantedOrigins = async (): Promise<string[]> => (await browser.permissions.getAll()).origins ?? [];
