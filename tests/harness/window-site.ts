import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportPublicKey, fingerprint, generateExpertKeyPair, signFeed } from '../../utils/feed/crypto';
import { importIdentity } from '../../utils/feed/identity';
import type { FeedPayload } from '../../utils/feed/schema';
import { buildExpertWindow } from '../../utils/window/expert-window';
import { JSON_CONTENT_TYPE } from '../../utils/window/files';
import { PROJECT_ROOT } from './paths';
import type { StorePage } from './store-pages';

/*
 * An expert's window as the e2e tests serve it: a feed freshly signed with a demo identity from
 * tests/fixtures/feeds (whose private key is public on purpose), and the window's pages built from it
 * by buildExpertWindow, exactly the files a publisher uploads. One pick, on the Tmall product page the
 * fixtures serve, so the overlay can show it after following.
 */

export const WINDOW_ORIGIN = 'https://window.example';
export const WINDOW_URL = `${WINDOW_ORIGIN}/mei/`;
export const WINDOW_FEED_URL = `${WINDOW_URL}feed.json`;
export const TMALL_URL = 'https://detail.tmall.com/item.htm?id=605258110430';
export const WINDOW_EXPERT_NAME = 'Mei (e2e window)';
/** An ordinary https page on the same site, announcing nothing. */
export const PLAIN_PAGE_URL = `${WINDOW_ORIGIN}/about.html`;

export interface WindowSite {
  pages: StorePage[];
  /** The expert's id (the demo key's fingerprint). */
  expertId: string;
  /** A shared pick's link: the home page with the pick's anchor. */
  pickLink: string;
}

export interface WindowSiteOptions {
  /** The expert's name on the window and in the feed. */
  name?: string;
  bio?: string;
  /** A key made for this run instead of the demo key (which the demo collection already follows). */
  freshKey?: boolean;
  /** The expert's avatar and the pick's picture (https addresses; none by default). */
  avatarUrl?: string;
  imageUrl?: string;
}

async function windowIdentity(freshKey: boolean): Promise<{ keyPair: CryptoKeyPair; publicKey: string; expertId: string }> {
  if (freshKey) {
    const keyPair = await generateExpertKeyPair();
    const publicKey = await exportPublicKey(keyPair.publicKey);
    return { keyPair, publicKey, expertId: await fingerprint(publicKey) };
  }
  const identity = await importIdentity(readFileSync(join(PROJECT_ROOT, 'tests/fixtures/feeds/demo-xiaomei.identity.json'), 'utf8'));
  if (!identity.ok) throw new Error(identity.reason);
  return identity;
}

export async function buildWindowSite({
  name = WINDOW_EXPERT_NAME,
  bio = 'E2E: an expert followed from her window.',
  freshKey = false,
  avatarUrl,
  imageUrl,
}: WindowSiteOptions = {}): Promise<WindowSite> {
  const identity = await windowIdentity(freshKey);
  const createdAt = '2025-02-01T08:00:00.000Z';
  const payload: FeedPayload = {
    expert: { publicKey: identity.publicKey, name, bio, window: WINDOW_URL },
    publishedAt: '2025-03-01T08:00:00.000Z',
    recommendations: [
      {
        id: 'mei-iphone',
        product: {
          key: 'tmall:605258110430',
          platform: 'tmall',
          productId: '605258110430',
          url: TMALL_URL,
          title: 'Apple/苹果 iPhone 11 4G全网通智能手机',
          price: { currency: 'CNY', minMinor: 549900, maxMinor: 679900 },
          shopName: '苏宁易购官方旗舰店',
        },
        reason: 'Window e2e: a sensible phone with long update support.',
        rating: 4,
        partnerLink: 'https://s.click.taobao.com/e2e-window',
        createdAt,
        updatedAt: createdAt,
      },
    ],
    retractions: [],
  };
  const envelope = await signFeed(payload, identity.keyPair.privateKey);
  const [pick] = payload.recommendations;
  const { files } = await buildExpertWindow({
    expert: { id: identity.expertId, name, bio, avatarUrl: avatarUrl ?? null },
    picks: [
      {
        recommendation: {
          id: pick!.id,
          snapshot: { title: pick!.product.title, imageUrl: imageUrl ?? null, price: pick!.product.price ?? null },
          reason: pick!.reason,
          rating: pick!.rating,
          stockNote: null,
          tags: [],
          partnerLink: pick!.partnerLink,
          createdAt: Date.parse(createdAt),
          updatedAt: Date.parse(createdAt),
          expiresAt: null,
          deleted: false,
        },
        product: { key: 'tmall:605258110430', platform: 'tmall', productId: '605258110430', canonicalUrl: TMALL_URL, shopName: '苏宁易购官方旗舰店', storeDomain: 'tmall.com', imageUrl: imageUrl ?? null },
      },
    ],
    feedText: `${JSON.stringify(envelope, null, 2)}\n`,
    language: 'en',
    publicBaseUrl: WINDOW_URL,
    now: Date.parse('2025-03-02T08:00:00.000Z'),
    timeZone: 'UTC',
  });
  const pages: StorePage[] = files.map((file) => ({
    url: `${WINDOW_URL}${file.path}`,
    html: typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body),
    contentType: file.contentType,
  }));
  const index = pages.find((page) => page.url === `${WINDOW_URL}index.html`)!.html!;
  const anchor = /id="(pick-[a-z0-9_-]+)"/.exec(index)?.[1];
  if (!anchor) throw new Error('The window has no pick anchor');
  // A static host answers the folder's address with its index.html.
  pages.push({ url: WINDOW_URL, html: index, contentType: 'text/html; charset=utf-8' });
  pages.push({ url: PLAIN_PAGE_URL, html: '<!doctype html><html><head><title>About</title><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body>Nothing to follow here.</body></html>' });
  if (!pages.some((page) => page.contentType === JSON_CONTENT_TYPE && page.url === WINDOW_FEED_URL)) throw new Error('The window has no feed.json');
  return { pages, expertId: identity.expertId, pickLink: `${WINDOW_URL}index.html#${anchor}` };
}
