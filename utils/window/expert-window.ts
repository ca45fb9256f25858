import { HaowuError } from '../errors';
import { cleanDisplayName } from '../expert/display-name';
import type { Language } from '../i18n/translate';
import { FEED_FILE, FEED_LINK_TYPE, dataFile, htmlFile, type BuiltWindow, type WindowFile } from './files';
import { formatDay, isExpertId, preview, shortExpertId } from './format';
import { cleanText, html, httpsUrl, type Html, type SafeUrl } from './html';
import { TAG_NAV_LIMIT, allTagsList, countFacets, navigation, type FacetCount } from './navigation';
import { fromPage, pageFooter, publicUrl, renderPage, windowBaseUrl, type PageLinks } from './page';
import { ALL_TAGS_PATH, INDEX_PATH, pickAnchor, pickPagePath, storePagePath, tagPagePath } from './paths';
import { pickCard } from './pick-card';
import { windowPicks, type WindowPick, type WindowPickSource } from './picks';
import { qrSvg } from './qr-svg';
import { sha256Hex } from './sha256';
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
  /** The SHA-256 of everything every page is made from besides its own content (the templates' sample, language, zone, address, expert, styles). */
  shared: string;
  /** Each pick as text: what its card and its page are made from, beside `shared`. */
  pickInputs: Map<WindowPick, string>;
  /** Each pick's card, per folder depth: a pick shows on several pages, and its card is the same on each. */
  cards: Map<string, Html>;
  /** The cards of the window planned before, when `shared` was the same (`keptCards`). */
  earlierCards: ReadonlyMap<string, Html>;
}

/*
 * Cards kept from the last window planned, while what every page shares is unchanged: a pick's card
 * depends only on the pick, the folder depth and `shared`, so after an edit the home page reuses
 * 999 cards of 1,000. Only the cards the latest window uses are kept.
 */
let keptCards: { shared: string; cards: ReadonlyMap<string, Html> } = { shared: '', cards: new Map() };

