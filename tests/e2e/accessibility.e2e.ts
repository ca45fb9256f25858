import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeSeenProduct } from '../../utils/db/products';
import type { CartRecord, SavedRecord } from '../../utils/db/schema';
import type { DetectedProduct } from '../../utils/product';
import { launchChromiumWithExtension, type ExtensionSession } from '../harness/chromium';
import { overlayOf } from '../harness/overlay';
import { FIXTURE_PAGES } from '../harness/paths';
import { seedDatabase } from '../harness/seed';
import { expert, recommendation } from '../unit/db/records';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * axe-core over every page a user meets, in light and dark: the popup's tabs (Studio in expert mode),
 * the full tab, checkout, the first-run guide, and the panel on a product page. Zero serious or
 * critical violations.
 *
 * The panel lives in a closed shadow root that no page script can open, and axe walks only open roots
 * (`element.shadowRoot`). So the test finds the real root through the DevTools protocol (DOM.getDocument
 * with pierce: true sees closed roots), resolves it to an object in the page's main world, and gives
 * that one host a `shadowRoot` property pointing at it. axe then checks the real panel, in the real
 * store page, with the styles and colours it really has; only this test's copy of the page is touched.
 */

const T0 = Date.UTC(2025, 0, 1);
const TMALL_ID = '605258110430';
const TMALL_URL = `https://detail.tmall.com/item.htm?id=${TMALL_ID}`;
const TIMEOUT = 45_000;
const cny = (yuan: number) => ({ currency: 'CNY', minMinor: yuan * 100, maxMinor: yuan * 100 });

function detected(id: string, title: string, yuan: number, platform: 'tmall' | 'jd' = 'tmall'): DetectedProduct {
  return {
    platform,
    productId: id,
    key: `${platform}:${id}`,
    canonicalUrl: platform === 'tmall' ? `https://detail.tmall.com/item.htm?id=${id}` : `https://item.jd.com/${id}.html`,
    title,
    price: cny(yuan),
    // An address nothing serves: the broken-image path.
    imageUrl: 'https://img.example/missing.jpg',
    shopName: platform === 'tmall' ? '苏宁易购官方旗舰店' : null,
    storeDomain: platform === 'tmall' ? 'tmall.com' : 'jd.com',
  };
}

const mei = expert({
  id: 'ed25519:mei',
  displayName: 'Mei Lin',
  bio: 'Phones, tested for a week',
  feedUrl: 'https://feeds.example/mei.json',
  feedStatus: { lastFetchedAt: T0, lastError: 'The feed could not be reached', etag: null },
});
const bo = expert({ id: 'ed25519:bo', displayName: 'Bo', followed: false, followedAt: null, feedUrl: 'https://feeds.example/bo.json' });

