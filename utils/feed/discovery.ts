import { COLLECTION_LINK_TYPE, FEED_LINK_TYPE } from '../window/files';
import { MAX_URL_LENGTH } from './limits';

/*
 * Feed discovery: a web page announces an expert's feed (or a collection) the way sites announce
 * RSS feeds, with a link in its head:
 *
 *   <link rel="alternate" type="application/vnd.haowu.feed+json" href="feed.json">
 *   <link rel="alternate" type="application/vnd.haowu.collection+json" href="collection.json">
 *
 * Every page of an expert's window does (utils/window/page.ts). Pure and DOM-free: the background has
 * no DOMParser, so `discoverFeeds` reads the page's HTML text with a small tag scanner; the popup,
 * which reads the open tab's DOM instead, hands the same link attributes to `announcedFeeds`, so both
 * paths apply one rule. No network here: what is announced is only an address, checked later.
 */

export type AnnouncedKind = 'feed' | 'collection';

export interface AnnouncedFeed {
  kind: AnnouncedKind;
  /** The absolute https address, resolved against the page (or its <base>), without a fragment. */
  url: string;
}

/** A discovery link that was not taken, and why. */
export interface RefusedLink {
  kind: AnnouncedKind;
  /** The address as resolved, or as written when it does not resolve. */
  href: string;
  reason: 'not-https' | 'bad-url';
}

export interface Discovery {
  /** The announced feeds and collections, in document order, each address once. */
  announced: AnnouncedFeed[];
  refused: RefusedLink[];
}

/** A `<link>` element's attributes as written (null when absent). */
export interface LinkAttributes {
  rel: string | null;
  type: string | null;
  href: string | null;
}

const KINDS: Readonly<Record<string, AnnouncedKind>> = { [FEED_LINK_TYPE]: 'feed', [COLLECTION_LINK_TYPE]: 'collection' };

const ASCII_WHITESPACE = /[\t\n\f\r ]+/;

/** The kind a link announces: rel holds the token `alternate` and type is one of Haowu's (parameters ignored). */
export function announcedKind(link: Pick<LinkAttributes, 'rel' | 'type'>): AnnouncedKind | null {
  if (link.rel === null || link.type === null) return null;
  const rels = link.rel.toLowerCase().split(ASCII_WHITESPACE);
  if (!rels.includes('alternate')) return null;
  const type = link.type.split(';')[0]!.trim().toLowerCase();
  return Object.hasOwn(KINDS, type) ? KINDS[type]! : null;
}

/**
 * The https address a discovery link points to: resolved against `base`, no user name, password or
 * port other than 443's, at most MAX_URL_LENGTH characters, the fragment dropped.
 */
function resolveLink(href: string, base: string): { ok: true; url: string } | { ok: false; href: string; reason: RefusedLink['reason'] } {
  // HTML strips leading and trailing ASCII whitespace from URL attributes.
  const text = href.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '');
  if (!URL.canParse(text, base)) return { ok: false, href: text, reason: 'bad-url' };
  const url = new URL(text, base);
  url.hash = '';
  if (url.protocol !== 'https:') return { ok: false, href: url.href, reason: 'not-https' };
  if (url.username || url.password || url.port || !url.hostname.includes('.') || url.href.length > MAX_URL_LENGTH) return { ok: false, href: url.href, reason: 'bad-url' };
  return { ok: true, url: url.href };
}

/** The feeds and collections `links` announce, resolved against `base` (the page's address or its <base>). */
export function announcedFeeds(links: readonly LinkAttributes[], base: string): Discovery {
  const announced: AnnouncedFeed[] = [];
  const refused: RefusedLink[] = [];
  const seen = new Set<string>();
  for (const link of links) {
    const kind = announcedKind(link);
    if (kind === null || link.href === null || link.href.trim() === '') continue;
    const resolved = resolveLink(link.href, base);
    if (!resolved.ok) {
      refused.push({ kind, href: resolved.href, reason: resolved.reason });
      continue;
    }
    if (seen.has(resolved.url)) continue;
    seen.add(resolved.url);
    announced.push({ kind, url: resolved.url });
  }
  return { announced, refused };
}

// --- The tag scanner ----------------------------------------------------------------------------

/*
 * Just enough of HTML's tokenizer to find the document's <link> and <base> elements: comments,
 * doctype and other markup declarations are skipped; the contents of elements whose text is not
 * markup (script, style, textarea, title, template …) are skipped to their end tag, so a link inside
 * a script string or a comment is not announced; attributes are read quoted ("…", '…') or unquoted,
 * names case-insensitively, the first of a repeated name wins, and character references decoded.
 */

/** Elements whose content is not parsed as tags (raw text, escapable raw text, and template contents). */
const SKIPPED_CONTENT = new Set(['script', 'style', 'textarea', 'title', 'template', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'plaintext']);

const NAMED_REFERENCES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes numeric and the common named character references in an attribute value. */
export function decodeReferences(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));?/g, (match, decimal?: string, hex?: string, name?: string) => {
    if (name !== undefined) return Object.hasOwn(NAMED_REFERENCES, name.toLowerCase()) ? NAMED_REFERENCES[name.toLowerCase()]! : match;
    const code = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex!, 16);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
  });
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
const isLetter = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));

interface Tag {
  name: string;
  attributes: Map<string, string>;
  /** The position after the tag's `>` (or the end of the text). */
  end: number;
}

