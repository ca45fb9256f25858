import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeSeenProduct } from '../../utils/db/products';
import type { SavedRecord } from '../../utils/db/schema';
import type { DetectedProduct } from '../../utils/product';
import { launchChromiumWithExtension, type ExtensionSession } from '../harness/chromium';
import { overlayOf, type OverlayDriver, type Rect } from '../harness/overlay';
import { FIXTURE_PAGES } from '../harness/paths';
import { seedDatabase } from '../harness/seed';
import { buildWindowSite, WINDOW_URL } from '../harness/window-site';
import { expert, recommendation } from '../unit/db/records';

/*
 * Issue 16's defects that only a real browser's layout shows, checked with boxes and computed styles in
 * Chromium: what a new user sees on a short window, in the popup's forms and in the panel.
 */

const T0 = Date.UTC(2025, 0, 1);
const TMALL_ID = '605258110430';
const TMALL_URL = `https://detail.tmall.com/item.htm?id=${TMALL_ID}`;
const TIMEOUT = 45_000;
const cny = (yuan: number) => ({ currency: 'CNY', minMinor: yuan * 100, maxMinor: yuan * 100 });
// Longer than the 150 px menu that cut names off.
const LONG_NAME = 'Dana Kitchen-Wang (厨房)';

function detected(id: string, title: string, imageUrl: string | null): DetectedProduct {
  return {
    platform: 'tmall',
    productId: id,
    key: `tmall:${id}`,
    canonicalUrl: `https://detail.tmall.com/item.htm?id=${id}`,
    title,
    price: cny(199),
    imageUrl,
    shopName: 'Shop',
    storeDomain: 'tmall.com',
  };
}

const dana = expert({ id: 'ed25519:dana', displayName: LONG_NAME, followed: true, feedUrl: 'https://feeds.example/dana.json' });
const bo = expert({ id: 'ed25519:bo', displayName: 'Bo', followed: true, feedUrl: 'https://feeds.example/bo.json' });

/** How wide `text` is in `element`'s font (for a field's placeholder or a select's chosen option). */
const textWidth = (page: Page, selector: string, which: 'placeholder' | 'selected') =>
  page.locator(selector).evaluate((element, which) => {
    const field = element as HTMLInputElement | HTMLSelectElement;
    const text = which === 'placeholder' ? (field as HTMLInputElement).placeholder : (field as HTMLSelectElement).selectedOptions[0]!.text;
    const style = getComputedStyle(field);
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + parseFloat(style.borderLeftWidth) + parseFloat(style.borderRightWidth);
    return { text: context.measureText(text).width, room: field.getBoundingClientRect().width - padding };
  }, which);

