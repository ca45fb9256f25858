import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backup } from '../../utils/db/backup';
import { mergeSeenProduct } from '../../utils/db/products';
import type { ProductRecord, SavedRecord } from '../../utils/db/schema';
import type { DetectedProduct } from '../../utils/product';
import { launchChromiumWithExtension, type ExtensionSession } from '../harness/chromium';
import { watchBackgroundMessages } from '../harness/seen-messages';

/*
 * The popup, options tab and checkout page in real Chromium with the built extension (`npm run build`
 * first). Data is seeded through the background exactly as Haowu's pages talk to it: a runtime
 * message in @webext-core/messaging's wire format ({ id, type, data, timestamp } → { res } | { err }),
 * sent from an extension page so the privileged checks pass as they would for the popup.
 */

const PARTNER_LINK = 'https://s.click.taobao.com/t?e=haowu-e2e';
const T0 = Date.UTC(2025, 0, 1);
const cny = (yuan: number) => ({ currency: 'CNY', minMinor: yuan * 100, maxMinor: yuan * 100 });

function detected(id: string, title: string, yuan: number | null, platform: 'tmall' | 'jd' = 'tmall'): DetectedProduct {
  return {
    platform,
    productId: id,
    key: `${platform}:${id}`,
    canonicalUrl: platform === 'tmall' ? `https://detail.tmall.com/item.htm?id=${id}` : `https://item.jd.com/${id}.html`,
    title,
    price: yuan === null ? null : cny(yuan),
    imageUrl: null,
    shopName: platform === 'tmall' ? '苏宁易购官方旗舰店' : null,
    storeDomain: platform === 'tmall' ? 'tmall.com' : 'jd.com',
  };
}

async function send<T = unknown>(page: Page, type: string, data?: unknown): Promise<T> {
  const reply = await page.evaluate(
    async ({ type, data }) => {
      const { chrome } = globalThis as unknown as { chrome: { runtime: { sendMessage: (message: unknown) => Promise<unknown> } } };
      return chrome.runtime.sendMessage({ id: Math.floor(Math.random() * 1e9), type, data, timestamp: Date.now() });
    },
    { type, data },
  );
  const { res, err } = reply as { res?: { ok: boolean; value?: T; error?: { message: string } }; err?: unknown };
  if (err !== undefined || !res?.ok) throw new Error(`${type} failed: ${JSON.stringify(err ?? res?.error)}`);
  return res.value as T;
}

/**
 * Products as a visit to their pages records them, the items saved (the iPhone through Mei's pick),
 * and an expert with one pick (with a Tmall partner link): saving happens on a product page and picks
 * come from feeds, so an extension page seeds them the way a user restores them, from a backup.
 */
function seedBackup(products: ProductRecord[], saved: SavedRecord[]): Backup {
  return {
    format: 'haowu-backup',
    version: 1,
    exportedAt: new Date(T0).toISOString(),
    products,
    experts: [
      {
        id: 'fp-mei',
        kind: 'feed',
        displayName: 'Mei Lin',
        bio: 'Phones',
        avatarUrl: null,
        feedUrl: 'https://feeds.example/mei.json',
        followed: true,
        followedAt: T0,
        feedStatus: { lastFetchedAt: T0, lastError: null, etag: null },
        updatedAt: T0,
      },
    ],
    recommendations: [
      {
        id: 'mei-1',
        expertId: 'fp-mei',
        productKey: 'tmall:605258110430',
        snapshot: { title: 'Apple iPhone 11', imageUrl: null, price: cny(5499) },
        reason: 'Battery lasts',
        rating: 5,
        stockNote: null,
        tags: [],
        partnerLink: PARTNER_LINK,
        createdAt: T0,
        updatedAt: T0,
        expiresAt: null,
        deleted: false,
      },
    ],
    saved,
    cart: [],
  };
}

async function seed(page: Page) {
  const products = [
    detected('605258110430', 'Apple iPhone 11 128GB', 4999),
    detected('600001', 'Linen shirt 亚麻衬衫', 199),
    detected('100012', 'Huawei Enjoy 6 华为畅享', 699, 'jd'),
  ].map((product) => mergeSeenProduct(undefined, product, T0));
  // Saved in this order, one minute apart.
  const saved = ['jd:100012', 'tmall:600001', 'tmall:605258110430'].map((productKey, index): SavedRecord => {
    const at = T0 + (index + 1) * 60_000;
    return { productKey, savedAt: at, note: '', viaExpertId: productKey.endsWith('430') ? 'fp-mei' : null, updatedAt: at };
  });
  await send(page, 'importBackup', { json: JSON.stringify(seedBackup(products, saved)) });
  await send(page, 'addToCart', { productKey: 'tmall:605258110430', quantity: 1, variant: 'Black', recommendationId: 'mei-1' });
  await send(page, 'addToCart', { productKey: 'tmall:600001', quantity: 2, variant: '' });
  await send(page, 'addToCart', { productKey: 'jd:100012', quantity: 1, variant: '' });
}

const savedRows = (page: Page) => page.locator('.vlist__row');