/** Reads a start tag whose name begins at `at` (just after `<`). */
function readTag(html: string, at: number): Tag {
  let i = at;
  while (i < html.length && !isSpace(html[i]) && html[i] !== '/' && html[i] !== '>') i++;
  const name = html.slice(at, i).toLowerCase();
  const attributes = new Map<string, string>();
  for (;;) {
    while (i < html.length && (isSpace(html[i]) || html[i] === '/')) i++;
    if (i >= html.length) return { name, attributes, end: html.length };
    if (html[i] === '>') return { name, attributes, end: i + 1 };
    // An attribute name runs to whitespace, `/`, `>` or `=` (a leading `=` belongs to the name).
    const nameStart = i;
    i++;
    while (i < html.length && !isSpace(html[i]) && html[i] !== '/' && html[i] !== '>' && html[i] !== '=') i++;
    const attribute = html.slice(nameStart, i).toLowerCase();
    while (i < html.length && isSpace(html[i])) i++;
    let value = '';
    if (html[i] === '=') {
      i++;
      while (i < html.length && isSpace(html[i])) i++;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        const stop = close === -1 ? html.length : close;
        value = html.slice(i + 1, stop);
        i = stop + 1;
      } else {
        const start = i;
        while (i < html.length && !isSpace(html[i]) && html[i] !== '>') i++;
        value = html.slice(start, i);
      }
    }
    if (!attributes.has(attribute)) attributes.set(attribute, decodeReferences(value));
  }
}

/** Lowercases A–Z only, so every position stays the same (toLowerCase may change lengths, e.g. İ). */
const asciiLower = (text: string): string => text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());

/** Where the element `name`'s content ends: at its end tag `</name` (any case), or the end of the text. */
function skipContent(lower: string, from: number, name: string): number {
  if (name === 'plaintext') return lower.length;
  let at = from;
  for (;;) {
    const close = lower.indexOf(`</${name}`, at);
    if (close === -1) return lower.length;
    const after = lower[close + 2 + name.length];
    if (after === undefined || isSpace(after) || after === '>' || after === '/') return close;
    at = close + 2;
  }
}

/** The document's <link> elements' attributes and its first <base href>, in document order. */
export function scanLinks(html: string): { links: LinkAttributes[]; base: string | null } {
  const links: LinkAttributes[] = [];
  let base: string | null = null;
  // Lowercased once, for finding end tags (same length and positions: only ASCII letters matter here).
  let lower: string | null = null;
  let i = 0;
  while (i < html.length) {
    const open = html.indexOf('<', i);
    if (open === -1) break;
    const next = html[open + 1];
    if (html.startsWith('<!--', open)) {
      // `<!-->` and `<!--->` are empty comments.
      const close = html.indexOf('-->', open + 2);
      const shortClose = html.startsWith('<!-->', open) ? open + 5 : html.startsWith('<!--->', open) ? open + 6 : -1;
      i = shortClose !== -1 ? shortClose : close === -1 ? html.length : close + 3;
    } else if (next === '!' || next === '?') {
      // Doctype, CDATA and other declarations end at the first `>`.
      const close = html.indexOf('>', open + 2);
      i = close === -1 ? html.length : close + 1;
    } else if (next === '/') {
      // End tag: `</` followed by a letter runs to `>`; anything else is a bogus comment, also to `>`.
      const close = html.indexOf('>', open + 2);
      i = close === -1 ? html.length : close + 1;
    } else if (isLetter(next)) {
      const tag = readTag(html, open + 1);
      if (tag.name === 'link') links.push({ rel: tag.attributes.get('rel') ?? null, type: tag.attributes.get('type') ?? null, href: tag.attributes.get('href') ?? null });
      else if (tag.name === 'base' && base === null && tag.attributes.has('href')) base = tag.attributes.get('href')!;
      i = SKIPPED_CONTENT.has(tag.name) ? skipContent((lower ??= asciiLower(html)), tag.end, tag.name) : tag.end;
    } else {
      // A `<` that starts no tag is text.
      i = open + 1;
    }
  }
  return { links, base };
}

/** The base URL links resolve against: the document's first <base href> (resolved against the page), else the page. */
function documentBase(pageUrl: string, base: string | null): string {
  if (base === null) return pageUrl;
  const text = base.trim();
  return URL.canParse(text, pageUrl) ? new URL(text, pageUrl).href : pageUrl;
}

/** The feeds and collections a page announces, from its HTML and its address (after redirects). */
export function discoverFeeds(html: string, pageUrl: string): Discovery {
  const { links, base } = scanLinks(html);
  return announcedFeeds(links, documentBase(pageUrl, base));
}

/**
 * Whether a fetched file is a web page rather than JSON. By its text first (after a byte-order mark
 * and whitespace): `<` starts no JSON value, and a feed or collection starts with `{`, so a server that
 * labels its files wrongly (JSON as text/html, a page as text/plain) is read for what it is; only a
 * body that starts with neither goes by its Content-Type.
 */
export function isHtmlResponse(contentType: string | null, bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x0c)) i++;
  if (bytes[i] === 0x3c) return true;
  if (bytes[i] === 0x7b || bytes[i] === 0x5b) return false;
  const type = contentType?.split(';')[0]!.trim().toLowerCase();
  return type === 'text/html' || type === 'application/xhtml+xml';
}
