import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createProductPages } from '../../../utils/background/product-pages';
import { RECORDS_PER_TAB } from '../../../utils/background/record-rate';
import { addToCart } from '../../../utils/db/cart';
import { followExpert, getExpert } from '../../../utils/db/experts';
import { getProduct } from '../../../utils/db/products';
import { putRecommendations } from '../../../utils/db/recommendations';
import { getSavedState, saveProduct } from '../../../utils/db/saved';
import { createExpertProfile } from '../../../utils/expert/profile';
import { getSettings, updateSettings } from '../../../utils/settings';
import { detected } from '../db/helpers';
import { expert, recommendation } from '../db/records';
import { contentSender, otherTabSender, popupSender, sendAs, useRegisteredHandlers } from './wire';

const NOW = Date.UTC(2025, 5, 1);
const handlers = useRegisteredHandlers(NOW);
const db = () => handlers.connection().get();
const KEY = 'tmall:600001';

const open = (sender = contentSender, product = detected()) => sendAs(sender, 'openProductPage', { product, arrival: 'load' });

async function seedPicks() {
  const database = await db();
  await followExpert(database, { id: 'fp-bo', kind: 'feed', displayName: 'Bo', bio: '', avatarUrl: null, feedUrl: null }, NOW - 10);
  await database.put('experts', expert({ id: 'fp-mei', displayName: 'Mei', followed: false, followedAt: null }));
  await putRecommendations(database, [
    recommendation({ id: 'mei/1', expertId: 'fp-mei', rating: 5, partnerLink: 'https://s.click.taobao.com/mei' }),
    recommendation({ id: 'bo/1', expertId: 'fp-bo', rating: 3, partnerLink: `https://detail.tmall.com/item.htm?id=600001&ali_trackid=bo` }),
    recommendation({ id: 'bo/off-host', expertId: 'fp-bo', rating: 5, partnerLink: 'https://tmall.com.evil.example/buy' }),
    recommendation({ id: 'bo/expired', expertId: 'fp-bo', rating: 5, expiresAt: NOW - 1 }),
    recommendation({ id: 'mei/other', expertId: 'fp-mei', productKey: 'tmall:600002' }),
  ]);
}

