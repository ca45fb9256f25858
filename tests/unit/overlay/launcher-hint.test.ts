import { waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { pageSettings } from '../../../utils/background/product-pages';
import type { Result } from '../../../utils/messaging/result';
import { errorInfo } from '../../../utils/errors';
import { hintFromStored, launcherHints } from '../../../utils/overlay/launcher-hint';
import { createProductPageController } from '../../../utils/overlay/product-page-controller';
import type { PageSettings, ProductPageView } from '../../../utils/overlay/page-view';
import { startSettingsRead, takeStartedSettingsRead } from '../../../utils/overlay/settings-preload';
import { overlayWanted } from '../../../utils/overlay/store-visibility';
import { DEFAULT_SETTINGS, readSettings, updateSettings } from '../../../utils/settings';
import { userClick } from './as-user';
import { memoryBackend, mountController, pick, product } from './page-fixture';

const amazonProduct = { platform: 'amazon' as const, storeDomain: 'amazon.com' };
const siteProduct = { platform: 'site' as const, storeDomain: 'shop.example' };

// Stored values as the settings schema meets them: good, partial, corrupt field by field, not an object.
const STORED: unknown[] = [
  undefined,
  null,
  'settings',
  [],
  {},
  { language: 'zh', theme: 'dark', overlayCollapsed: true, expertMode: true },
  { language: 'klingon', theme: 3, overlayCollapsed: 'yes', expertMode: null },
  { stores: { tmall: false } },
  { stores: { tmall: 'no', jd: false } },
  { stores: 'none' },
  { hiddenStores: ['tmall'] },
  { hiddenStores: ['tmall', 7] },
  { hiddenStores: 'tmall' },
  { hiddenStores: ['shop.example'], otherSitesOptIn: true },
  { otherSitesOptIn: true },
  { amazonOptIn: true, hiddenStores: ['jd'] },
  { amazonOptIn: 'true' },
];

/** What getSettings (utils/settings.ts) makes of a stored value: the schema's fallbacks, the defaults when it cannot parse at all. */
function asGetSettingsReads(raw: unknown) {
  try {
    return readSettings(raw);
  } catch {
    return DEFAULT_SETTINGS;
  }
}

describe('the launcher hint (the settings a product page reads before the background answers)', () => {
  it('gives what the settings schema and the background would: the same store visibility and page settings', () => {
    for (const raw of STORED) {
      for (const shownProduct of [product, amazonProduct, siteProduct]) {
        const settings = asGetSettingsReads(raw);
        const expected: PageSettings | null = overlayWanted(settings, shownProduct) ? pageSettings(settings) : null;
        expect({ raw, store: shownProduct.platform, hint: hintFromStored(raw, shownProduct) }).toEqual({ raw, store: shownProduct.platform, hint: expected });
      }
    }
  });

  it('reads the settings where the settings are stored, once per page for the first product', async () => {
    await updateSettings({ language: 'zh', overlayCollapsed: true });
    const get = vi.fn((key: string) => fakeBrowser.storage.local.get(key));
    const hint = launcherHints({ get });
    expect(await hint(product)).toEqual({ language: 'zh', theme: 'auto', expertMode: false, overlayCollapsed: true });
    expect(get).toHaveBeenCalledOnce();
    await updateSettings({ stores: { tmall: false } });
    // A later product on the same page reads them again.
    expect(await hint(product)).toBeNull();
    expect(get).toHaveBeenCalledTimes(2);
  });

  it('gives no hint, rather than the defaults, when the settings cannot be read', async () => {
    const hint = launcherHints({ get: () => Promise.reject(new Error('storage unavailable')) });
    expect(await hint(product)).toBeNull();
  });

  it('takes the read the document_start script began for the first product, once, and reads again after (issue 19)', async () => {
    await updateSettings({ language: 'zh' });
    const early = vi.fn((key: string) => fakeBrowser.storage.local.get(key));
    startSettingsRead({ get: early });
    expect(early).toHaveBeenCalledOnce();
    const late = vi.fn((key: string) => fakeBrowser.storage.local.get(key));
    const hint = launcherHints({ get: late });
    expect(await hint(product)).toEqual({ language: 'zh', theme: 'auto', expertMode: false, overlayCollapsed: false });
    expect(late).not.toHaveBeenCalled();
    await updateSettings({ language: 'en' });
    expect((await hint(product))?.language).toBe('en');
    expect(late).toHaveBeenCalledOnce();
    // Taken once: a second product page script on the page (an update) reads for itself.
    expect(takeStartedSettingsRead()).toBeNull();
    expect(early).toHaveBeenCalledOnce();
  });
});

let stopCurrent: (() => void) | null = null;
afterEach(() => {
  stopCurrent?.();
  stopCurrent = null;
  document.body.replaceChildren();
});

/** A backend whose first answer to openProductPage waits until the test releases it (a stopped service worker waking). */
function slowBackend(...args: Parameters<typeof memoryBackend>) {
  const memory = memoryBackend(...args);
  const answer = memory.backend.open;
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  memory.backend.open = vi.fn(async (...openArgs: Parameters<typeof answer>): Promise<Result<ProductPageView>> => {
    await released;
    return answer(...openArgs);
  });
  return { ...memory, release };
}

describe('the launcher before the background answers', () => {
  const hinted = (settings: PageSettings | null) => vi.fn(async () => settings);
  const enSettings: PageSettings = { language: 'en', theme: 'auto', expertMode: false, overlayCollapsed: false };

  it('paints from the hint without count or saved state, fills in with the answer, and still asks once', async () => {
    const memory = slowBackend({ picks: [pick('a', 'Ann'), pick('b', 'Bo')], saved: true });
    const { overlay, controller } = mountController(memory.backend, { hint: hinted(enSettings) });
    stopCurrent = controller.stop;
    const shown = controller.show(product, 'load');
    const launcher = await waitFor(() => overlay().getByRole('button', { name: 'Open Haowu: loading its picks' }));
    // Nothing it does not know yet: no count, no saved state, no save button.
    expect(overlay().queryByRole('button', { name: /Save|Saved/ })).toBeNull();
    expect(launcher.textContent).toBe('Haowu');
    memory.release();
    await shown;
    expect(launcher.getAttribute('aria-label')).toBe('Open Haowu: 2 expert picks');
    expect(memory.backend.open).toHaveBeenCalledOnce();
  });

  it('opens the panel on a click made before the answer, once the answer came', async () => {
    const memory = slowBackend({ picks: [pick('a', 'Ann')] });
    const { overlay, controller } = mountController(memory.backend, { hint: hinted(enSettings) });
    stopCurrent = controller.stop;
    void controller.show(product, 'load');
    userClick(await waitFor(() => overlay().getByRole('button', { name: 'Open Haowu: loading its picks' })));
    expect(overlay().queryByRole('dialog')).toBeNull();
    memory.release();
    expect(await overlay().findByRole('dialog', { name: 'Haowu on this product' })).toBeTruthy();
    expect(overlay().getAllByRole('article').map((card) => card.getAttribute('aria-label'))).toEqual(['Ann']);
  });

  it('draws nothing before the answer when the hint says the store is not wanted', async () => {
    const notWanted = slowBackend({ shown: true });
    const { controller } = mountController(notWanted.backend, { hint: hinted(null) });
    stopCurrent = controller.stop;
    const shown = controller.show(product, 'load');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(document.querySelector('haowu-overlay')).toBeNull();
    notWanted.release();
    await shown;
    expect(document.querySelector('haowu-overlay')).not.toBeNull();
  });

  it('removes the launcher drawn from the hint when the answer says the store is hidden', async () => {
    const hidden = slowBackend({ shown: false });
    const second = mountController(hidden.backend, { hint: hinted(enSettings) });
    stopCurrent = second.controller.stop;
    const opened = second.controller.show(product, 'load');
    await waitFor(() => expect(document.querySelector('haowu-overlay')).not.toBeNull());
    hidden.release();
    await opened;
    expect(document.querySelector('haowu-overlay')).toBeNull();
  });

  it('never draws a launcher before the answer for a product the background is not expected to take, so a refused page shows nothing at all (issue 19)', async () => {
    const refusing = slowBackend();
    const refuse = vi.fn(async (): Promise<Result<ProductPageView>> => ({ ok: false, error: errorInfo('invalid-input', 'page.notShown', { problem: 'the product is not the one this page shows' }) }));
    const answer = refusing.backend.open;
    refusing.backend.open = vi.fn(async (...args: Parameters<typeof answer>) => (await answer(...args), refuse()));
    const expectAccepted = vi.fn(() => false);
    const { controller } = mountController(refusing.backend, { hint: hinted(enSettings), expectAccepted });
    stopCurrent = controller.stop;
    // Every host the controller ever adds to the page, even for a moment.
    const added: Node[] = [];
    const observer = new MutationObserver((records) => added.push(...records.flatMap((record) => [...record.addedNodes])));
    observer.observe(document.documentElement, { childList: true, subtree: true });
    const shown = controller.show(product, 'load');
    await new Promise((resolve) => setTimeout(resolve, 0));
    refusing.release();
    await shown;
    await new Promise((resolve) => setTimeout(resolve, 0));
    observer.disconnect();
    expect(expectAccepted).toHaveBeenCalledWith(product);
    expect(refuse).toHaveBeenCalledOnce();
    expect(added.filter((node) => node.nodeName === 'HAOWU-OVERLAY')).toEqual([]);
  });

  it('starts listening to the background after the early launcher painted, just before asking it, and once (issue 19)', async () => {
    const painted: (() => void)[] = [];
    const memory = memoryBackend({ picks: [pick('a', 'Ann')] });
    const order: string[] = [];
    const answer = memory.backend.open;
    memory.backend.open = vi.fn(async (...args: Parameters<typeof answer>) => (order.push('asked'), answer(...args)));
    const beforeAsking = vi.fn(() => void order.push(document.querySelector('haowu-overlay') ? 'listening, launcher drawn' : 'listening, nothing drawn'));
    const controller = createProductPageController({ document, backend: memory.backend, css: '', languages: () => ['en'], accept: () => true, hint: hinted(enSettings), beforeAsking, afterPaint: (callback) => painted.push(callback) });
    stopCurrent = controller.stop;
    const shown = controller.show(product, 'load');
    await waitFor(() => expect(document.querySelector('haowu-overlay')).not.toBeNull());
    // Drawn, not yet painted: registering the listener (the runtime API's first use) waits for the frame.
    expect(beforeAsking).not.toHaveBeenCalled();
    for (const callback of painted.splice(0)) callback();
    await shown;
    await controller.show({ ...product, title: `${product.title} (read again)` }, 'load');
    expect(order).toEqual(['listening, launcher drawn', 'asked', 'asked']);
  });

  it('asks the background only once the launcher drawn from the hint painted, and at once when there is nothing to draw first (issue 19)', async () => {
    const painted: (() => void)[] = [];
    const memory = memoryBackend({ picks: [pick('a', 'Ann')] });
    const drawnWhenAsked = vi.fn(() => document.querySelector('haowu-overlay') !== null);
    const answer = memory.backend.open;
    memory.backend.open = vi.fn(async (...args: Parameters<typeof answer>) => (drawnWhenAsked(), answer(...args)));
    const controller = createProductPageController({ document, backend: memory.backend, css: '', languages: () => ['en'], accept: () => true, hint: hinted(enSettings), afterPaint: (callback) => painted.push(callback) });
    stopCurrent = controller.stop;
    const shown = controller.show(product, 'load');
    await waitFor(() => expect(document.querySelector('haowu-overlay')).not.toBeNull());
    expect(memory.backend.open).not.toHaveBeenCalled();
    for (const callback of painted.splice(0)) callback();
    await shown;
    expect(drawnWhenAsked).toHaveReturnedWith(true);
    expect(memory.backend.open).toHaveBeenCalledOnce();

    // Not wanted on this store: nothing to paint first, so it asks at once.
    controller.stop();
    document.body.replaceChildren();
    const other = memoryBackend();
    const second = createProductPageController({ document, backend: other.backend, css: '', languages: () => ['en'], accept: () => true, hint: hinted(null), afterPaint: () => {} });
    stopCurrent = second.stop;
    await second.show(product, 'load');
    expect(other.backend.open).toHaveBeenCalledOnce();

    // A page loading in a background tab paints no frame: it asks at once, the launcher drawn.
    second.stop();
    document.body.replaceChildren();
    const hidden = memoryBackend();
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    const third = createProductPageController({ document, backend: hidden.backend, css: '', languages: () => ['en'], accept: () => true, hint: hinted(enSettings), afterPaint: () => {} });
    stopCurrent = third.stop;
    // No timer fires unless the test says so: only not waiting for a frame lets the request go out.
    vi.useFakeTimers();
    try {
      void third.show(product, 'load');
      for (let tick = 0; tick < 50 && vi.mocked(hidden.backend.open).mock.calls.length === 0; tick++) await Promise.resolve();
    } finally {
      vi.useRealTimers();
      visibility.mockRestore();
    }
    expect(hidden.backend.open).toHaveBeenCalledOnce();
    expect(document.querySelector('haowu-overlay')).not.toBeNull();
  });
});
