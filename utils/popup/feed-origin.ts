/**
 * The origin the popup asks permission for before following a feed at `address`: only https, no
 * user name, password or port. Null when the address cannot be a feed's.
 */
export function feedOrigin(address: string): { origin: string; pattern: string } | null {
  const text = address.trim();
  if (!URL.canParse(text)) return null;
  const url = new URL(text);
  if (url.protocol !== 'https:' || url.username || url.password || url.port || !url.hostname.includes('.')) return null;
  return { origin: url.origin, pattern: `${url.origin}/*` };
}
