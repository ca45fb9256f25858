import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyFeed } from '../../utils/feed/verify';
import { launchChromiumWithExtension, type ExtensionSession } from '../harness/chromium';
import { extensionWithHostsGranted, followFromPopup, type GrantedExtension } from '../harness/feed-follow';
import { overlayOf } from '../harness/overlay';
import {
  DAV_ORIGIN,
  DAV_PASSWORD,
  DAV_USER,
  S3_KEY_ID,
  S3_ORIGIN,
  S3_SECRET,
  launchChromiumForServers,
  startPublishServers,
  stopAnsweringAfterPuts,
  type PublishServers,
} from '../harness/publish-servers';

/*
 * The expert's window, set up and published from the Studio in real Chromium, to a real
 * S3-compatible server (s3rver) and a real WebDAV server (webdav-server), both started here over
 * https (tests/harness/publish-servers.ts). The window is then read the way followers and shoppers
 * read it: followed from a second browser profile by pasting its address, and opened at a phone's
 * size with JavaScript off, checked with axe in light and dark.
 */

const TMALL_ID = '605258110430';
const TMALL_URL = `https://detail.tmall.com/item.htm?id=${TMALL_ID}`;
const REASON = 'Two days of battery, and the camera is good in low light.';
const PARTNER_LINK = 'https://s.click.taobao.com/t?e=e2e-window';
const EXPERT_NAME = 'Mei (window e2e)';
const S3_BASE = `${S3_ORIGIN}/haowu/mei`;
const DAV_FOLDER = `${DAV_ORIGIN}/windows/mei/`;
const DAV_BASE = `${DAV_ORIGIN}/windows/mei`;

