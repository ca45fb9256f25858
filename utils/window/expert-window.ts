import { HaowuError } from '../errors';
import { cleanDisplayName } from '../expert/display-name';
import type { Language } from '../i18n/translate';
import { FEED_FILE, FEED_LINK_TYPE, dataFile, htmlFile, type BuiltWindow, type WindowFile } from './files';
import { formatDay, isExpertId, preview, shortExpertId } from './format';
import { cleanText, html, httpsUrl, type Html, type SafeUrl } from './html';
import { TAG_NAV_LIMIT, allTagsList, countFacets, navigation, type FacetCount } from './navigation';
import { fromPage, pageFooter, publicUrl, renderPage, windowBaseUrl, type PageLinks } from './page';
import { pager } from './pager';
import { ALL_TAGS_PATH, INDEX_PATH, PICKS_PER_PAGE, listPagePath, pickAnchor, pickPagePath, storePagePath, tagPagePath } from './paths';
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
 * Files: index.html (the newest picks, index.2.html… the older ones), store/<store>.html and
 * tag/<tag>.html (narrowed, no JavaScript needed; store/<store>.2.html… after them), tags.html (when
 * there are more tags than the navigation lists), p/<pick>.html (one pick's link preview), feed.json
 * (the signed feed, unchanged). Lists are newest recommended first, PICKS_PER_PAGE to a page: an
 * edit does not move a pick, so it changes one page of each list the pick is on.
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
  /** The SHA-256 of each pick's text: what a page listing it names it by in its inputs. */
  pickDigests: Map<WindowPick, string>;
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

/** Where a page is in its list: the list's first page, this page's number, how many, and how many picks in all. */
interface Paging {
  firstPath: string;
  page: number;
  pages: number;
  total: number;
}

const pageText = (context: WindowContext, { page, pages }: Paging) => windowText(context.language, 'window.pages.page', { page, pages });

function picksSection(context: WindowContext, links: PageLinks, heading: string, picks: readonly WindowPick[], paging: Paging): Html {
  const { language } = context;
  const which = paging.pages > 1 ? html` <span class="sub">${pageText(context, paging)}</span>` : null;
  return html`<main><h2>${heading}${which}</h2>${
    picks.length ? html`<div class="picks">\n${picks.map((pick) => cardOf(context, links, pick))}</div>` : html`<p>${windowText(language, 'window.picks.none')}</p>`
  }${pager({ language, links, firstPath: paging.firstPath, page: paging.page, pages: paging.pages })}</main>`;
}

const countText = (context: WindowContext, count: number) =>
  windowText(context.language, plural(count, 'window.description.one', 'window.description.other'), { count, name: context.expert.name });

/** The link-preview image: the avatar, else the first pick's picture. */
const previewImage = (context: WindowContext, picks: readonly WindowPick[]): SafeUrl | null =>
  context.expert.avatar ?? picks.find((pick) => pick.imageUrl)?.imageUrl ?? null;

const linksFor = (context: WindowContext, path: string): PageLinks => ({ root: path.includes('/') ? '../' : '', path, base: context.base });

/**
 * A page of the window with its navigation: a page of the home list, of one store's or tag's, or the
 * list of tags. `picks`: those it shows (for the preview image); `paging`: where it is in its list.
 */
function navigablePage(context: WindowContext, heading: string | null, main: (links: PageLinks) => Html, picks: readonly WindowPick[], paging: Paging): WindowFile {
  const { language } = context;
  const path = listPagePath(paging.firstPath, paging.page);
  const links = linksFor(context, path);
  const windowTitle = windowText(language, 'window.title', { name: context.expert.name });
  const titled = paging.page > 1 ? `${heading ?? windowText(language, 'window.picks.heading')} · ${pageText(context, paging)}` : heading;
  const nav = navigation({ language, links, list: paging.firstPath, total: context.picks.length, stores: context.stores, tags: context.tags });
  const body = html`${expertHeader(context, links)}${nav}${main(links)}${followSection(context, links, path === INDEX_PATH)}${pageFooter(language, context.now, context.timeZone)}`;
  return htmlFile(
    path,
    renderPage({
      ...links,
      language,
      title: titled ? `${titled} · ${windowTitle}` : windowTitle,
      description: preview(`${countText(context, paging.total)} ${context.expert.bio ?? ''}`, 200),
      image: previewImage(context, picks),
      alternate: { type: FEED_LINK_TYPE, file: FEED_FILE, title: windowTitle },
      styleHash: context.styleHash,
      body,
    }),
  );
}

const listPage = (context: WindowContext, heading: string | null, picks: readonly WindowPick[], paging: Paging): WindowFile =>
  navigablePage(context, heading, (links) => picksSection(context, links, heading ?? windowText(context.language, 'window.picks.heading'), picks, paging), picks, paging);

/**
 * One pick's own page, for sharing it: its title, reason and picture in the link preview, the pick
 * itself, and a plain link (and the canonical link) to its place in the home list (`homePage`, the
 * page of it that shows the pick). No redirect: a page without scripts cannot send the visitor on,
 * and need not.
 */
function pickPage(context: WindowContext, pick: WindowPick, homePage: string): WindowFile {
  const { language } = context;
  const path = pickPagePath(pick);
  const links: PageLinks = { root: '../', path, base: context.base };
  const onHome = `${homePage}#${pickAnchor(pick)}`;
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
      // One pick a page, so the sample has numbered pages and their bar too.
      1,
    )
      // Its SHA-256, once: the sample is a few hundred KB, and every publish would hash it again.
      .then(({ pages }) => sha256Hex(pages.map((page) => page.build().body).join('\n')));
    samples.set(key, sample);
  }
  return sample;
}

