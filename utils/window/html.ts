/*
 * The window's pages are built as strings in the background (a service worker has no DOM), from text
 * an expert, a store page or another expert's feed supplied. Everything goes through `html`, a tagged
 * template that escapes every interpolated value unless it is already markup built the same way, so
 * no caller can forget to escape. URLs are a separate type that only the URL checks below can make,
 * and `href="…"`/`src="…"` accept nothing else.
 */

// Only this module holds the token, so only this module can make Html or SafeUrl values.
const MINT: unique symbol = Symbol('window-markup');

/** Markup built by `html`: inserted as it is. */
export class Html {
  constructor(
    mint: typeof MINT,
    readonly text: string,
  ) {
    if (mint !== MINT) throw new TypeError('Build markup with html``');
  }

  toString(): string {
    return this.text;
  }
}

/** A URL that passed a check here: https without credentials, or a relative path built from slugs. */
export class SafeUrl {
  constructor(
    mint: typeof MINT,
    readonly href: string,
  ) {
    if (mint !== MINT) throw new TypeError('Check URLs with httpsUrl or relativeUrl');
  }
}

export type HtmlValue = string | number | Html | SafeUrl | null | undefined | false | readonly HtmlValue[];

/*
 * Characters removed from every displayed text. Controls have no business in a name or a reason.
 * Bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069) let a name reorder what follows
 * it or pose as another text ("Trojan Source"); natural right-to-left text needs none of them, and the
 * page isolates each name and reason anyway (<bdi>, dir="auto"). Zero-width space, word joiner and
 * BOM only make two names look alike. ZWJ/ZWNJ and LRM/RLM stay: emoji and some scripts need them.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200B\u2060\uFEFF\uFFFE\uFFFF]/g;
/** A surrogate without its pair cannot be encoded as UTF-8: it becomes U+FFFD, as TextEncoder would. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text as it may be shown: without controls, bidi overrides and invisible separators. */
export const cleanText = (text: string): string => text.replace(INVISIBLE, '').replace(LONE_SURROGATE, '\uFFFD');

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * The one escaper: safe in text and in double-quoted attribute values (every attribute in these
 * templates is double-quoted). Cleans the text first (see `cleanText`).
 */
export const escapeHtml = (text: string): string => cleanText(text).replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

// A value right after one of these must be a SafeUrl: a plain string there could be `javascript:`.
const URL_ATTRIBUTE = /\s(?:href|src)="$/;

function render(value: HtmlValue, literalBefore: string): string {
  if (value === null || value === undefined || value === false) return '';
  if (URL_ATTRIBUTE.test(literalBefore) && !(value instanceof SafeUrl)) {
    throw new TypeError(`A URL attribute needs a checked URL, not ${typeof value}`);
  }
  if (value instanceof Html) return value.text;
  if (value instanceof SafeUrl) return escapeHtml(value.href);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('Only finite numbers can be shown');
    return String(value);
  }
  if (typeof value === 'string') return escapeHtml(value);
  return value.map((item) => render(item, '')).join('');
}

/** Builds markup; every `${value}` is escaped unless it is Html. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value, strings[i] ?? '') + (strings[i + 1] ?? '');
  });
  return new Html(MINT, out);
}

/**
 * An absolute https URL a shopper may follow or load, or null. No user name or password (a classic way
 * to make a link read as another site) and no other scheme: `javascript:`, `data:` and `http:` are
 * refused. The URL parser's serialization is used, so the result is ASCII (hosts in punycode).
 */
export function httpsUrl(url: string | null | undefined): SafeUrl | null {
  if (typeof url !== 'string' || !URL.canParse(url)) return null;
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.hostname === '') return null;
  return new SafeUrl(MINT, parsed.href);
}

/** A link inside the window: a relative path of slugs (see slug.ts) with an optional fragment. */
export function relativeUrl(path: string): SafeUrl {
  if (!/^(?:\.\.\/)*(?:[a-z0-9_.-]+\/)*[a-z0-9_.-]*(?:#[a-z0-9_-]+)?$/.test(path) || /(?:^|\/)\.{1,2}(?:\/|$|#)/.test(path.replace(/^(?:\.\.\/)+/, ''))) {
    throw new TypeError(`Not a window path: ${path}`);
  }
  return new SafeUrl(MINT, path);
}

/** A window path resolved against its public address, for canonical, og:url and the QR code. */
export function absoluteUrl(base: SafeUrl, path: string): SafeUrl {
  return new SafeUrl(MINT, new URL(relativeUrl(path).href, base.href).href);
}

/**
 * The page's one style block. CSS is raw text inside <style> (entities are not decoded there), so it
 * cannot go through the escaper; it is a constant of Haowu's, and must not be able to close its element.
 */
export function styleElement(css: string): Html {
  if (/<\/?style/i.test(css)) throw new TypeError('The style sheet must not contain a style tag');
  return new Html(MINT, `<style>${css}</style>`);
}