describe('publishing the window (Chromium)', () => {
  let servers: PublishServers;
  let extension: GrantedExtension;
  let session: ExtensionSession;
  let popup: Page;
  let expertId = '';
  let follower: ExtensionSession | undefined;
  let plain: Browser | undefined;
  /** The publishedAt of the feed live on S3 after the first publish. */
  let firstPublishedAt = '';

  beforeAll(async () => {
    servers = await startPublishServers({ folders: ['/windows/mei/'] });
    // Chromium's permission prompt cannot be answered by a test: the build copy lists the storage hosts
    // as granted, so permissions.request resolves true at once, and the Studio's real click path runs.
    extension = extensionWithHostsGranted([S3_ORIGIN, DAV_ORIGIN]);
    session = await launchChromiumWithExtension({ extensionDir: extension.dir, args: servers.chromiumArgs, networkHosts: servers.hosts });
    await session.serve([{ url: TMALL_URL, file: 'tmall-605258110430.html' }]);
    popup = await session.openExtensionPage('popup.html');
  });
  afterAll(async () => {
    await session?.close();
    await follower?.close();
    await plain?.close();
    extension?.remove();
    await servers?.close();
  });

  /** The Studio tab of a fresh popup page (what a person sees opening the popup again). */
  async function studio(): Promise<Page> {
    await popup.reload();
    await popup.getByRole('tab', { name: 'Studio' }).click();
    await popup.getByRole('heading', { name: 'Your window' }).waitFor();
    return popup;
  }

  /** Records each permissions.request the popup makes (Chromium has no prompt to show it). */
  async function recordPermissionRequests(page: Page): Promise<void> {
    await page.evaluate(() => {
      const api = (globalThis as unknown as { chrome: { permissions: { request: (p: { origins?: string[] }) => Promise<boolean> } } }).chrome.permissions;
      const original = api.request.bind(api);
      const asked: string[][] = [];
      (globalThis as unknown as { __asked: string[][] }).__asked = asked;
      api.request = (permissions) => {
        asked.push([...(permissions.origins ?? [])]);
        return original(permissions);
      };
    });
  }
  const permissionRequests = (page: Page) => page.evaluate(() => (globalThis as unknown as { __asked?: string[][] }).__asked ?? []);

  async function fillS3(page: Page, secret: string): Promise<void> {
    await page.getByRole('radio', { name: 'S3-compatible storage' }).check();
    await page.getByLabel('Endpoint', { exact: true }).fill(S3_ORIGIN);
    await page.getByLabel('Region', { exact: true }).fill('us-east-1');
    await page.getByLabel('Bucket', { exact: true }).fill('haowu');
    await page.getByLabel('Folder in the bucket (optional)').fill('mei');
    await page.getByLabel('Access key id').fill(S3_KEY_ID);
    await page.getByLabel('Secret access key').fill(secret);
    await page.getByLabel('Public address', { exact: true }).fill(S3_BASE);
  }

  const liveLine = (page: Page) => page.locator('.window-live__address');
  const failure = (page: Page) => page.locator('#window-failure');

  /** The feed anyone reads at the S3 public address, verified as a follower would. */
  async function liveS3Feed() {
    const { status, text } = await servers.readS3('/haowu/mei/feed.json');
    expect(status).toBe(200);
    const feed = await verifyFeed(text, { expectedExpertId: expertId });
    if (!feed.ok) throw new Error(feed.reason);
    return feed;
  }

  it('creates the expert profile in the Studio; with no picks, Publish says so and uploads nothing', async () => {
    await popup.getByRole('tab', { name: 'Settings' }).click();
    await popup.getByRole('checkbox', { name: /Expert mode/ }).check();
    await popup.getByRole('tab', { name: 'Studio' }).click();
    await popup.getByLabel('Display name').fill(EXPERT_NAME);
    await popup.getByRole('button', { name: 'Create profile' }).click();
    const idLine = popup.getByText(/^Your expert id: ed25519:[0-9a-f]{32}$/);
    await idLine.waitFor();
    expertId = (await idLine.textContent())!.replace('Your expert id: ', '');

    await studio();
    await recordPermissionRequests(popup);
    await fillS3(popup, S3_SECRET);
    // What Save will ask the browser for, said before the click: the storage host only (the public
    // address is on the same host).
    await popup.getByText('Saving asks your browser to let Haowu connect to https://s3.haowu.test:').waitFor();
    await popup.getByRole('button', { name: 'Save where it goes' }).click();
    await popup.getByText('Saved. Your window goes to https://s3.haowu.test.').waitFor();
    expect(await permissionRequests(popup)).toEqual([[`${S3_ORIGIN}/*`]]);
    // Focus moved on to the next thing to do.
    await expect.poll(() => popup.evaluate(() => document.activeElement?.textContent)).toBe('Publish window');

    servers.s3.reset();
    await popup.getByRole('button', { name: 'Publish window' }).click();
    await popup.getByRole('alert').filter({ hasText: 'You have no live picks' }).waitFor();
    expect(servers.s3.seen).toEqual([]);
  });

  it('recommends a product from its page with the overlay', async () => {
    const page = await session.context.newPage();
    await page.goto(TMALL_URL);
    const overlay = overlayOf(session, page);
    await overlay.click({ role: 'button', name: /^Open Haowu/ });
    await overlay.click({ role: 'button', name: 'Recommend' });
    await overlay.fill({ label: 'Why you recommend it (10–1,000 characters)' }, REASON);
    await overlay.select({ label: 'Rating' }, '5');
    await overlay.fill({ label: 'Tags (optional, separated by commas)' }, 'phone, camera');
    await overlay.fill({ label: 'Your partner link (optional)' }, PARTNER_LINK);
    await overlay.click({ role: 'button', name: 'Save recommendation' });
    await overlay.waitFor({ text: 'Your pick', within: { role: 'article', name: EXPERT_NAME } });
    await page.close();
  });

  it('publishes to S3-compatible storage: Live at its address, with Copy and a QR code, once the public feed verified', async () => {
    await studio();
    await popup.getByText(`Public at ${S3_BASE}`).waitFor();
    servers.s3.reset();
    await popup.getByRole('button', { name: 'Publish window' }).click();
    await liveLine(popup).waitFor({ timeout: 30_000 });
    expect((await liveLine(popup).textContent())?.trim()).toBe(`Live at ${S3_BASE}/index.html`);
    await expect(popup.getByRole('link', { name: `${S3_BASE}/index.html` }).getAttribute('href')).resolves.toBe(`${S3_BASE}/index.html`);
    await popup.getByRole('img', { name: 'QR code of your window’s address' }).waitFor();
    await popup.getByRole('button', { name: 'Copy address' }).waitFor();
    // Every file was uploaded before the feed, and the feed was read back last.
    const puts = servers.s3.seen.filter((request) => request.method === 'PUT');
    expect(puts.at(-1)?.path).toBe('/haowu/mei/feed.json');
    expect(puts.map((put) => put.path)).toContain('/haowu/mei/index.html');
    expect(servers.s3.seen.at(-1)).toMatchObject({ method: 'GET', path: '/haowu/mei/feed.json' });
    const feed = await liveS3Feed();
    expect(feed.expert.name).toBe(EXPERT_NAME);
    expect(feed.accepted).toMatchObject([{ product: { key: `tmall:${TMALL_ID}` }, reason: REASON, rating: 5, partnerLink: PARTNER_LINK }]);
    firstPublishedAt = feed.payload.publishedAt;
    const page = await servers.readS3('/haowu/mei/index.html');
    expect(page.text).toContain(REASON);
    expect(page.text).toContain('<link rel="alternate" type="application/vnd.haowu.feed+json" href="feed.json"');
  });

  it('a server that stops half-way: the Studio says which step failed, and the live feed is the previous one', async () => {
    await studio();
    stopAnsweringAfterPuts(servers.s3, 2);
    try {
      // Nothing changed since the last publish, so only feed.json would go up: upload every file.
      await popup.getByRole('button', { name: 'Upload every file again' }).click();
      await failure(popup).waitFor({ timeout: 45_000 });
      const text = (await failure(popup).textContent()) ?? '';
      expect(text).toContain('Publishing failed while uploading the pages');
      expect(text).toContain('The connection to the server failed');
      expect(text).toMatch(/\d+ of \d+ files were uploaded\. Followers still get your previous feed until a publish succeeds\./);
      expect(await popup.getByRole('alert').filter({ hasText: 'Publishing failed' }).count()).toBe(1);
    } finally {
      servers.s3.reset();
    }
    const feed = await liveS3Feed();
    expect(feed.payload.publishedAt).toBe(firstPublishedAt);
    expect(feed.accepted).toHaveLength(1);
    // Publishing again finishes what the failure left: the pages on the storage are the live
    // publish's (the failed one recorded nothing), so only the new feed.json goes up.
    await popup.getByRole('button', { name: 'Publish window' }).click();
    await liveLine(popup).waitFor({ timeout: 30_000 });
    expect(Date.parse((await liveS3Feed()).payload.publishedAt)).toBeGreaterThan(Date.parse(firstPublishedAt));
    expect(servers.s3.seen.filter((request) => request.method === 'PUT').map((request) => request.path)).toEqual(['/haowu/mei/feed.json']);
  });

  it('an edit in the Studio is on the window after Publish: the pick’s pages and the feed go up, not the whole window', async () => {
    const edited = 'Three days of battery now, and the camera is still good in low light.';
    // Edited, then back: the later steps read the first reason.
    for (const reason of [edited, REASON]) {
      await studio();
      await popup.getByRole('button', { name: 'Edit', exact: true }).first().click();
      await popup.getByLabel('Why you recommend it (10–1,000 characters)').fill(reason);
      await popup.getByRole('button', { name: 'Save recommendation' }).click();
      await popup.getByText('Your recommendation is saved.', { exact: false }).waitFor();
      servers.s3.reset();
      await popup.getByRole('button', { name: 'Publish window' }).click();
      // Live once the feed was uploaded and read back.
      await expect.poll(() => servers.s3.seen.some((request) => request.method === 'GET' && request.path === '/haowu/mei/feed.json'), { timeout: 30_000 }).toBe(true);
      await liveLine(popup).waitFor({ timeout: 30_000 });
      const feed = await liveS3Feed();
      expect(feed.accepted).toMatchObject([{ product: { key: `tmall:${TMALL_ID}` }, reason, rating: 5 }]);
      expect((await servers.readS3('/haowu/mei/index.html')).text).toContain(reason);
      const puts = servers.s3.seen.filter((request) => request.method === 'PUT').map((request) => request.path);
      expect(puts).toEqual(expect.arrayContaining(['/haowu/mei/feed.json', '/haowu/mei/index.html']));
      expect(puts.length).toBeLessThan(10);
    }
  });

  it('a wrong secret access key: the storage’s refusal in words, tied to nothing uploaded', async () => {
    await studio();
    await popup.getByRole('button', { name: 'Change' }).click();
    await popup.getByLabel('Secret access key').fill('not-the-secret');
    await popup.getByRole('button', { name: 'Save where it goes' }).click();
    await popup.getByText('Saved. Your window goes to https://s3.haowu.test.').waitFor();
    const before = (await liveS3Feed()).payload.publishedAt;
    await popup.getByRole('button', { name: 'Publish window' }).click();
    await failure(popup).waitFor({ timeout: 30_000 });
    expect(await failure(popup).textContent()).toContain(
      'The storage refused the keys. Check the access key id and the secret access key, and that the key may write to this bucket.',
    );
    expect((await liveS3Feed()).payload.publishedAt).toBe(before);
    // Put right again; "Forget the secret" then leaves the target and asks at the next publish.
    await popup.getByRole('button', { name: 'Change' }).click();
    await popup.getByLabel('Secret access key').fill(S3_SECRET);
    await popup.getByRole('button', { name: 'Save where it goes' }).click();
    await popup.getByText('The secret is remembered in this browser.').waitFor();
    await popup.getByRole('button', { name: 'Forget the secret' }).click();
    await popup.getByText('Secret forgotten. Haowu asks for it at the next publish.').waitFor();
    await expect.poll(() => popup.getByLabel('Secret for this publish (not remembered)').evaluate((input) => input === document.activeElement)).toBe(true);
    await popup.getByRole('button', { name: 'Publish window' }).click();
    await popup.getByText('Required.').waitFor();
    await expect(popup.getByLabel('Secret for this publish (not remembered)').getAttribute('aria-invalid')).resolves.toBe('true');
  });

  it('publishes to a WebDAV folder, the app password asked at each publish; a wrong one gets the WebDAV message', async () => {
    await studio();
    await popup.getByRole('button', { name: 'Change' }).click();
    await popup.getByRole('radio', { name: 'WebDAV folder' }).check();
    await popup.getByLabel('Folder address').fill(DAV_FOLDER);
    await popup.getByLabel('User name').fill(DAV_USER);
    await popup.getByRole('radio', { name: 'Ask for it at each publish' }).check();
    await expect(popup.getByRole('checkbox', { name: 'Publish automatically after each change' }).isDisabled()).resolves.toBe(true);
    await popup.getByLabel('Public address', { exact: true }).fill(DAV_BASE);
    await popup.getByRole('button', { name: 'Save where it goes' }).click();
    await popup.getByText('Saved. Your window goes to https://dav.haowu.test.').waitFor();
    await popup.getByText('The secret is asked for at each publish.').waitFor();

    const secret = popup.getByLabel('Secret for this publish (not remembered)');
    await secret.fill('wrong-password');
    await popup.getByRole('button', { name: 'Publish window' }).click();
    await failure(popup).waitFor({ timeout: 30_000 });
    expect(await failure(popup).textContent()).toContain('The WebDAV server refused the user name or password.');
    // The message is tied to the password field it is about.
    await expect(secret.getAttribute('aria-describedby')).resolves.toContain('window-failure');

    await secret.fill(DAV_PASSWORD);
    await popup.getByRole('button', { name: 'Publish window' }).click();
    await liveLine(popup).waitFor({ timeout: 30_000 });
    expect((await liveLine(popup).textContent())?.trim()).toBe(`Live at ${DAV_BASE}/index.html`);
    const response = await servers.fetch(`${servers.dav.origin}/windows/mei/feed.json`, {});
    const feed = await verifyFeed(await response.text(), { expectedExpertId: expertId });
    expect(feed).toMatchObject({ ok: true, accepted: [{ reason: REASON }] });
  });

  it('a second browser profile opens the window, follows it by its address and sees the pick on the product page', async () => {
    const followerExtension = extensionWithHostsGranted([S3_ORIGIN]);
    try {
      follower = await launchChromiumWithExtension({ extensionDir: followerExtension.dir, args: servers.chromiumArgs, networkHosts: servers.hosts });
      await follower.serve([{ url: TMALL_URL, file: 'tmall-605258110430.html' }]);
      const window = await follower.context.newPage();
      await window.goto(`${S3_BASE}/index.html`);
      await window.getByRole('heading', { level: 1, name: EXPERT_NAME }).waitFor();
      await window.getByText(REASON).waitFor();
      await window.close();

      const followerPopup = await follower.openExtensionPage('popup.html');
      await followerPopup.getByRole('tab', { name: 'Experts' }).click();
      // The window's address, as the expert shares it: the page announces its feed.
      expect(await followFromPopup(followerPopup, `${S3_BASE}/index.html`)).toContain(EXPERT_NAME);
      const page = await follower.context.newPage();
      await page.goto(TMALL_URL);
      const overlay = overlayOf(follower, page);
      await overlay.click({ role: 'button', name: 'Open Haowu: 1 expert pick' });
      const card = { role: 'article', name: EXPERT_NAME };
      await overlay.waitFor(card);
      await expect(overlay.isVisible({ text: REASON, within: card })).resolves.toBe(true);
      await expect(overlay.attribute({ role: 'link', name: `Buy via ${EXPERT_NAME}`, within: card }, 'href')).resolves.toBe(PARTNER_LINK);
      await page.close();
    } finally {
      followerExtension.remove();
    }
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`the window at a phone's size with JavaScript off (${colorScheme}): the picks show, axe finds nothing serious`, async () => {
      plain ??= await launchChromiumForServers(servers);
      const phone = { viewport: { width: 390, height: 844 }, colorScheme, isMobile: true, hasTouch: true, locale: 'en-US' };
      const noScript = await plain.newContext({ ...phone, javaScriptEnabled: false });
      try {
        const page = await noScript.newPage();
        await page.goto(`${S3_BASE}/index.html`);
        await page.getByRole('heading', { level: 1, name: EXPERT_NAME }).waitFor();
        await expect(page.getByText(REASON).isVisible()).resolves.toBe(true);
        await expect(page.getByRole('link', { name: `Buy via ${EXPERT_NAME}` }).isVisible()).resolves.toBe(true);
        // Nothing wider than the phone's screen.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await page.getByRole('link', { name: 'Tmall' }).first().click();
        await page.waitForURL(`${S3_BASE}/store/tmall.html`);
        await expect(page.getByText(REASON).isVisible()).resolves.toBe(true);
      } finally {
        await noScript.close();
      }
      // axe is a script and waits on timers, which do not run with JavaScript off: it checks the same
      // page (the window has no scripts of its own, so it is the same document) with scripts on.
      const withAxe = await plain.newContext({ ...phone, bypassCSP: true });
      try {
        const page = await withAxe.newPage();
        for (const path of ['index.html', 'store/tmall.html']) {
          await page.goto(`${S3_BASE}/${path}`);
          const results = await new AxeBuilder({ page }).analyze();
          const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
          expect(serious.map((violation) => `${path} ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
        }
      } finally {
        await withAxe.close();
      }
    });
  }

  it('Download as .zip saves haowu-window-<id>.zip with the window and its verifying feed', async () => {
    await studio();
    await popup.getByRole('button', { name: 'Change' }).click();
    await popup.getByRole('radio', { name: 'Download as .zip' }).check();
    await popup.getByRole('button', { name: 'Save where it goes' }).click();
    await popup.getByText('Saved. Your window is downloaded as a .zip.').waitFor();
    const [download] = await Promise.all([popup.waitForEvent('download'), popup.getByRole('button', { name: 'Download as .zip' }).click()]);
    expect(download.suggestedFilename()).toBe(`haowu-window-${expertId.slice('ed25519:'.length, 'ed25519:'.length + 8)}.zip`);
    const files = unzipSync(new Uint8Array(await readFile((await download.path())!)));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['index.html', 'feed.json']));
    expect(await verifyFeed(files['feed.json']!, { expectedExpertId: expertId })).toMatchObject({ ok: true, accepted: [{ reason: REASON }] });
    await popup.getByText(/^Saved as haowu-window-[0-9a-f]{8}\.zip \(\d+ files\)\./).waitFor();
  });

  it('Remove target forgets it: the form is back, focus on its first choice', async () => {
    await studio();
    await popup.getByRole('button', { name: 'Remove target' }).click();
    await popup.getByText('Target removed, with its secret.').waitFor();
    await expect.poll(() => popup.getByRole('radio', { name: 'Download as .zip' }).evaluate((input) => input === document.activeElement)).toBe(true);
    await popup.reload();
    await popup.getByRole('tab', { name: 'Studio' }).click();
    await popup.getByRole('button', { name: 'Save where it goes' }).waitFor();
    // The form itself, with a problem on show: labelled fields, errors tied to them, nothing serious for axe.
    await popup.getByRole('radio', { name: 'S3-compatible storage' }).check();
    await popup.getByLabel('Endpoint', { exact: true }).fill('http://s3.example.com/path');
    await popup.getByRole('button', { name: 'Save where it goes' }).click();
    const endpoint = popup.getByLabel('Endpoint', { exact: true });
    await expect.poll(() => endpoint.evaluate((input) => input === document.activeElement)).toBe(true);
    await expect(endpoint.getAttribute('aria-invalid')).resolves.toBe('true');
    const describedBy = (await endpoint.getAttribute('aria-describedby'))!.split(' ');
    await expect(popup.locator(`[id="${describedBy[0]}"]`).textContent()).resolves.toBe('Must start with https:// (Haowu never sends your keys or files unencrypted).');
    const results = await new AxeBuilder({ page: popup }).include('.window').analyze();
    const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
    expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});