/** Plans every file of the expert's window. Throws HaowuError for an invalid expert id or public address. */
export async function planExpertWindow(input: ExpertWindowInput): Promise<WindowPlan> {
  return planWindow(input, await templateSample(input.language, input.timeZone));
}

/*
 * The SHA-256 of each pick's text in the last window planned: a list page names its picks by these,
 * so its inputs stay small, and after an edit one pick is hashed, not a thousand.
 */
let lastPickDigests = new Map<string, string>();

/** Newest recommended first, then by id: an edit (a new `updatedAt`) does not move a pick from its page. */
const newestRecommendedFirst = (a: WindowPick, b: WindowPick) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * `sample`: the SHA-256 of the template sample (templateSample), or null when planning the sample itself.
 * `perPage`: picks on a page of a list.
 */
async function planWindow(input: ExpertWindowInput, sample: string | null, perPage: number = PICKS_PER_PAGE): Promise<WindowPlan> {
  if (!isExpertId(input.expert.id)) throw new HaowuError('invalid-input', 'window.badExpertId', { id: input.expert.id });
  // The tags' spelling and the facets come from windowPicks' order (last updated first); the lists are newest recommended first.
  const pickInputs = new Map<WindowPick, string>();
  const picks = windowPicks(input.picks, input.now, pickInputs).sort(newestRecommendedFirst);
  const bio = input.expert.bio ? cleanText(input.expert.bio).trim() : '';
  const expert = { id: input.expert.id, name: cleanDisplayName(input.expert.name) || shortExpertId(input.expert.id), bio: bio || null, avatar: httpsUrl(input.expert.avatarUrl) };
  const base = windowBaseUrl(input.publicBaseUrl);
  const styleHash = await styleHashSource();
  // Hashed once here: every page's inputs start with it.
  // The zone the dates are written in: the runtime's when none is given, which can change while the worker lives.
  const zone = input.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const shared = await sha256Hex(JSON.stringify([sample, input.language, zone, base, expert, styleHash]));
  const knownDigests = sample !== null ? lastPickDigests : new Map<string, string>();
  const pickDigests = new Map(await Promise.all(picks.map(async (pick): Promise<[WindowPick, string]> => {
    const text = pickInputs.get(pick)!;
    return [pick, knownDigests.get(text) ?? (await sha256Hex(text))];
  })));
  if (sample !== null) lastPickDigests = new Map(picks.map((pick) => [pickInputs.get(pick)!, pickDigests.get(pick)!]));
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
    pickInputs,
    pickDigests,
    cards: new Map(),
    earlierCards: sample !== null && keptCards.shared === shared ? keptCards.cards : new Map(),
  };
  // The sample window (sample null) neither uses nor replaces the real window's cards.
  if (sample !== null) keptCards = { shared, cards: context.cards };
  const { language } = context;
  // What every page with the navigation shows besides its picks: the counts, and the footer's day.
  const listShared = `${shared}\n${JSON.stringify([context.stores, context.tags, picks.length, formatDay(input.now, language, input.timeZone).text])}`;
  // Each page of a list: what every list page shows, where it is in its list, and its picks by their digests.
  const listed = (firstPath: string, heading: string | null, all: readonly WindowPick[]): PlannedPage[] => {
    const pages = Math.max(1, Math.ceil(all.length / perPage));
    return Array.from({ length: pages }, (_, i) => {
      const paging: Paging = { firstPath, page: i + 1, pages, total: all.length };
      const shown = all.slice(i * perPage, (i + 1) * perPage);
      const path = listPagePath(firstPath, paging.page);
      return {
        path,
        inputs: [listShared, path, heading ?? '', paging.page, pages, all.length, ...shown.map((pick) => context.pickDigests.get(pick))].join('\n'),
        build: () => listPage(context, heading, shown, paging),
      };
    });
  };

  const pages: PlannedPage[] = listed(INDEX_PATH, null, picks);
  for (const { facet } of context.stores) {
    const heading = windowText(language, 'window.store.heading', { store: storeLabel(facet.key, language) });
    pages.push(...listed(storePagePath(facet.slug), heading, picks.filter((pick) => pick.store.key === facet.key)));
  }
  for (const { facet } of context.tags) {
    const heading = windowText(language, 'window.tag.heading', { tag: facet.label });
    pages.push(...listed(tagPagePath(facet.slug), heading, picks.filter((pick) => pick.tags.some((tag) => tag.key === facet.key))));
  }
  if (context.tags.length > TAG_NAV_LIMIT) {
    const heading = windowText(language, 'window.tags.heading');
    pages.push({
      path: ALL_TAGS_PATH,
      // The list of every tag is in listShared; of the picks, only their count and the preview image show.
      inputs: [listShared, ALL_TAGS_PATH, heading, JSON.stringify(previewImage(context, picks))].join('\n'),
      build: () =>
        navigablePage(context, heading, (links) => html`<main><h2>${heading}</h2>${allTagsList(links, context.tags)}</main>`, picks, {
          firstPath: ALL_TAGS_PATH,
          page: 1,
          pages: 1,
          total: picks.length,
        }),
    });
  }
  picks.forEach((pick, i) => {
    const homePage = listPagePath(INDEX_PATH, Math.floor(i / perPage) + 1);
    pages.push({ path: pickPagePath(pick), inputs: `${shared}\n${homePage}\n${context.pickDigests.get(pick)}`, build: () => pickPage(context, pick, homePage) });
  });
  return { feed: dataFile(FEED_FILE, input.feedText), pages };
}

/** Builds every file of the expert's window. Throws HaowuError for an invalid expert id or public address. */
export async function buildExpertWindow(input: ExpertWindowInput): Promise<BuiltWindow> {
  const { feed, pages } = await planExpertWindow(input);
  const [index, ...rest] = pages.map((page) => page.build());
  return { files: index ? [index, feed, ...rest] : [feed] };
}
