import { HaowuError } from '../errors';
import { cleanDisplayName } from '../expert/display-name';
import type { Language } from '../i18n/translate';
import { FEED_FILE, FEED_LINK_TYPE, dataFile, htmlFile, type BuiltWindow, type WindowFile } from './files';
import { isExpertId, preview, shortExpertId } from './format';
import { cleanText, html, httpsUrl, type Html, type SafeUrl } from './html';
import { TAG_NAV_LIMIT, allTagsList, countFacets, navigation, type FacetCount } from './navigation';
import { fromPage, pageFooter, publicUrl, renderPage, windowBaseUrl, type PageLinks } from './page';
import { ALL_TAGS_PATH, INDEX_PATH, pickAnchor, pickPagePath, storePagePath, tagPagePath } from './paths';
import { pickCard } from './pick-card';
import { windowPicks, type WindowPick, type WindowPickSource } from './picks';
import { qrSvg } from './qr-svg';
import { styleHashSource } from './style';
import { plural, storeLabel, windowHtml, windowText } from './text';

/*
 * The expert's window: a static site of their live picks and their signed feed, for any static host
 * (object storage, a personal site) or a zip. Pure: no network, no DOM, no clock but `now`, so it runs
 * in the background service worker and the same input always gives the same files.
 *
 * Files: index.html (every pick), store/<store>.html and tag/<tag>.html (narrowed, no JavaScript
 * needed), tags.html (when there are more tags than the navigation lists), p/<pick>.html (one pick's
 * link preview), feed.json (the signed feed, unchanged).
 */

export interface WindowExpert {
  /** The expert id, `ed25519:` and 32 hex digits. */
  id: string;
  name: string;
  bio?: string | null;
  /** Shown only when https. */
  avatarUrl?: string | null;
}

export interface ExpertWindowInput {
  expert: WindowExpert;
  /** The expert's recommendation records with their products; deleted and expired ones are left out here. */
  picks: readonly WindowPickSource[];
  /** The signed feed file, written unchanged as feed.json. */
  feedText: string;
  /** The expert's choice for the window, whatever Haowu's own language is. */
  language: Language;
  /** Where the window will be public (its folder), for the QR code, canonical links and og:url; null when unknown (a zip). */
  publicBaseUrl: string | null;
  now: number;
  /** For the dates shown; defaults to the runtime's (the expert's computer). */
  timeZone?: string;
}

/** Everything the pages of one window share. */
interface WindowContext {
  language: Language;
  expert: { id: string; name: string; bio: string | null; avatar: SafeUrl | null };
  picks: WindowPick[];
  stores: FacetCount[];
  tags: FacetCount[];
  base: SafeUrl | null;
  styleHash: string;
  now: number;
  timeZone: string | undefined;
  /** Each pick's card, per folder depth: a pick shows on several pages, and its card is the same on each. */
  cards: Map<string, Html>;
}

function cardOf(context: WindowContext, links: PageLinks, pick: WindowPick): Html {
  const key = `${links.root}${pick.id}`;
  let card = context.cards.get(key);
  if (!card) {
    card = pickCard(pick, { language: context.language, links, expertName: context.expert.name, timeZone: context.timeZone });
    context.cards.set(key, card);
  }
  return card;
}

function expertHeader(context: WindowContext, links: PageLinks): Html {
  const { expert } = context;
  const name = html`<bdi>${expert.name}</bdi>`;
  const title = links.path === INDEX_PATH ? name : html`<a href="${fromPage(links, INDEX_PATH)}">${name}</a>`;
  return html`<header class="head">${expert.avatar ? html`<img class="avatar" src="${expert.avatar}" alt="" width="72" height="72">` : null}<div><h1>${title}</h1><p class="fp">${windowText(context.language, 'window.expertId')} <span title="${expert.id}">${shortExpertId(expert.id)}</span></p></div></header>${
    expert.bio ? html`<p class="bio" dir="auto">${expert.bio}</p>` : null
  }`;
}

/** How to follow: the feed's address, the full expert id to check, and on the home page the QR code. */
function followSection(context: WindowContext, links: PageLinks, withQr: boolean): Html {
  const { language, expert } = context;
  const feedAddress = publicUrl(links, FEED_FILE);
  const homeAddress = publicUrl(links, INDEX_PATH);
  return html`<section class="follow"><h2>${windowText(language, 'window.follow.heading')}</h2><p>${windowHtml(language, 'window.follow.text', {
    name: html`<bdi>${expert.name}</bdi>`,
  })}</p><p><a href="${fromPage(links, FEED_FILE)}"><code>${feedAddress ? feedAddress.href : FEED_FILE}</code></a></p><p class="sub">${windowHtml(language, 'window.follow.check', {
    id: html`<code>${expert.id}</code>`,
  })}</p>${withQr && homeAddress ? html`${qrSvg(homeAddress, windowText(language, 'window.qr.label'))}<p class="sub">${windowText(language, 'window.qr.caption')}</p>` : null}</section>`;
}

function picksSection(context: WindowContext, links: PageLinks, heading: string, picks: readonly WindowPick[]): Html {
  return html`<main><h2>${heading}</h2>${
    picks.length ? html`<div class="picks">\n${picks.map((pick) => cardOf(context, links, pick))}</div>` : html`<p>${windowText(context.language, 'window.picks.none')}</p>`
  }</main>`;
}

const countText = (context: WindowContext, count: number) =>
  windowText(context.language, plural(count, 'window.description.one', 'window.description.other'), { count, name: context.expert.name });

