/*
 * Which redirects a feed fetch may follow (fetch-feed.ts): https only, no user name or password, at
 * most MAX_REDIRECTS in a row, to a site the user granted Haowu (the host permission), and never to a
 * loopback, private or link-local host.
 *
 * The host is judged by its name as the URL spells it, never by the address it resolves to: an
 * extension cannot see DNS answers, so a public name that resolves to 127.0.0.1 (DNS rebinding) is out
 * of its reach; the host permission, which the browser enforces on every hop, is what bounds that.
 * The WHATWG URL parser has already turned every IPv4 spelling (0x7f.1, 2130706433, 0177.0.0.1) into
 * dotted decimal and every IPv6 one into its compressed lowercase form, so a few prefix checks suffice
 * and no library is needed.
 */

/** Redirects followed in a row before giving up; feeds on real hosts need one or two (http→https is refused anyway). */
export const MAX_REDIRECTS = 5;

function ipv4Octets(host: string): number[] | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!match) return null;
  const octets = match.slice(1).map(Number);
  return octets.every((octet) => octet <= 255) ? octets : null;
}

/** 0/8 (0.0.0.0 reaches this machine), 127/8, 10/8, 172.16/12, 192.168/16, 169.254/16. */
function isPrivateIpv4([a, b]: number[]): boolean {
  return a === 0 || a === 127 || a === 10 || (a === 172 && b! >= 16 && b! <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
}

/** The eight 16-bit groups of a canonical IPv6 address (without brackets); null if it is not one. */
function ipv6Groups(host: string): number[] | null {
  if (!/^[0-9a-f:]+$/.test(host) || host.split('::').length > 2) return null;
  const [head, tail] = host.includes('::') ? host.split('::') : [host, undefined];
  const parse = (part: string | undefined) => (part ? part.split(':').map((group) => Number.parseInt(group, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const groups = tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : null;
}

/** ::1, ::, fc00::/7 (unique local), fe80::/10 (link-local), and IPv4-mapped (::ffff:a.b.c.d) private IPv4. */
function isPrivateIpv6(groups: number[]): boolean {
  const zeros = (n: number) => groups.slice(0, n).every((group) => group === 0);
  if (zeros(7) && (groups[7] === 0 || groups[7] === 1)) return true;
  if ((groups[0]! & 0xfe00) === 0xfc00 || (groups[0]! & 0xffc0) === 0xfe80) return true;
  if (zeros(5) && groups[5] === 0xffff) return isPrivateIpv4([groups[6]! >> 8, groups[6]! & 0xff]);
  return false;
}

/** Whether a URL's hostname names this machine or a private network (by name: see above). */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host.startsWith('[') && host.endsWith(']')) {
    const groups = ipv6Groups(host.slice(1, -1));
    // An address in brackets that does not read as IPv6 is refused: there is no reason to trust it.
    return groups === null || isPrivateIpv6(groups);
  }
  const octets = ipv4Octets(host);
  return octets !== null && isPrivateIpv4(octets);
}

/** Why a redirect target is refused; null when it may be followed (the host permission is checked by the caller). */
export type RedirectProblem = 'not-https' | 'credentials' | 'private' | null;

export function redirectProblem(target: URL): RedirectProblem {
  if (target.protocol !== 'https:') return 'not-https';
  if (target.username || target.password) return 'credentials';
  return isPrivateHost(target.hostname) ? 'private' : null;
}