const serious = (results: Awaited<ReturnType<AxeBuilder['analyze']>>, where: string) =>
  results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${where} ${violation.id}: ${violation.nodes.map((node) => `${node.target.join(' ')} ${node.failureSummary ?? ''}`).join(' | ')}`);

async function axe(page: Page, where: string, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  if (include) builder.include(include);
  return serious(await builder.analyze(), where);
}

/** Lets axe (and only this test) walk the overlay's closed shadow root: see the comment at the top. */
async function exposeOverlayRoot(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    type Node = { localName?: string; backendNodeId: number; children?: Node[]; shadowRoots?: Node[] };
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: Node };
    const find = (node: Node): Node | undefined =>
      node.localName === 'haowu-overlay' && node.shadowRoots?.[0] ? node.shadowRoots[0] : [...(node.children ?? []), ...(node.shadowRoots ?? [])].map(find).find(Boolean);
    const shadow = find(root);
    if (!shadow) throw new Error('no <haowu-overlay> shadow root on the page');
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
    await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId!,
      functionDeclaration: 'function () { const root = this; Object.defineProperty(root.host, "shadowRoot", { configurable: true, get: () => root }); }',
    });
  } finally {
    await cdp.detach();
  }
}

describe('accessibility (axe-core, Chromium)', () => {
  let session: ExtensionSession;

  beforeAll(async () => {
    session = await launchChromiumWithExtension();
    await session.serve([{ url: TMALL_URL, html: readFileSync(join(FIXTURE_PAGES, 'tmall-605258110430.html'), 'utf8') }]);
    const products = [detected(TMALL_ID, 'Apple iPhone 11 128GB', 4999), detected('600001', 'Linen shirt 亚麻衬衫', 199), detected('100012', 'Huawei Enjoy 6 华为畅享', 699, 'jd')].map(
      (product) => mergeSeenProduct(undefined, product, T0),
    );
    const saved = products.map((product, index): SavedRecord => ({ productKey: product.key, savedAt: T0 + index, note: index === 0 ? 'For mum, the black one' : '', viaExpertId: null, updatedAt: T0 + index }));
    const cart = products.map(
      (product, index): CartRecord => ({ productKey: product.key, variant: '', quantity: index + 1, store: product.platform, addedAt: T0 + index, updatedAt: T0 + index, viaRecommendationId: null }),
    );
    await seedDatabase(session, {
      products,
      saved,
      cart,
      experts: [mei, bo],
      recommendations: [
        recommendation({ id: 'ed25519:mei/1', expertId: mei.id, productKey: `tmall:${TMALL_ID}`, rating: 5, reason: 'Battery lasts two days', partnerLink: 'https://s.click.taobao.com/t?e=mei' }),
        recommendation({ id: 'ed25519:bo/1', expertId: bo.id, productKey: `tmall:${TMALL_ID}`, rating: 3, reason: 'Fine for the price', partnerLink: null }),
      ],
    });
  }, 60_000);
  afterAll(async () => session?.close());

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`the popup's tabs, Studio included (${colorScheme})`, { timeout: 240_000 }, async () => {
      const popup = await session.openExtensionPage('popup.html');
      await popup.emulateMedia({ colorScheme });
      await popup.setViewportSize({ width: 400, height: 600 });
      const found: string[] = [];
      await popup.locator('.vlist__row').first().waitFor({ timeout: TIMEOUT });
      found.push(...(await axe(popup, 'Saved')));
      // A form error on show too: its colours are checked with the rest.
      await popup.getByRole('tab', { name: 'Cart' }).click();
      await popup.locator('section.store-group').first().waitFor({ timeout: TIMEOUT });
      found.push(...(await axe(popup, 'Cart')));
      await popup.getByRole('tab', { name: 'Picks' }).click();
      await popup.getByText('Battery lasts two days').first().waitFor({ timeout: TIMEOUT });
      found.push(...(await axe(popup, 'Picks')));
      await popup.getByRole('tab', { name: 'Experts' }).click();
      await popup.getByText('Mei Lin').first().waitFor({ timeout: TIMEOUT });
      found.push(...(await axe(popup, 'Experts')));
      await popup.getByRole('tab', { name: 'Settings' }).click();
      const expertMode = popup.getByRole('checkbox', { name: /Expert mode/ });
      await expertMode.waitFor({ timeout: TIMEOUT });
      found.push(...(await axe(popup, 'Settings')));
      if (!(await expertMode.isChecked())) await expertMode.check();
      await popup.getByRole('tab', { name: 'Studio' }).click();
      // The first run creates the profile (after showing a form error); the next finds it there.
      const create = popup.getByRole('heading', { name: 'Create your expert profile' });
      const idLine = popup.getByText(/^Your expert id: /);
      await create.or(idLine).first().waitFor({ timeout: TIMEOUT });
      if (await create.isVisible()) {
        found.push(...(await axe(popup, 'Studio')));
        // A form error: the profile form refuses a name of nothing visible.
        await popup.getByLabel('Display name').fill('\u200b');
        await popup.getByRole('button', { name: 'Create profile' }).click();
        await popup.getByRole('alert').first().waitFor({ timeout: TIMEOUT });
        found.push(...(await axe(popup, 'Studio with a form error')));
        await popup.getByLabel('Display name').fill('Ana (a11y)');
        await popup.getByRole('button', { name: 'Create profile' }).click();
      }
      await idLine.waitFor({ timeout: TIMEOUT });
      found.push(...(await axe(popup, 'Studio with a profile')));
      await popup.close();
      expect(found).toEqual([]);
    });

    it(`the full tab, checkout and the first-run guide (${colorScheme})`, { timeout: 240_000 }, async () => {
      const found: string[] = [];
      const options = await session.openExtensionPage('options.html');
      await options.emulateMedia({ colorScheme });
      await options.locator('.vlist__row').first().waitFor({ timeout: TIMEOUT });
      found.push(...(await axe(options, 'options.html')));
      await options.close();
      const checkout = await session.openExtensionPage('checkout.html');
      await checkout.emulateMedia({ colorScheme });
      // (Not the iPhone: the product page visited below renames it to its page's title.)
      await checkout.getByText('Linen shirt 亚麻衬衫').first().waitFor({ timeout: TIMEOUT });
      found.push(...(await axe(checkout, 'checkout.html')));
      await checkout.close();
      const welcome = await session.openExtensionPage('welcome.html');
      await welcome.emulateMedia({ colorScheme });
      await welcome.getByRole('heading').first().waitFor({ timeout: TIMEOUT });
      found.push(...(await axe(welcome, 'welcome.html')));
      await welcome.close();
      expect(found).toEqual([]);
    });

    it(`the panel on a product page (${colorScheme})`, { timeout: 240_000 }, async () => {
      const page = await session.context.newPage();
      await page.emulateMedia({ colorScheme });
      await page.goto(TMALL_URL);
      const overlay = overlayOf(session, page);
      await overlay.click({ role: 'button', name: /^Open Haowu/ });
      await overlay.waitFor({ role: 'dialog', name: 'Haowu on this product' });
      await overlay.waitFor({ text: 'Battery lasts two days' });
      await exposeOverlayRoot(page);
      // The store page's own markup is not Haowu's: only the overlay (the host and its shadow tree).
      const found = await axe(page, 'panel', 'haowu-overlay');
      // The Recommend form (expert mode and a profile, from the popup's test) with a field error on show.
      await overlay.click({ role: 'button', name: 'Recommend' });
      await overlay.fill({ label: 'Why you recommend it (10–1,000 characters)' }, 'Too short');
      await overlay.click({ role: 'button', name: 'Save recommendation' });
      await overlay.waitFor({ role: 'alert' });
      await exposeOverlayRoot(page);
      found.push(...(await axe(page, 'panel with a form error', 'haowu-overlay')));
      // axe really saw the panel: its dialog is among the nodes it checked.
      const checked = await new AxeBuilder({ page }).include('haowu-overlay').withRules(['aria-dialog-name']).analyze();
      expect([...checked.passes, ...checked.violations].flatMap((rule) => rule.nodes).length).toBeGreaterThan(0);
      await page.close();
      expect(found).toEqual([]);
    });
  }
});
