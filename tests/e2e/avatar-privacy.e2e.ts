import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signFeed } from '../../utils/feed/crypto';
import { importIdentity } from '../../utils/feed/identity';
import { buildFeedPayload, encodeFeedForDownload } from '../../utils/feed/publish';
import { launchChromiumWithExtension, type ExtensionSession } from '../harness/chromium';
import { extensionWithHostsGranted, followFromPopup, type GrantedExtension } from '../harness/feed-follow';
import { overlayOf } from '../harness/overlay';
import { PROJECT_ROOT } from '../harness/paths';
import { readDatabase } from '../harness/seed';

/*
 * A store page that shows an expert's pick must not tell the expert's server anything: the avatar is
 * fetched once, by the background, when the feed is stored, and the panel shows the stored copy.
 */

const FEEDS_ORIGIN = 'https://feeds.example';
const FEED_URL = `${FEEDS_ORIGIN}/mei.feed.json`;
const AVATAR_URL = `${FEEDS_ORIGIN}/mei-avatar.png`;
const TMALL_URL = 'https://detail.tmall.com/item.htm?id=605258110430';

/** A feed signed with the demo identity whose profile names an avatar on the feed's host. */
async function feedWithAvatar(): Promise<string> {
  const identity = await importIdentity(readFileSync(join(PROJECT_ROOT, 'tests/fixtures/feeds/demo-xiaomei.identity.json'), 'utf8'));
  if (!identity.ok) throw new Error(identity.reason);
  const now = Date.now();
  const { payload } = buildFeedPayload(
    { publicKey: identity.publicKey, name: 'Mei with an avatar', avatarUrl: AVATAR_URL },
    [
      {
        product: { key: 'tmall:605258110430', platform: 'tmall', productId: '605258110430', canonicalUrl: TMALL_URL, shopName: null },
        recommendation: {
          id: 'avatar-pick',
          snapshot: { title: 'iPhone 11', imageUrl: null, price: null },
          reason: 'A pick to show the avatar with.',
          rating: 5,
          stockNote: null,
          tags: [],
          partnerLink: 'https://s.click.taobao.com/t?e=mei',
          createdAt: now - 1000,
          updatedAt: now - 1000,
          expiresAt: null,
          deleted: false,
        },
      },
    ],
    [],
    now,
  );
  return encodeFeedForDownload(await signFeed(payload, identity.keyPair.privateKey));
}

describe('expert avatars and store pages (Chromium)', () => {
  let session: ExtensionSession;
  let extension: GrantedExtension | undefined;
  const avatarRequests: { fromServiceWorker: boolean; cookie: string | undefined; referer: string | undefined }[] = [];

  beforeAll(async () => {
    extension = extensionWithHostsGranted([FEEDS_ORIGIN]);
    session = await launchChromiumWithExtension({ extensionDir: extension.dir });
    await session.serve([
      { url: FEED_URL, html: await feedWithAvatar(), contentType: 'application/json' },
      { url: TMALL_URL, file: 'tmall-605258110430.html' },
    ]);
    // A real PNG (the extension's own icon) as the expert's avatar; every request for it is counted.
    const png = readFileSync(join(PROJECT_ROOT, 'public/icon/48.png'));
    await session.context.route(AVATAR_URL, async (route) => {
      const request = route.request();
      const headers = await request.allHeaders();
      avatarRequests.push({ fromServiceWorker: request.serviceWorker() !== null, cookie: headers.cookie, referer: headers.referer });
      await route.fulfill({ status: 200, contentType: 'image/png', body: png });
    });
  });
  afterAll(async () => {
    await session?.close();
    extension?.remove();
  });

  it('fetches the avatar once, from the background, and the store page shows the stored copy', async () => {
    const popup = await session.openExtensionPage('popup.html');
    await popup.getByRole('tab', { name: 'Experts' }).click();
    await followFromPopup(popup, FEED_URL);
    await expect.poll(async () => (await readDatabase(session)).experts[0]?.avatarCopy?.dataUrl ?? null, { timeout: 15_000 }).toMatch(/^data:image\/(png|webp);base64,/);
    await popup.close();

    const page = await session.context.newPage();
    await page.goto(TMALL_URL);
    const overlay = overlayOf(session, page);
    await overlay.click({ className: 'hw-launcher' });
    await overlay.waitFor({ role: 'article', name: 'Mei with an avatar' });
    const avatar = (await overlay.all({ tag: 'img' })).find((element) => element.attributes.class?.includes('hw-avatar'));
    expect(avatar?.attributes.src).toMatch(/^data:image\/(png|webp);base64,/);
    await page.reload();
    await overlay.click({ className: 'hw-launcher' });
    await overlay.waitFor({ role: 'article', name: 'Mei with an avatar' });
    await page.close();

    expect(avatarRequests).toEqual([{ fromServiceWorker: true, cookie: undefined, referer: undefined }]);
  });
});