describe('popup in Chromium', () => {
  let session: ExtensionSession;
  let popup: Page;
  beforeAll(async () => {
    session = await launchChromiumWithExtension();
    popup = await session.openExtensionPage('popup.html');
    await seed(popup);
    await popup.reload();
  });
  afterAll(async () => session?.close());

  it('reads the Saved tab’s first rows in its own page: the background is asked for the whole list only', async () => {
    const seenMessages = await watchBackgroundMessages(session);
    await popup.reload();
    await expect.poll(() => savedRows(popup).count()).toBe(3);
    // Newest first: saved one minute apart in this order.
    expect(await popup.locator('.row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-product-key')))).toEqual(['tmall:605258110430', 'tmall:600001', 'jd:100012']);
    const seen = await seenMessages();
    expect(seen).toContain('listAllSaved');
    expect(seen).not.toContain('listSaved');
  });

  it('finds a saved item by search, removes it and brings it back with undo', async () => {
    await expect.poll(() => savedRows(popup).count()).toBe(3);
    await popup.getByRole('searchbox').fill('iphone');
    await expect.poll(() => savedRows(popup).count()).toBe(1);
    const row = savedRows(popup).first();
    expect(await row.textContent()).toContain('via Mei Lin');

    await popup.getByRole('button', { name: 'Remove Apple iPhone 11 128GB from saved items' }).click();
    await expect.poll(() => savedRows(popup).count()).toBe(0);
    await popup.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => savedRows(popup).count()).toBe(1);

    // Undo really restored it in the database: a fresh load shows all three.
    await popup.reload();
    await expect.poll(() => savedRows(popup).count()).toBe(3);
    await popup.getByRole('searchbox').fill('华为');
    await expect.poll(() => savedRows(popup).count()).toBe(1);
  });

  it('steps cart quantities and totals each store in its own currency', async () => {
    await popup.getByRole('tab', { name: 'Cart' }).click();
    const tmall = popup.locator('section.store-group[data-store="tmall"]');
    await tmall.waitFor();
    // 4,999 + 2 × 199 = 5,397
    await expect.poll(() => tmall.locator('.subtotal').textContent()).toContain('5,397.00');
    await popup.getByRole('button', { name: 'One more Apple iPhone 11 128GB' }).click();
    await expect.poll(() => tmall.locator('.subtotal').textContent()).toContain('10,396.00');
    await expect.poll(() => popup.locator('section.store-group[data-store="jd"] .subtotal').textContent()).toContain('699.00');

    await popup.reload();
    await popup.getByRole('tab', { name: 'Cart' }).click();
    await expect.poll(() => popup.locator('section.store-group[data-store="tmall"] .subtotal').textContent()).toContain('10,396.00');
  });

  it('checks out through the expert’s disclosed link and marks a line as bought', async () => {
    await session.serve([{ url: PARTNER_LINK, html: '<!doctype html><title>Partner landing</title><h1>Tmall</h1>' }]);
    const checkout = await session.openExtensionPage('checkout.html');
    const line = checkout.locator('.checkout-line[data-product-key="tmall:605258110430"]');
    await line.waitFor();
    expect(await line.textContent()).toContain('This link may earn Mei Lin a commission');

    const opened = session.context.waitForEvent('page');
    await line.getByRole('link', { name: 'Buy via Mei Lin' }).click();
    const partnerTab = await opened;
    await partnerTab.waitForLoadState();
    expect(partnerTab.url()).toBe(PARTNER_LINK);
    expect(await partnerTab.title()).toBe('Partner landing');
    await partnerTab.close();

    // The line without a pick offers the plain store page only.
    const plain = checkout.locator('.checkout-line[data-product-key="tmall:600001"]');
    expect(await plain.getByRole('link', { name: 'Open the store page' }).getAttribute('href')).toBe('https://detail.tmall.com/item.htm?id=600001');

    await line.getByRole('button', { name: 'Mark Apple iPhone 11 128GB as bought' }).click();
    await expect.poll(() => checkout.locator('.purchases').textContent()).toContain('Apple iPhone 11 128GB');
    await expect.poll(() => checkout.locator('.checkout-line[data-product-key="tmall:605258110430"]').count()).toBe(0);
    await checkout.close();
  });

  it('exports a backup that restores everything in a fresh profile', async () => {
    const options = await session.openExtensionPage('options.html');
    await options.getByRole('tab', { name: 'Settings' }).click();
    const download = options.waitForEvent('download');
    await options.getByRole('button', { name: 'Export backup (JSON)' }).click();
    const file = await (await download).path();
    const exported = JSON.parse(readFileSync(file, 'utf8')) as Backup;
    expect([exported.saved.length, exported.cart.length, exported.purchases?.length]).toEqual([3, 2, 1]);

    const fresh = await launchChromiumWithExtension();
    try {
      const page = await fresh.openExtensionPage('options.html');
      await expect.poll(() => page.getByText('Nothing saved yet').count()).toBe(1);
      await page.getByRole('tab', { name: 'Settings' }).click();
      await page.getByLabel('Import a backup file').setInputFiles(file);
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Backup imported: ' }).count()).toBe(1);
      // Said as a sentence: "Backup imported: added 3 saved items, 2 cart lines, …".
      expect(await page.getByRole('status').filter({ hasText: 'Backup imported: ' }).textContent()).toMatch(/^Backup imported: added .*\b3 saved items\b/);

      await page.getByRole('tab', { name: 'Saved' }).click();
      await expect.poll(() => savedRows(page).count()).toBe(3);
      await page.getByRole('tab', { name: 'Cart' }).click();
      await expect.poll(() => page.locator('.cart-line').count()).toBe(2);
      await page.getByRole('tab', { name: 'Experts' }).click();
      await expect.poll(() => page.locator('.expert').textContent()).toContain('Mei Lin');
      const purchases = await send<unknown[]>(page, 'listPurchases');
      expect(purchases).toHaveLength(1);

      // A broken file is refused with the precise reason, and nothing changes.
      await page.getByRole('tab', { name: 'Settings' }).click();
      await page.getByLabel('Import a backup file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"haowu-backup"') });
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('not valid JSON');
    } finally {
      await fresh.close();
    }
  });
});