describe('openProductPage: one request when a product page opens', () => {
  it('answers with the visible picks in order, the saved and cart state, and records the product', async () => {
    await seedPicks();
    await saveProduct(await db(), KEY, { note: 'gift' }, NOW - 5);
    await addToCart(await db(), { productKey: KEY, quantity: 2, variant: 'black', viaRecommendationId: null }, NOW - 5);
    await addToCart(await db(), { productKey: KEY, quantity: 1, variant: '', viaRecommendationId: null }, NOW - 5);
    const opened = await open();
    if (!opened.ok) throw new Error(opened.error.message);
    // Followed Bo first although Mei rates higher; the off-host and expired picks and the other product's are left out.
    expect(opened.value.picks.map((pick) => pick.recommendation.id)).toEqual(['bo/1', 'mei/1']);
    expect(opened.value).toMatchObject({ shown: true, saved: true, inCart: 3, product: { key: KEY } });
    expect(await getProduct(await db(), KEY)).toMatchObject({ title: 'Linen shirt', lastSeenAt: NOW });
  });

  it('gives the page only the settings it draws with', async () => {
    await updateSettings({ theme: 'dark', otherSitesOptIn: true, otherSiteOrigins: ['https://secret-shop.example/*'], hiddenStores: ['jd'] });
    const opened = await open();
    expect(opened.ok && opened.value.settings).toEqual({ language: 'auto', theme: 'dark', expertMode: false, overlayCollapsed: false });
  });

  it('refuses a product that is not the page’s own, whatever a compromised content script sends, and stores nothing', async () => {
    const forgeries = [
      // Another host for the canonical URL: later shown as a link in the popup.
      detected({ canonicalUrl: 'https://evil.example/item.htm?id=600001' }),
      // Another product than the page's address names.
      detected({ productId: '600002', canonicalUrl: 'https://detail.tmall.com/item.htm?id=600002' }),
      // Another store.
      detected({ platform: 'jd', canonicalUrl: 'https://item.jd.com/600001.html', storeDomain: 'jd.com' }),
      detected({ storeDomain: 'evil.example' }),
    ];
    for (const product of forgeries) {
      expect(await open(contentSender, product), product.canonicalUrl).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('Haowu did not show this page') } });
    }
    // From a page that is no product page at all, and from Haowu's own pages.
    const home = { ...contentSender, url: 'https://detail.tmall.com/', tab: { id: 3, url: 'https://detail.tmall.com/' } };
    expect(await open(home)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await open({ ...popupSender, tab: { id: 9, url: popupSender.url } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await (await db()).count('products')).toBe(0);
  });

  it('judges a top frame by its tab’s current address, which follows the page’s pushState, and a frame by its own', async () => {
    // Chrome keeps sender.url at the document's first address after history.pushState; tab.url follows.
    const moved = { ...contentSender, url: 'https://detail.tmall.com/item.htm?id=1', tab: { id: 3, url: contentSender.url } };
    expect(await open(moved)).toMatchObject({ ok: true });
    const frame = { ...contentSender, frameId: 5, url: 'https://detail.tmall.com/item.htm?id=1' };
    expect(await open(frame)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('records a tab’s products at a bounded rate, and still answers', async () => {
    for (let i = 0; i < RECORDS_PER_TAB; i++) await open(contentSender, detected({ title: `seen ${i}` }));
    const beyond = await open(contentSender, detected({ title: 'one too many' }));
    expect(beyond).toMatchObject({ ok: true, value: { shown: true } });
    expect((await getProduct(await db(), KEY))?.title).toBe(`seen ${RECORDS_PER_TAB - 1}`);
    // Another tab has its own allowance.
    await open(otherTabSender, detected({ title: 'from the other tab' }));
    expect((await getProduct(await db(), KEY))?.title).toBe('from the other tab');
  });

  it('shows and records nothing on a store the user hid, and says so', async () => {
    await seedPicks();
    await updateSettings({ hiddenStores: ['tmall'] });
    expect(await open()).toMatchObject({ ok: true, value: { shown: false, picks: [], saved: false } });
    expect(await getProduct(await db(), KEY)).toBeUndefined();
  });

  it('sets the badge of the sender’s own tab to the visible pick count, and clears it on close', async () => {
    const setBadgeText = vi.spyOn(fakeBrowser.action, 'setBadgeText').mockResolvedValue(undefined);
    await seedPicks();
    await open();
    expect(setBadgeText).toHaveBeenLastCalledWith({ tabId: 3, text: '2' });
    expect(await sendAs(contentSender, 'closeProductPage', undefined)).toEqual({ ok: true, value: { closed: true } });
    expect(setBadgeText).toHaveBeenLastCalledWith({ tabId: 3, text: '' });
  });
});

describe('actions of a product page', () => {
  it('act only on the product the sender’s own page opened', async () => {
    await open();
    for (const [sender, productKey] of [
      [contentSender, 'tmall:600002'],
      [otherTabSender, KEY],
      [{ ...contentSender, frameId: 2 }, KEY],
    ] as const) {
      expect(await sendAs(sender, 'saveProduct', { productKey }), `${sender.tab?.id}/${sender.frameId} ${productKey}`).toMatchObject({ ok: false, error: { code: 'stale-page' } });
      expect(await sendAs(sender, 'addProductToCart', { productKey, quantity: 1, variant: '' })).toMatchObject({ ok: false, error: { code: 'stale-page' } });
    }
    expect(await getSavedState(await db(), 'tmall:600002')).toBeNull();
    await sendAs(contentSender, 'closeProductPage', undefined);
    expect(await sendAs(contentSender, 'saveProduct', { productKey: KEY })).toMatchObject({ ok: false, error: { code: 'stale-page' } });
  });

  it('save means save: a tab opened before the product was saved elsewhere keeps the item and its note', async () => {
    await open();
    await saveProduct(await db(), KEY, { note: 'for mum' }, NOW - 1);
    expect(await sendAs(contentSender, 'saveProduct', { productKey: KEY })).toMatchObject({ ok: true, value: { saved: true } });
    expect(await getSavedState(await db(), KEY)).toMatchObject({ note: 'for mum', savedAt: NOW - 1 });
    expect(await sendAs(contentSender, 'unsaveProduct', { productKey: KEY })).toMatchObject({ ok: true, value: { saved: false } });
    expect(await sendAs(contentSender, 'unsaveProduct', { productKey: KEY })).toMatchObject({ ok: true, value: { saved: false } });
  });

  it('follow only an expert whose pick the page shows', async () => {
    await seedPicks();
    await (await db()).put('experts', expert({ id: 'fp-elsewhere', displayName: 'Elsewhere', followed: false, followedAt: null }));
    await open();
    const followed = await sendAs(contentSender, 'followFromPage', { productKey: KEY, expertId: 'fp-mei', followed: true });
    // Both followed now: Mei's higher rating puts her first.
    expect(followed.ok && followed.value.picks.map((pick) => [pick.expert.id, pick.expert.followed])).toEqual([
      ['fp-mei', true],
      ['fp-bo', true],
    ]);
    expect(await sendAs(contentSender, 'followFromPage', { productKey: KEY, expertId: 'fp-elsewhere', followed: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await getExpert(await db(), 'fp-elsewhere'))?.followed).toBe(false);
  });

  it('hide Haowu on the page’s own store, and collapse, changing only those settings', async () => {
    await updateSettings({ theme: 'light', hiddenStores: ['jd'] });
    await open();
    expect(await sendAs(contentSender, 'collapseOverlay', { productKey: KEY })).toMatchObject({ ok: true, value: { settings: { overlayCollapsed: true, theme: 'light' } } });
    expect(await sendAs(contentSender, 'hideOverlayOnStore', { productKey: KEY })).toMatchObject({ ok: true, value: { shown: false } });
    await sendAs(contentSender, 'hideOverlayOnStore', { productKey: KEY });
    expect(await getSettings()).toMatchObject({ theme: 'light', overlayCollapsed: true, hiddenStores: ['jd', 'tmall'] });
    // The store is the registered product's, never a payload's.
    expect(await sendAs(contentSender, 'hideOverlayOnStore', { productKey: KEY, store: 'amazon' } as never)).toMatchObject({ ok: true });
    expect((await getSettings()).hiddenStores).toEqual(['jd', 'tmall']);
  });

  it('a Recommend form saves a pick only for the page’s product, and deletes only that product’s picks', async () => {
    await updateSettings({ expertMode: true });
    await createExpertProfile(await db(), { name: 'Me' }, NOW);
    await open();
    const fields = { reason: 'Good linen', rating: 5, stockNote: '', tags: [], expiresAt: null, partnerLink: '' };
    expect(await sendAs(contentSender, 'saveOwnPickOnPage', { ...fields, productKey: 'tmall:600002' })).toMatchObject({ ok: false, error: { code: 'stale-page' } });
    const saved = await sendAs(contentSender, 'saveOwnPickOnPage', { ...fields, productKey: KEY, product: detected({ productId: '9' }) } as never);
    if (!saved.ok) throw new Error(saved.error.message);
    const own = saved.value.picks.find((pick) => pick.expert.kind === 'local')!;
    expect(own.recommendation).toMatchObject({ productKey: KEY, reason: 'Good linen' });
    expect(await getProduct(await db(), 'tmall:9')).toBeUndefined();

    await putRecommendations(await db(), [recommendation({ id: 'mine-elsewhere', expertId: own.expert.id, productKey: 'tmall:600002' })]);
    expect(await sendAs(contentSender, 'deleteOwnPickOnPage', { productKey: KEY, id: 'mine-elsewhere' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await sendAs(contentSender, 'deleteOwnPickOnPage', { productKey: KEY, id: own.recommendation.id })).toMatchObject({ ok: true, value: { picks: [] } });
  });
});

describe('pushes to open product pages', () => {
  it('tell every other page showing the product what changed: a save in one tab, a removal in the popup', async () => {
    await open(contentSender);
    await open(otherTabSender);
    await open({ ...otherTabSender, tab: { id: 5, url: 'https://detail.tmall.com/item.htm?id=600002' }, url: 'https://detail.tmall.com/item.htm?id=600002' }, detected({ productId: '600002', canonicalUrl: 'https://detail.tmall.com/item.htm?id=600002' }));
    await sendAs(contentSender, 'saveProduct', { productKey: KEY });
    await handlers.settled();
    // Tab 3 has its answer; tab 4 shows the same product; tab 5 another one.
    expect(handlers.pushed.map(({ page, view }) => [page.tabId, view.saved])).toEqual([[4, true]]);

    handlers.pushed.length = 0;
    await sendAs(popupSender, 'removeSaved', { productKey: KEY });
    await handlers.settled();
    expect(handlers.pushed.map(({ page, view }) => [page.tabId, view.saved]).sort()).toEqual([
      [3, false],
      [4, false],
    ]);
  });

  it('reach every page when experts or feeds change, and forget a page that no longer answers', async () => {
    const pushes: number[] = [];
    const pages = createProductPages({
      db,
      now: () => NOW,
      push: async (page) => {
        pushes.push(page.tabId);
        return page.tabId !== 4;
      },
      setBadge: async () => {},
    });
    await pages.open({ tabId: 3, frameId: 0 }, detected());
    await pages.open({ tabId: 4, frameId: 0 }, detected({ productId: '600002', canonicalUrl: 'https://detail.tmall.com/item.htm?id=600002' }));
    await pages.changed('all');
    await pages.changed('all');
    expect(pushes).toEqual([3, 4, 3]);
  });

  it('survive the background being stopped: a new worker reads the open pages back from session storage', async () => {
    const first = createProductPages({ db, now: () => NOW, push: async () => true, setBadge: async () => {} });
    await first.open({ tabId: 3, frameId: 0 }, detected());
    const pushes: number[] = [];
    const restarted = createProductPages({ db, now: () => NOW, push: async (page) => Boolean(pushes.push(page.tabId)), setBadge: async () => {} });
    await restarted.changed({ productKeys: [KEY] });
    expect(pushes).toEqual([3]);
    expect(await restarted.productOf({ tabId: 3, frameId: 0 }, KEY)).toMatchObject({ key: KEY });
    // Whatever else is found there is not trusted.
    await fakeBrowser.storage.session.set({ productPages: [{ tabId: 'x' }, { tabId: 1, frameId: 0, product: { ...detected(), canonicalUrl: 'javascript:1' } }] });
    const fromJunk = createProductPages({ db, now: () => NOW, push: async () => true, setBadge: async () => {} });
    await expect(fromJunk.productOf({ tabId: 1, frameId: 0 }, KEY)).rejects.toMatchObject({ code: 'stale-page' });
  });
});
