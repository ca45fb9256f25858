import { HaowuError } from '../errors';
import type { Language } from '../i18n/translate';
import { formatDay, htmlLang, ogLocale } from './format';
import { absoluteUrl, html, httpsUrl, relativeUrl, type Html, type SafeUrl } from './html';
import { styleBlock } from './style';
import { windowText } from './text';

/*
 * One page of a window: the document around a body. Every page carries the same guarantees:
 * a CSP that allows nothing but images and the one hashed style block (so even a mistake in escaping
 * could not run a script or load anything), no referrer (no store or image host learns where the
 * visitor came from, and image hosts that refuse other sites' referrers still show the pictures), the
 * discovery link to the window's data file, and link-preview tags.
 */

export interface PageLinks {
  /** The path from this page back to the window's root: '' at the root, '../' one folder down. */
  root: '' | '../';
  /** This page's path in the window, e.g. `tag/kitchen.html`. */
  path: string;
  /** The window's public address (a folder, ending in /), when known. */
  base: SafeUrl | null;
}

export interface PageInput extends PageLinks {
  language: Language;
  title: string;
  description: string;
  /** The link-preview image (https). */
  image: SafeUrl | null;
  /** Defaults to the page's own public address (none when the address is unknown). */
  canonical?: SafeUrl | null;
  /** The discovery link: the window's data file and its vendor type. */
  alternate: { type: string; file: string; title: string };
  /** `'sha256-…'` of the style block (style.ts). */
  styleHash: string;
  body: Html;
}

/** The CSP. No frame-ancestors: browsers ignore it in a meta tag (a host header would be needed). */
export const contentSecurityPolicy = (styleHash: string): string =>
  `default-src 'none'; img-src https: data:; style-src ${styleHash}; base-uri 'none'; form-action 'none'`;

/** A path in the window as seen from this page. */
export const fromPage = (links: Pick<PageLinks, 'root'>, path: string): SafeUrl => relativeUrl(`${links.root}${path}`);

/** This page's, or another window path's, public address; null when the window's address is unknown. */
export const publicUrl = (links: Pick<PageLinks, 'base'>, path: string): SafeUrl | null => (links.base ? absoluteUrl(links.base, path) : null);

export function renderPage(page: PageInput): string {
  const ownUrl = publicUrl(page, page.path);
  const canonical = page.canonical === undefined ? ownUrl : page.canonical;
  const meta = (property: string, content: string | SafeUrl | null) => (content === null ? null : html`<meta property="${property}" content="${content}">`);
  const card = (name: string, content: string | SafeUrl | null) => (content === null ? null : html`<meta name="${name}" content="${content}">`);
  const document = html`<!doctype html>
<html lang="${htmlLang(page.language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(page.styleHash)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${page.title}</title>
<meta name="description" content="${page.description}">
${canonical ? html`<link rel="canonical" href="${canonical}">\n` : null}<link rel="alternate" type="${page.alternate.type}" href="${fromPage(page, page.alternate.file)}" title="${page.alternate.title}">
<link rel="icon" href="data:,">
${meta('og:type', 'website')}${meta('og:locale', ogLocale(page.language))}${meta('og:title', page.title)}${meta('og:description', page.description)}${meta('og:image', page.image)}${meta('og:url', ownUrl)}
${card('twitter:card', 'summary')}${card('twitter:title', page.title)}${card('twitter:description', page.description)}${card('twitter:image', page.image)}
${styleBlock()}
</head>
<body>
<div class="wrap">
${page.body}
</div>
</body>
</html>
`;
  return document.text;
}

/**
 * The window's public address as a folder (`https://host/path/`): query and fragment dropped, a
 * trailing slash added, so pages resolve against it. Null when unknown; an address that is not plain
 * https is refused, since the QR code and link previews would send people there.
 */
export function windowBaseUrl(publicBaseUrl: string | null): SafeUrl | null {
  if (publicBaseUrl === null) return null;
  const checked = httpsUrl(publicBaseUrl);
  if (!checked) throw new HaowuError('invalid-input', 'window.addressNotHttps');
  const url = new URL(checked.href);
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return httpsUrl(url.href);
}

/**
 * The closing line of every page: the date its content dates from (the publish, for pages listing
 * picks; the pick's last change, for a pick's own page, so an unchanged pick's page keeps its bytes
 * and is not uploaded again), and that it watches no one.
 */
export function pageFooter(language: Language, now: number, timeZone: string | undefined): Html {
  const day = formatDay(now, language, timeZone);
  return html`<footer><p>${windowText(language, 'window.footer', { date: day.text })}</p></footer>`;
}
