import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { addToCart } from '../../../utils/db/cart';
import { followExpert, getExpert } from '../../../utils/db/experts';
import { putRecommendations } from '../../../utils/db/recommendations';
import { toggleSaved } from '../../../utils/db/saved';
import { getSettings, updateSettings } from '../../../utils/settings';
import { detected } from '../db/helpers';
import { recommendation } from '../db/records';
import { contentSender, sendAs, useRegisteredHandlers } from './wire';

const NOW = Date.UTC(2025, 5, 1);
const handlers = useRegisteredHandlers(NOW);

describe('messages the overlay sends', () => {
  it('getProductState reports saved and the cart quantity over all variants of that product only', async () => {
    const db = await handlers.connection().get();
    await toggleSaved(db, 'jd:1', {}, NOW);
    await addToCart(db, { productKey: 'jd:1', quantity: 2, variant: 'black', viaRecommendationId: null }, NOW);
    await addToCart(db, { productKey: 'jd:1', quantity: 1, variant: '', viaRecommendationId: null }, NOW);
    await addToCart(db, { productKey: 'jd:10', quantity: 5, variant: '', viaRecommendationId: null }, NOW);
    expect(await sendAs(contentSender, 'getProductState', { productKey: 'jd:1' })).toEqual({ ok: true, value: { saved: true, inCart: 3 } });
    expect(await sendAs(contentSender, 'getProductState', { productKey: 'jd:2' })).toEqual({ ok: true, value: { saved: false, inCart: 0 } });
  });

  it('setExpertFollowed flips the flag and keeps the expert’s picks', async () => {
    const db = await handlers.connection().get();
    await followExpert(db, { id: 'ed25519:aa', kind: 'feed', displayName: 'Mei', bio: '', avatarUrl: null, feedUrl: null }, NOW - 10);
    await putRecommendations(db, [recommendation({ id: 'ed25519:aa/r1', expertId: 'ed25519:aa', productKey: 'jd:1' })]);
    const off = await sendAs(contentSender, 'setExpertFollowed', { expertId: 'ed25519:aa', followed: false });
    expect(off).toMatchObject({ ok: true, value: { followed: false, followedAt: null } });
    expect(await db.count('recommendations')).toBe(1);
    const on = await sendAs(contentSender, 'setExpertFollowed', { expertId: 'ed25519:aa', followed: true });
    expect(on).toMatchObject({ ok: true, value: { followed: true, followedAt: NOW } });
    expect((await getExpert(db, 'ed25519:aa'))?.followed).toBe(true);
  });

  it('setExpertFollowed refuses an unknown expert with a readable error', async () => {
    const result = await sendAs(contentSender, 'setExpertFollowed', { expertId: 'ed25519:nobody', followed: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('showPickCount badges the sender’s own tab, whatever the payload claims', async () => {
    const setBadgeText = vi.spyOn(fakeBrowser.action, 'setBadgeText').mockResolvedValue(undefined);
    const result = await sendAs(contentSender, 'showPickCount', { count: 3, tabId: 99 } as never);
    expect(result).toEqual({ ok: true, value: { shown: true } });
    expect(setBadgeText).toHaveBeenCalledWith({ tabId: 3, text: '3' });
    await sendAs(contentSender, 'showPickCount', { count: 0 });
    expect(setBadgeText).toHaveBeenLastCalledWith({ tabId: 3, text: '' });
    await sendAs(contentSender, 'showPickCount', { count: 150 });
    expect(setBadgeText).toHaveBeenLastCalledWith({ tabId: 3, text: '99+' });
  });

  it('getSettings gives the content script the validated settings, defaults for anything unreadable', async () => {
    await fakeBrowser.storage.local.set({ settings: { theme: 'dark', hiddenStores: 'not a list', language: 42 } });
    const result = await sendAs(contentSender, 'getSettings', undefined);
    expect(result).toMatchObject({ ok: true, value: { theme: 'dark', hiddenStores: [], language: 'auto' } });
  });

  it('collapseOverlay and hideOverlayOnStore change only those two settings, and keep the rest', async () => {
    await updateSettings({ theme: 'light', hiddenStores: ['jd'] });
    expect(await sendAs(contentSender, 'collapseOverlay', undefined)).toMatchObject({ ok: true, value: { overlayCollapsed: true, theme: 'light' } });
    await sendAs(contentSender, 'hideOverlayOnStore', { store: 'tmall' });
    await sendAs(contentSender, 'hideOverlayOnStore', { store: 'tmall' });
    expect(await getSettings()).toMatchObject({ theme: 'light', overlayCollapsed: true, hiddenStores: ['jd', 'tmall'] });
  });

  it('hideOverlayOnStore refuses a payload that is not a store id, and changes nothing', async () => {
    const before = await getSettings();
    for (const bad of [{ store: '' }, { store: 'x'.repeat(254) }, { store: 3 }, { hiddenStores: ['x'] }]) {
      expect(await sendAs(contentSender, 'hideOverlayOnStore', bad as never)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    expect(await getSettings()).toEqual(before);
  });

  it('loadOverlayPanel injects the panel into the sender’s own tab, whatever the payload claims', async () => {
    const executeScript = vi.fn(async () => []);
    (fakeBrowser as unknown as { scripting?: unknown }).scripting = { executeScript };
    try {
      const result = await sendAs(contentSender, 'loadOverlayPanel', { tabId: 99 } as never);
      // A payload is refused (the message takes none), so nothing is injected on its say-so.
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      expect(await sendAs(contentSender, 'loadOverlayPanel', undefined)).toEqual({ ok: true, value: { loaded: true } });
      expect(executeScript).toHaveBeenCalledOnce();
      expect(executeScript).toHaveBeenCalledWith({ target: { tabId: contentSender.tab!.id, frameIds: [contentSender.frameId ?? 0] }, files: ['/overlay-panel.js'] });
    } finally {
      delete (fakeBrowser as unknown as { scripting?: unknown }).scripting;
    }
  });

  it('checkProduct judges what a content script read, answers with the settings, and stores nothing', async () => {
    await updateSettings({ theme: 'dark' });
    expect(await sendAs(contentSender, 'checkProduct', detected())).toMatchObject({ ok: true, value: { theme: 'dark' } });
    for (const bad of [detected({ title: '' }), detected({ canonicalUrl: 'http://item.jd.com/1.html' }), { ...detected(), key: 'jd:other' }, { platform: 'jd' }]) {
      const refused = await sendAs(contentSender, 'checkProduct', bad as never);
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/checkProduct/) } });
    }
    const db = await handlers.connection().get();
    expect(await db.count('products')).toBe(0);
  });
});