function cardOf(context: WindowContext, links: PageLinks, pick: WindowPick): Html {
  const key = `${links.root}\u0000${context.pickInputs.get(pick) ?? pick.id}`;
  let card = context.cards.get(key) ?? context.earlierCards.get(key);
  if (!card) card = pickCard(pick, { language: context.language, links, expertName: context.expert.name, timeZone: context.timeZone });
  context.cards.set(key, card);
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

/** One page of the window, planned: what it is made from, and how to make it. */
export interface PlannedPage {
  path: string;
  /**
   * Everything the page's bytes are made from, as text. The builder is pure, so equal inputs make
   * equal bytes: a page whose inputs are those of the last publish need not be built again.
   */
  inputs: string;
  build: () => WindowFile;
}

export interface WindowPlan {
  /** feed.json, written as given. */
  feed: WindowFile;
  /** Every page, in the order a full build lists them (the home page first). */
  pages: PlannedPage[];
}

/*
 * The templates themselves are part of every page's inputs, through a sample window built with them:
 * a new Haowu whose pages look different (markup, styles, strings, the browser's date and price
 * formats) changes the sample, so every page is built and uploaded again.
 */
const SAMPLE_EXPERT_ID = 'ed25519:00000000000000000000000000000000';
const SAMPLE_TAGS = Array.from({ length: TAG_NAV_LIMIT + 1 }, (_, i) => `sample-${i}`);
const samples = new Map<string, Promise<string>>();

function templateSample(language: Language, timeZone: string | undefined): Promise<string> {
  const key = `${language} ${timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone}`;
  let sample = samples.get(key);
  if (!sample) {
    const day = Date.UTC(2025, 0, 15);
    const product = { key: 'jd:100', platform: 'jd', productId: '100', canonicalUrl: 'https://item.jd.com/100.html', shopName: 'Shop', storeDomain: 'jd.com', imageUrl: null } as const;
    const recommendation = (id: string, full: boolean): WindowPickSource['recommendation'] => ({
      id,
      snapshot: { title: `Sample ${id}`, imageUrl: full ? 'https://img.example.com/a.jpg' : null, price: full ? { currency: 'CNY', minMinor: 123456, maxMinor: 234567 } : null },
      reason: 'A sample reason.',
      rating: full ? 4 : 2,
      stockNote: full ? 'In stock' : null,
      tags: full ? SAMPLE_TAGS : [],
      partnerLink: full ? 'https://u.jd.com/sample' : null,
      createdAt: day,
      updatedAt: full ? day + 1 : day,
      expiresAt: null,
      deleted: false,
    });
    sample = planWindow(
      {
        expert: { id: SAMPLE_EXPERT_ID, name: 'Sample', bio: 'A sample bio.', avatarUrl: 'https://img.example.com/avatar.jpg' },
        picks: [
          { recommendation: recommendation('sample-a', true), product },
          { recommendation: recommendation('sample-b', false), product: { ...product, shopName: null } },
        ],
        feedText: '{}',
        language,
        publicBaseUrl: 'https://example.com/window',
        now: day,
        timeZone,
      },
      null,
    ).then(({ pages }) => pages.map((page) => page.build().body).join('\n'));
    samples.set(key, sample);
  }
  return sample;
}

/** Plans every file of the expert's window. Throws HaowuError for an invalid expert id or public address. */
export async function planExpertWindow(input: ExpertWindowInput): Promise<WindowPlan> {
  return planWindow(input, await templateSample(input.language, input.timeZone));
}

/** `sample`: the template sample's text (templateSample), or null when planning the sample itself. */
async function planWindow(input: ExpertWindowInput, sample: string | null): Promise<WindowPlan> {
  if (!isExpertId(input.expert.id)) throw new HaowuError('invalid-input', 'window.badExpertId', { id: input.expert.id });
  const picks = windowPicks(input.picks, input.now);
  const bio = input.expert.bio ? cleanText(input.expert.bio).trim() : '';
  const expert = { id: input.expert.id, name: cleanDisplayName(input.expert.name) || shortExpertId(input.expert.id), bio: bio || null, avatar: httpsUrl(input.expert.avatarUrl) };
  const base = windowBaseUrl(input.publicBaseUrl);
  const styleHash = await styleHashSource();
  // Hashed once here: every page's inputs start with it, and the sample alone is a few hundred KB.
  // The zone the dates are written in: the runtime's when none is given, which can change while the worker lives.
  const zone = input.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const shared = await sha256Hex(JSON.stringify([sample, input.language, zone, base, expert, styleHash]));
  const context: WindowContext = {
    language: input.language,
    // A name of nothing but invisible characters would show as nothing: the id stands in.
    expert,
    picks,
    stores: countFacets(picks, (pick) => [pick.store]),
    tags: countFacets(picks, (pick) => pick.tags),
    base,
    styleHash,
    now: input.now,
    timeZone: input.timeZone,
    shared,
    pickInputs: new Map(picks.map((pick) => [pick, JSON.stringify(pick)])),
    cards: new Map(),
    earlierCards: sample !== null && keptCards.shared === shared ? keptCards.cards : new Map(),
  };
  // The sample window (sample null) neither uses nor replaces the real window's cards.
  if (sample !== null) keptCards = { shared, cards: context.cards };
  const { language } = context;
  // What every page with the navigation shows besides its picks: the counts, and the footer's day.
  const listShared = `${shared}\n${JSON.stringify([context.stores, context.tags, picks.length, formatDay(input.now, language, input.timeZone).text])}`;
  const listInputs = (path: string, heading: string | null, listed: readonly WindowPick[]) =>
    [listShared, path, heading ?? '', ...listed.map((pick) => context.pickInputs.get(pick))].join('\n');
  const listed = (path: string, heading: string | null, shown: readonly WindowPick[]): PlannedPage => ({
    path,
    inputs: listInputs(path, heading, shown),
    build: () => listPage(context, path, heading, shown),
  });

  const pages: PlannedPage[] = [listed(INDEX_PATH, null, picks)];
  for (const { facet } of context.stores) {
    const heading = windowText(language, 'window.store.heading', { store: storeLabel(facet.key, language) });
    pages.push(listed(storePagePath(facet.slug), heading, picks.filter((pick) => pick.store.key === facet.key)));
  }
  for (const { facet } of context.tags) {
    const heading = windowText(language, 'window.tag.heading', { tag: facet.label });
    pages.push(listed(tagPagePath(facet.slug), heading, picks.filter((pick) => pick.tags.some((tag) => tag.key === facet.key))));
  }
  if (context.tags.length > TAG_NAV_LIMIT) {
    const heading = windowText(language, 'window.tags.heading');
    pages.push({
      path: ALL_TAGS_PATH,
      // The list of every tag is in listShared; of the picks, only their count and the preview image show.
      inputs: [listShared, ALL_TAGS_PATH, heading, JSON.stringify(previewImage(context, picks))].join('\n'),
      build: () => navigablePage(context, ALL_TAGS_PATH, heading, (links) => html`<main><h2>${heading}</h2>${allTagsList(links, context.tags)}</main>`, picks),
    });
  }
  for (const pick of picks) pages.push({ path: pickPagePath(pick), inputs: `${shared}\n${context.pickInputs.get(pick)}`, build: () => pickPage(context, pick) });
  return { feed: dataFile(FEED_FILE, input.feedText), pages };
}

/** Builds every file of the expert's window. Throws HaowuError for an invalid expert id or public address. */
export async function buildExpertWindow(input: ExpertWindowInput): Promise<BuiltWindow> {
  const { feed, pages } = await planExpertWindow(input);
  const [index, ...rest] = pages.map((page) => page.build());
  return { files: index ? [index, feed, ...rest] : [feed] };
}