describe('rough edges a new user meets (Chromium, layout)', () => {
  let session: ExtensionSession;

  beforeAll(async () => {
    session = await launchChromiumWithExtension();
    await session.serve([{ url: TMALL_URL, html: readFileSync(join(FIXTURE_PAGES, 'tmall-605258110430.html'), 'utf8') }]);
    // Pictures at an address nothing serves: every one fails to load.
    const products = [detected('600001', 'Linen shirt 亚麻衬衫', 'https://img.example/gone-1.jpg'), detected('600002', 'Tea pot', 'https://img.example/gone-2.jpg')].map((product) =>
      mergeSeenProduct(undefined, product, T0),
    );
    const saved = products.map((product, index): SavedRecord => ({ productKey: product.key, savedAt: T0 + index, note: '', viaExpertId: null, updatedAt: T0 }));
    await seedDatabase(session, {
      products,
      saved,
      experts: [dana, bo],
      recommendations: [
        recommendation({ id: 'ed25519:dana/1', expertId: dana.id, productKey: `tmall:${TMALL_ID}`, rating: 5, reason: 'Battery lasts two days', partnerLink: 'https://s.click.taobao.com/t?e=dana' }),
        recommendation({ id: 'ed25519:bo/1', expertId: bo.id, productKey: `tmall:${TMALL_ID}`, rating: 3, reason: 'Fine for the price', partnerLink: 'https://s.click.taobao.com/t?e=bo' }),
      ],
    });
  }, 60_000);
  afterAll(async () => session?.close());

  it('popup: text at its intended size, hints not larger than their labels, the search placeholder whole, no broken-image icons', { timeout: 120_000 }, async () => {
    const popup = await session.openExtensionPage('popup.html');
    await popup.locator('.vlist__row').first().waitFor({ timeout: TIMEOUT });
    const placeholder = await textWidth(popup, '#saved-search', 'placeholder');
    expect(placeholder.text).toBeLessThanOrEqual(placeholder.room);
    // Both pictures failed: the rows show the placeholder, never an <img> that did not load.
    await expect
      .poll(() => popup.evaluate(() => [...document.querySelectorAll('.vlist__row')].map((row) => (row.querySelector('.row__img--none') ? 'placeholder' : 'image'))), { timeout: TIMEOUT })
      .toEqual(['placeholder', 'placeholder']);
    expect(await popup.evaluate(() => [...document.querySelectorAll('img')].filter((image) => image.complete && image.naturalWidth === 0).length)).toBe(0);

    await popup.getByRole('tab', { name: 'Settings' }).click();
    await popup.locator('.settings .check').first().waitFor({ timeout: TIMEOUT });
    const sizes = await popup.evaluate(() => {
      const size = (selector: string) => [...document.querySelectorAll(selector)].map((element) => parseFloat(getComputedStyle(element).fontSize));
      return { body: size('body')[0]!, labels: size('.settings .check'), hints: size('.settings .hint') };
    });
    expect(sizes.body).toBe(14);
    expect(Math.max(...sizes.hints)).toBeLessThanOrEqual(Math.min(...sizes.labels));
    await popup.close();
  });

  it('window: a picture or avatar that does not load leaves the plain placeholder, not the broken-image icon', { timeout: 120_000 }, async () => {
    // Neither host answers (a store refusing hotlinking looks the same to the page: no picture).
    const site = await buildWindowSite({ imageUrl: 'https://img.example/refused.jpg', avatarUrl: 'https://avatars.example/gone.jpg' });
    await session.serve(site.pages);
    const page = await session.context.newPage();
    await page.goto(`${WINDOW_URL}index.html`);
    for (const selector of ['.pick>img', '.avatar']) {
      await expect.poll(() => page.locator(selector).evaluate((image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth === 0), { timeout: TIMEOUT }).toBe(true);
    }
    const shots = { picture: await page.locator('.pick>img').screenshot(), avatar: await page.locator('.avatar').screenshot() };
    await page.close();

    /**
     * How many pixels of an element's screenshot are coloured. The placeholder, the card behind it and
     * their blend at a rounded edge are near-grey; Chromium's broken-image icon is green and blue.
     */
    const canvasPage = await session.context.newPage();
    const colouredPixels = (png: Buffer) =>
      canvasPage.evaluate(async (base64) => {
        const image = new Image();
        image.src = `data:image/png;base64,${base64}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        [canvas.width, canvas.height] = [image.width, image.height];
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        const data = context.getImageData(0, 0, image.width, image.height).data;
        let coloured = 0;
        for (let i = 0; i < data.length; i += 4) if (Math.max(data[i]!, data[i + 1]!, data[i + 2]!) - Math.min(data[i]!, data[i + 1]!, data[i + 2]!) > 48) coloured++;
        return coloured;
      }, png.toString('base64'));
    expect(await colouredPixels(shots.picture)).toBe(0);
    expect(await colouredPixels(shots.avatar)).toBe(0);

    // A picture that loads is shown, not covered.
    const blue = '<svg xmlns="http://www.w3.org/2000/svg" width="88" height="88"><rect width="88" height="88" fill="#1e6fd9"/></svg>';
    const loaded = await buildWindowSite({ imageUrl: 'https://img.example/blue.svg' });
    await session.serve([...loaded.pages, { url: 'https://img.example/blue.svg', html: blue, contentType: 'image/svg+xml' }]);
    const again = await session.context.newPage();
    await again.goto(`${WINDOW_URL}index.html`);
    await expect.poll(() => again.locator('.pick>img').evaluate((image) => (image as HTMLImageElement).naturalWidth), { timeout: TIMEOUT }).toBe(88);
    const picture = await again.locator('.pick>img').screenshot();
    await again.close();
    // All of it but the rounded corners.
    expect(await colouredPixels(picture)).toBeGreaterThan(88 * 88 * 0.95);
    await canvasPage.close();
  });

  it('popup: no button of a Saved row overflows its row, in English and in Chinese', { timeout: 120_000 }, async () => {
    const popup = await session.openExtensionPage('popup.html');
    const buttons = popup.locator('.vlist__row .row__actions button');
    /** Each Saved row's buttons that reach outside the row's box (the list's fixed-height item). */
    const overflowing = () =>
      popup.evaluate(() =>
        [...document.querySelectorAll('.vlist__row')].flatMap((row) => {
          const box = row.getBoundingClientRect();
          return [...row.querySelectorAll('.row__actions button')]
            .filter((button) => {
              const edge = button.getBoundingClientRect();
              return edge.top < box.top - 0.5 || edge.bottom > box.bottom + 0.5 || edge.left < box.left - 0.5 || edge.right > box.right + 0.5;
            })
            .map((button) => button.textContent);
        }),
      );
    await buttons.first().waitFor({ timeout: TIMEOUT });
    expect(await buttons.count()).toBe(8);
    expect(await overflowing()).toEqual([]);

    await popup.getByRole('tab', { name: 'Settings' }).click();
    const language = popup.getByLabel('Language');
    const before = await language.inputValue();
    await language.selectOption('zh');
    await popup.getByRole('tab', { name: '收藏' }).click();
    await popup.getByRole('button', { name: /^把.*移到购物车$/ }).first().waitFor({ timeout: TIMEOUT });
    expect(await buttons.count()).toBe(8);
    expect(await overflowing()).toEqual([]);

    // The other tests read English.
    await popup.getByRole('tab', { name: '设置' }).click();
    await popup.getByLabel('语言').selectOption(before);
    await popup.getByRole('tab', { name: 'Saved' }).waitFor({ timeout: TIMEOUT });
    await popup.close();
  });

  it('Studio: the profile form’s fields take the form’s width, the bio box is whole', { timeout: 120_000 }, async () => {
    const popup = await session.openExtensionPage('popup.html');
    await popup.getByRole('tab', { name: 'Settings' }).click();
    const expertMode = popup.getByRole('checkbox', { name: /Expert mode/ });
    await expertMode.waitFor({ timeout: TIMEOUT });
    if (!(await expertMode.isChecked())) await expertMode.check();
    await popup.getByRole('tab', { name: 'Studio' }).click();
    const form = popup.locator('form.profile-form');
    await form.waitFor({ timeout: TIMEOUT });
    const formBox = (await form.boundingBox())!;
    for (const label of ['Display name', 'Short bio (optional)', 'Avatar image URL (optional, https)']) {
      const box = (await popup.getByLabel(label).boundingBox())!;
      expect(box.width, label).toBeGreaterThanOrEqual(formBox.width * 0.9);
      expect(box.x + box.width, label).toBeLessThanOrEqual(formBox.x + formBox.width + 1);
    }
    const bio = popup.getByLabel('Short bio (optional)');
    expect((await bio.boundingBox())!.height).toBeGreaterThanOrEqual(48);
    await popup.close();
  });

  describe('the panel on a 500 px tall window', () => {
    let page: Page;
    let overlay: OverlayDriver;
    const inside = (inner: Rect, outer: Rect) => inner.y >= outer.y - 1 && inner.y + inner.height <= outer.y + outer.height + 1;

    beforeAll(async () => {
      // In expert mode, as the Studio test left it: the panel has its Recommend button too.
      const popup = await session.openExtensionPage('popup.html');
      await popup.getByRole('tab', { name: 'Settings' }).click();
      const expertMode = popup.getByRole('checkbox', { name: /Expert mode/ });
      await expertMode.waitFor({ timeout: TIMEOUT });
      if (!(await expertMode.isChecked())) await expertMode.check();
      await popup.close();
      page = await session.context.newPage();
      await page.setViewportSize({ width: 1000, height: 500 });
      await page.goto(TMALL_URL);
      overlay = overlayOf(session, page);
      await overlay.click({ role: 'button', name: /^Open Haowu/ });
      await overlay.waitFor({ text: 'Battery lasts two days' });
      await overlay.waitFor({ role: 'button', name: 'Recommend' });
    }, 60_000);
    afterAll(async () => page?.close());

    it('shows the first pick without scrolling, under Save and the cart form', { timeout: 60_000 }, async () => {
      const dialog = await overlay.waitFor({ role: 'dialog', name: 'Haowu on this product' });
      const reason = await overlay.waitFor({ text: 'Battery lasts two days' });
      expect(dialog.rect.y).toBeGreaterThanOrEqual(0);
      expect(dialog.rect.y + dialog.rect.height).toBeLessThanOrEqual(500);
      // In the panel's box as it opened (scrollTop 0): the name and the reason of the first pick.
      expect(inside(reason.rect, dialog.rect), JSON.stringify({ reason: reason.rect, tag: reason.tag, dialog: dialog.rect })).toBe(true);
      const firstName = await overlay.waitFor({ text: LONG_NAME, within: { role: 'article', name: LONG_NAME } });
      expect(inside(firstName.rect, dialog.rect)).toBe(true);
    });

    it('shows the whole expert name in the Through menu', { timeout: 60_000 }, async () => {
      const through = await overlay.waitFor({ label: 'Through' });
      expect(through.options?.find((option) => option.selected)?.label).toContain(LONG_NAME);
      // The menu's box holds the chosen name: measured in the panel's font, from the page (test only).
      const room = through.rect.width - 36; // padding, border and the arrow
      const needed = await page.evaluate(
        ({ text }) => {
          const context = document.createElement('canvas').getContext('2d')!;
          context.font = '13px system-ui, -apple-system, sans-serif';
          return context.measureText(text).width;
        },
        { text: LONG_NAME },
      );
      expect(needed).toBeLessThanOrEqual(room);
    });

    it('Studio: the Share box of a pick is the row’s width, its copy button under the text', { timeout: 120_000 }, async () => {
      // A profile and a pick with a partner link, made as an expert makes them: the Studio, then the panel.
      const popup = await session.openExtensionPage('popup.html');
      await popup.getByRole('tab', { name: 'Studio' }).click();
      const create = popup.getByRole('heading', { name: 'Create your expert profile' });
      const idLine = popup.getByText(/^Your expert id: /);
      await create.or(idLine).first().waitFor({ timeout: TIMEOUT });
      if (await create.isVisible()) {
        await popup.getByLabel('Display name').fill('Ana');
        await popup.getByRole('button', { name: 'Create profile' }).click();
        await idLine.waitFor({ timeout: TIMEOUT });
      }
      await overlay.click({ role: 'button', name: 'Recommend' });
      await overlay.fill({ label: 'Why you recommend it (10–1,000 characters)' }, 'Battery lasts two days, tested for a week.');
      await overlay.fill({ label: 'Your partner link (optional)' }, 'https://s.click.taobao.com/t?e=ana');
      await overlay.click({ role: 'button', name: 'Save recommendation' });
      await overlay.waitFor({ role: 'button', name: /^Edit/ });
      await popup.reload();
      await popup.getByRole('tab', { name: 'Studio' }).click();
      await popup.getByRole('button', { name: /^Share your recommendation of / }).click();
      const row = (await popup.locator('li.studio__pick').first().boundingBox())!;
      const text = (await popup.locator('.share textarea').boundingBox())!;
      const copy = (await popup.getByRole('button', { name: 'Copy text with link' }).boundingBox())!;
      expect(text.width).toBeGreaterThanOrEqual(row.width * 0.9);
      expect(text.x + text.width).toBeLessThanOrEqual(row.x + row.width + 1);
      expect(copy.y).toBeGreaterThanOrEqual(text.y + text.height - 1);
      expect(copy.x).toBeCloseTo(text.x, 0);
      await popup.close();
    });

    it('stays where it was after Keep Haowu collapsed', { timeout: 60_000 }, async () => {
      const before = (await overlay.waitFor({ role: 'dialog', name: 'Haowu on this product' })).rect;
      await overlay.click({ role: 'button', name: 'Keep Haowu collapsed' });
      await expect.poll(async () => (await overlay.count({ className: 'hw-root--collapsed' })), { timeout: TIMEOUT }).toBe(1);
      const after = (await overlay.waitFor({ role: 'dialog', name: 'Haowu on this product' })).rect;
      expect(after.x).toBeCloseTo(before.x, 0);
      expect(after.y).toBeCloseTo(before.y, 0);
    });
  });
});