/** The link-preview image: the avatar, else the first pick's picture. */
const previewImage = (context: WindowContext, picks: readonly WindowPick[]): SafeUrl | null =>
  context.expert.avatar ?? picks.find((pick) => pick.imageUrl)?.imageUrl ?? null;

const linksFor = (context: WindowContext, path: string): PageLinks => ({ root: path.includes('/') ? '../' : '', path, base: context.base });

/** A page of the window with its navigation: the home page, one store's or tag's, or the list of tags. */
function navigablePage(context: WindowContext, path: string, heading: string | null, main: (links: PageLinks) => Html, picks: readonly WindowPick[]): WindowFile {
  const { language } = context;
  const links = linksFor(context, path);
  const windowTitle = windowText(language, 'window.title', { name: context.expert.name });
  const body = html`${expertHeader(context, links)}${navigation({ language, links, total: context.picks.length, stores: context.stores, tags: context.tags })}${main(
    links,
  )}${followSection(context, links, path === INDEX_PATH)}${pageFooter(language, context.now, context.timeZone)}`;
  return htmlFile(
    path,
    renderPage({
      ...links,
      language,
      title: heading ? `${heading} · ${windowTitle}` : windowTitle,
      description: preview(`${countText(context, picks.length)} ${context.expert.bio ?? ''}`, 200),
      image: previewImage(context, picks),
      alternate: { type: FEED_LINK_TYPE, file: FEED_FILE, title: windowTitle },
      styleHash: context.styleHash,
      body,
    }),
  );
}

const listPage = (context: WindowContext, path: string, heading: string | null, picks: readonly WindowPick[]): WindowFile =>
  navigablePage(context, path, heading, (links) => picksSection(context, links, heading ?? windowText(context.language, 'window.picks.heading'), picks), picks);

/**
 * One pick's own page, for sharing it: its title, reason and picture in the link preview, the pick
 * itself, and a plain link (and the canonical link) to its place on the home page. No redirect: a
 * page without scripts cannot send the visitor on, and need not.
 */
function pickPage(context: WindowContext, pick: WindowPick): WindowFile {
  const { language } = context;
  const path = pickPagePath(pick);
  const links: PageLinks = { root: '../', path, base: context.base };
  const onHome = `${INDEX_PATH}#${pickAnchor(pick)}`;
  const body = html`${expertHeader(context, links)}<main><p><a href="${fromPage(links, onHome)}">${windowHtml(language, 'window.pick.seeAll', {
    name: html`<bdi>${context.expert.name}</bdi>`,
  })}</a></p><div class="picks">${cardOf(context, links, pick)}</div></main>${followSection(context, links, false)}${pageFooter(language, pick.updatedAt, context.timeZone)}`;
  return htmlFile(
    path,
    renderPage({
      ...links,
      language,
      title: windowText(language, 'window.pick.previewTitle', { title: preview(pick.title, 80), name: context.expert.name }),
      description: preview(pick.reason, 200),
      image: pick.imageUrl ?? context.expert.avatar,
      canonical: publicUrl(links, onHome) ?? fromPage(links, onHome),
      alternate: { type: FEED_LINK_TYPE, file: FEED_FILE, title: windowText(language, 'window.title', { name: context.expert.name }) },
      styleHash: context.styleHash,
      body,
    }),
  );
}

/** Builds every file of the expert's window. Throws HaowuError for an invalid expert id or public address. */
export async function buildExpertWindow(input: ExpertWindowInput): Promise<BuiltWindow> {
  if (!isExpertId(input.expert.id)) throw new HaowuError('invalid-input', 'window.badExpertId', { id: input.expert.id });
  const picks = windowPicks(input.picks, input.now);
  const bio = input.expert.bio ? cleanText(input.expert.bio).trim() : '';
  const context: WindowContext = {
    language: input.language,
    // A name of nothing but invisible characters would show as nothing: the id stands in.
    expert: { id: input.expert.id, name: cleanDisplayName(input.expert.name) || shortExpertId(input.expert.id), bio: bio || null, avatar: httpsUrl(input.expert.avatarUrl) },
    picks,
    stores: countFacets(picks, (pick) => [pick.store]),
    tags: countFacets(picks, (pick) => pick.tags),
    base: windowBaseUrl(input.publicBaseUrl),
    styleHash: await styleHashSource(),
    now: input.now,
    timeZone: input.timeZone,
    cards: new Map(),
  };
  const { language } = context;
  const files: WindowFile[] = [listPage(context, INDEX_PATH, null, picks), dataFile(FEED_FILE, input.feedText)];
  for (const { facet } of context.stores) {
    const heading = windowText(language, 'window.store.heading', { store: storeLabel(facet.key, language) });
    files.push(listPage(context, storePagePath(facet.slug), heading, picks.filter((pick) => pick.store.key === facet.key)));
  }
  for (const { facet } of context.tags) {
    const heading = windowText(language, 'window.tag.heading', { tag: facet.label });
    files.push(listPage(context, tagPagePath(facet.slug), heading, picks.filter((pick) => pick.tags.some((tag) => tag.key === facet.key))));
  }
  if (context.tags.length > TAG_NAV_LIMIT) {
    const heading = windowText(language, 'window.tags.heading');
    files.push(navigablePage(context, ALL_TAGS_PATH, heading, (links) => html`<main><h2>${heading}</h2>${allTagsList(links, context.tags)}</main>`, picks));
  }
  for (const pick of picks) files.push(pickPage(context, pick));
  return { files };
}
