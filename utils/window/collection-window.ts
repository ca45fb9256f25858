import { verifyCollection } from '../feed/collection';
import { FeedError } from '../feed/status-info';
import type { FeedAccepted } from '../feed/verify';
import { cleanDisplayName } from '../expert/display-name';
import type { Language } from '../i18n/translate';
import { COLLECTION_FILE, COLLECTION_LINK_TYPE, dataFile, htmlFile, type BuiltWindow } from './files';
import { preview, shortExpertId } from './format';
import { cleanText, html, httpsUrl, type Html, type SafeUrl } from './html';
import { fromPage, pageFooter, publicUrl, renderPage, windowBaseUrl, type PageLinks } from './page';
import { INDEX_PATH } from './paths';
import { qrSvg } from './qr-svg';
import { styleHashSource } from './style';
import { plural, windowHtml, windowText } from './text';

/*
 * A collection's window: one page presenting the experts a curator bundled, and the collection file
 * itself (collection.json, announced like an expert's feed). Every bundled feed is verified here as
 * Haowu verifies it when following (utils/feed/collection.ts): only experts whose signature checks
 * out are shown, with the id their key gives, so the page cannot present a forged expert.
 *
 * Links to experts: the feed format says nothing about where an expert's window is, and a collection
 * bundles feeds without their addresses. So each expert links to the feed address the caller knows
 * (where the curator follows them) and to the homepage their signed feed names, when either exists.
 */

export interface CollectionWindowInput {
  /** The collection file as it will be hosted, written unchanged as collection.json. */
  collectionText: string;
  /** Where each expert's feed can be followed (expert id → https address), when known. */
  feedAddresses?: Readonly<Record<string, string>>;
  language: Language;
  /** Where the window will be public (its folder); null when unknown (a zip). */
  publicBaseUrl: string | null;
  now: number;
  timeZone?: string;
}

interface CollectionExpert {
  id: string;
  name: string;
  bio: string | null;
  avatar: SafeUrl | null;
  homepage: SafeUrl | null;
  feed: SafeUrl | null;
  /** Picks in the feed that verified and have not expired. */
  picks: number;
}

const livePicks = (feed: FeedAccepted, now: number) =>
  feed.accepted.filter((pick) => pick.expiresAt === undefined || Date.parse(pick.expiresAt) > now).length;

function collectionExperts(feeds: readonly FeedAccepted[], input: CollectionWindowInput): CollectionExpert[] {
  return feeds.map((feed) => {
    const bio = cleanText(feed.expert.bio ?? '').trim();
    return {
      id: feed.expertId,
      // The one rule for names (utils/expert/display-name.ts); the window also isolates it in a <bdi>.
      name: cleanDisplayName(feed.expert.name) || shortExpertId(feed.expertId),
      bio: bio || null,
      avatar: httpsUrl(feed.expert.avatarUrl),
      homepage: httpsUrl(feed.expert.homepage),
      feed: httpsUrl(input.feedAddresses?.[feed.expertId]),
      picks: livePicks(feed, input.now),
    };
  });
}

function expertCard(expert: CollectionExpert, language: Language): Html {
  const links = [
    expert.feed ? html`<a href="${expert.feed}">${windowText(language, 'collection.expert.feed')}</a>` : null,
    expert.homepage ? html`<a href="${expert.homepage}" rel="noreferrer">${windowText(language, 'collection.expert.homepage')}</a>` : null,
  ].filter((link) => link !== null);
  const count = windowText(language, plural(expert.picks, 'collection.expert.picks.one', 'collection.expert.picks.other'), { count: expert.picks });
  return html`<article class="expert" id="expert-${expert.id.slice('ed25519:'.length)}"><div class="head">${
    expert.avatar ? html`<img class="avatar" src="${expert.avatar}" alt="" width="72" height="72" loading="lazy">` : null
  }<div><h3><bdi>${expert.name}</bdi></h3><p class="fp">${windowText(language, 'window.expertId')} <span title="${expert.id}">${shortExpertId(expert.id)}</span></p><p class="sub">${count}</p></div></div>${
    expert.bio ? html`<p class="bio" dir="auto">${expert.bio}</p>` : null
  }${links.length ? html`<p class="sub">${links.map((link, i) => html`${i > 0 ? ' · ' : ''}${link}`)}</p>` : null}</article>
`;
}

/** Builds the collection's window. Throws a FeedError when the collection itself cannot be read. */
export async function buildCollectionWindow(input: CollectionWindowInput): Promise<BuiltWindow> {
  const collection = await verifyCollection(input.collectionText);
  // As a feed's error (`feed:<code>` with its parameters), which every page says in its language; the English reason is the log's.
  if (!collection.ok) throw new FeedError('invalid-input', { code: collection.code, ...(collection.params && { params: collection.params }) }, collection.reason);
  const { language } = input;
  const experts = collectionExperts(
    collection.feeds.flatMap(({ result }) => (result.ok ? [result] : [])),
    input,
  );
  const links: PageLinks = { root: '', path: INDEX_PATH, base: windowBaseUrl(input.publicBaseUrl) };
  const name = cleanText(collection.name).trim() || COLLECTION_FILE;
  const curator = collection.curator ? cleanText(collection.curator).trim() : '';
  const description = collection.description ? cleanText(collection.description).trim() : '';
  const title = windowText(language, 'collection.title', { name });
  const counted = curator
    ? windowText(language, plural(experts.length, 'collection.description.one', 'collection.description.other'), { count: experts.length, curator })
    : windowText(language, plural(experts.length, 'collection.descriptionNoCurator.one', 'collection.descriptionNoCurator.other'), { count: experts.length });
  const collectionAddress = publicUrl(links, COLLECTION_FILE);
  const home = publicUrl(links, INDEX_PATH);

  const body = html`<header><h1><bdi>${name}</bdi></h1>${
    curator ? html`<p class="sub">${windowHtml(language, 'collection.curator', { curator: html`<bdi>${curator}</bdi>` })}</p>` : null
  }</header>${description ? html`<p class="bio" dir="auto">${description}</p>` : null}<main><h2>${windowText(language, 'collection.experts.heading')}</h2>${
    experts.length ? html`<div class="experts">\n${experts.map((expert) => expertCard(expert, language))}</div>` : html`<p>${windowText(language, 'collection.experts.none')}</p>`
  }</main><section class="follow"><h2>${windowText(language, 'window.follow.heading')}</h2><p>${windowText(language, 'collection.follow.text')}</p><p><a href="${fromPage(
    links,
    COLLECTION_FILE,
  )}"><code>${collectionAddress ? collectionAddress.href : COLLECTION_FILE}</code></a></p><p class="sub">${windowText(language, 'collection.follow.trust')}</p>${
    home ? html`${qrSvg(home, windowText(language, 'window.qr.label'))}<p class="sub">${windowText(language, 'window.qr.caption')}</p>` : null
  }</section>${pageFooter(language, input.now, input.timeZone)}`;

  const page = renderPage({
    ...links,
    language,
    title,
    description: preview(`${counted} ${description}`, 200),
    image: experts.find((expert) => expert.avatar)?.avatar ?? null,
    alternate: { type: COLLECTION_LINK_TYPE, file: COLLECTION_FILE, title: name },
    styleHash: await styleHashSource(),
    body,
  });
  return { files: [htmlFile(INDEX_PATH, page), dataFile(COLLECTION_FILE, input.collectionText)] };
}
