import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromiumWithExtension, type ExtensionSession } from '../harness/chromium';
import { extensionWithHostsGranted, followFromPopup, type GrantedExtension } from '../harness/feed-follow';
import { overlayOf } from '../harness/overlay';
import { PROJECT_ROOT } from '../harness/paths';
import { readDatabase, seedDatabase } from '../harness/seed';
import { watchBackgroundMessages } from '../harness/seen-messages';

/*
 * Issue 14, part 2 in real Chromium: the welcome page on install, an expert's page and the Picks tab
 * in the popup after following a demo feed, a stale feed marked on the product page's panel, and the
 * panel's expert name opening Haowu at that expert.
 */

const FEEDS_ORIGIN = 'https://feeds.example';
const FEED_URL = `${FEEDS_ORIGIN}/xiaomei.feed.json`;
const TMALL_URL = 'https://detail.tmall.com/item.htm?id=605258110430';
const NAME = 'Demo · 小美 (demo data)';
const IPHONE = 'Apple/苹果 iPhone 11 4G全网通智能手机';
const feedFile = (name: string) => readFileSync(join(PROJECT_ROOT, 'tests/fixtures/feeds', name), 'utf8');

describe('the expert page, the Picks tab, staleness and the welcome page (Chromium)', () => {
  let session: ExtensionSession;
  let extension: GrantedExtension | undefined;
  let popup: Page;
  let expertId: string;

  beforeAll(async () => {
    extension = extensionWithHostsGranted([FEEDS_ORIGIN]);
    session = await launchChromiumWithExtension({ extensionDir: extension.dir });
    await session.serve([
      { url: FEED_URL, html: feedFile('demo-xiaomei.feed.json') },
      { url: TMALL_URL, file: 'tmall-605258110430.html' },
    ]);
  });
  afterAll(async () => {
    await session?.close();
    extension?.remove();
  });

  it('opens the welcome page once, on install, in the browser’s language, loading nothing from the network', async () => {
    const welcomeUrl = `chrome-extension://${session.extensionId}/welcome.html`;
    await expect.poll(() => session.context.pages().map((page) => page.url()), { timeout: 15_000 }).toContain(welcomeUrl);
    const welcome = session.context.pages().find((page) => page.url() === welcomeUrl)!;
    await welcome.getByRole('heading', { name: 'Welcome to Haowu 好物' }).waitFor();
    for (const heading of ['On a product page', 'Follow an expert', 'Become an expert', 'Your privacy']) {
      expect(await welcome.getByRole('heading', { name: heading }).count(), heading).toBe(1);
    }
    // Its only resources are the extension's own files.
    const resources = await welcome.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
    expect(resources.every((url) => url.startsWith('chrome-extension://'))).toBe(true);
    await welcome.close();
  });

  it('follows a demo feed, then opens the expert’s page from the Experts tab: profile, key, feed, picks', async () => {
    popup = await session.openExtensionPage('popup.html');
    await popup.getByRole('tab', { name: 'Experts' }).click();
    await followFromPopup(popup, FEED_URL);
    const data = await readDatabase(session);
    expertId = data.experts.find((expert) => expert.displayName === NAME)!.id;

    await popup.getByRole('button', { name: `See all picks by ${NAME}` }).click();
    const page = popup.locator('section.expert-page');
    await page.getByRole('heading', { name: NAME }).waitFor();
    expect(await page.textContent()).toContain(`Key ed25519:${expertId.slice(8, 12)}…${expertId.slice(-4)}`);
    expect(await page.textContent()).toContain(FEED_URL);
    await page.getByText('2 picks').waitFor();
    const iphone = page.getByRole('article', { name: IPHONE });
    expect(await iphone.getByRole('link', { name: `Buy via ${NAME}` }).getAttribute('href')).toBe('https://s.click.taobao.com/demo-xiaomei-iphone');
    expect(await iphone.textContent()).toContain(`This link may earn ${NAME} a commission`);
    expect(await iphone.getByRole('link', { name: 'Store page' }).getAttribute('href')).toBe(TMALL_URL);
    await page.getByRole('searchbox', { name: 'Search this expert’s picks' }).fill('键盘');
    await page.getByText('1 of 2').waitFor();
    expect(await page.getByRole('article').count()).toBe(1);
  });

  it('shows the newest picks of everyone followed in the Picks tab, and saves one from there', async () => {
    const seenMessages = await watchBackgroundMessages(session);
    await popup.getByRole('tab', { name: 'Picks' }).click();
    const iphone = popup.getByRole('article', { name: IPHONE });
    await iphone.waitFor();
    expect(await popup.getByRole('article').count()).toBe(2);
    // The popup read the page in its own page (utils/popup/timeline-here.ts): the background was asked
    // for the settings, collections and last look only, not for the page.
    const seen = await seenMessages();
    expect(seen).toContain('getTimelineContext');
    expect(seen).not.toContain('listTimeline');
    await iphone.getByRole('button', { name: `Save ${IPHONE}` }).click();
    await iphone.getByRole('button', { name: `${IPHONE} is saved` }).waitFor();
    await popup.getByRole('combobox', { name: 'Store' }).selectOption('taobao');
    await expect.poll(() => popup.getByRole('article').count()).toBe(1);
    expect(await popup.getByRole('article').first().getAttribute('aria-label')).toBe('乳白亚克力外壳 60%键盘外壳');
    const saved = (await readDatabase(session)).saved.find((item) => item.productKey === 'tmall:605258110430');
    expect(saved).toMatchObject({ viaExpertId: expertId });
  });

  it('marks the pick on the product page as stale when the feed has not refreshed for more than twice the interval', async () => {
    const data = await readDatabase(session);
    const expert = data.experts.find((e) => e.id === expertId)!;
    const now = Date.now();
    // Last good refresh on 3 Dec 2025; last check just now (so no refresh is due while the test runs).
    await seedDatabase(session, {
      experts: [{ ...expert, feedStatus: { ...expert.feedStatus, lastFetchedAt: Date.UTC(2025, 11, 3, 12), lastCheckedAt: now, lastAttemptAt: now - 1 }, updatedAt: now + 60_000 }],
    });
    const store = await session.context.newPage();
    await store.goto(TMALL_URL);
    const overlay = overlayOf(session, store);
    await overlay.click({ role: 'button', name: 'Open Haowu: 1 expert pick' });
    const card = { role: 'article', name: NAME };
    await overlay.waitFor(card);
    expect(await overlay.text(card)).toContain('From Dec 3, 2025 — could not update since');

    // The expert's name opens Haowu at their page, in a new tab.
    const [opened] = await Promise.all([session.context.waitForEvent('page'), overlay.click({ role: 'button', name: `See all picks by ${NAME} in Haowu`, within: card })]);
    await opened.waitForLoadState();
    expect(opened.url()).toBe(`chrome-extension://${session.extensionId}/options.html#expert=${encodeURIComponent(expertId)}`);
    await opened.getByRole('heading', { name: NAME }).waitFor();
    expect(await opened.locator('section.expert-page').textContent()).toContain('Picks from Dec 3, 2025');

    // Switched off for product pages there: the product page shows no pick from them any more.
    await opened.getByRole('checkbox', { name: 'Show this expert’s picks on product pages' }).uncheck();
    await overlay.waitFor({ role: 'article', name: NAME }, { state: 'detached' });
    await opened.close();
    await store.close();
  });
});
