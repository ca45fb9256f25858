import { fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProductCandidate } from '../../../utils/read-product';
import { asUser, userClick } from './as-user';
import { memoryBackend, mountController, otherProduct, pick, product } from './page-fixture';
import { errorInfo } from '../../../utils/errors';
import { overlayPanel } from '../../../components/overlay/mount-panel';

let stopCurrent: (() => void) | null = null;
afterEach(() => {
  stopCurrent?.();
  stopCurrent = null;
  document.body.replaceChildren();
});

function setUp(...args: Parameters<typeof memoryBackend>) {
  const memory = memoryBackend(...args);
  const mounted = mountController(memory.backend);
  stopCurrent = mounted.controller.stop;
  return { ...memory, ...mounted };
}

/** Resolves after the panel's first paint: a frame, then a task, after Preact's own (it runs effects there). */
const afterFirstPaint = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve)));

const launcherButton = (overlay: ReturnType<typeof setUp>['overlay']) => overlay().getByRole('button', { name: /^Open Haowu/ });

describe('the product page controller', () => {
  it('asks the background once, draws the launcher in a closed shadow root, and re-asks only when the product read changed', async () => {
    const { backend, overlay, controller } = setUp({ picks: [pick('a', 'Ann'), pick('b', 'Bo')] });
    await controller.show(product, 'load');
    expect(backend.open).toHaveBeenCalledExactlyOnceWith(product, 'load');
    expect(launcherButton(overlay).getAttribute('aria-label')).toBe('Open Haowu: 2 expert picks');
    const host = document.querySelector('haowu-overlay')!;
    // The page sees the host, not what is inside it.
    expect(host.shadowRoot).toBeNull();
    expect(document.querySelector('.hw-launcher')).toBeNull();

    await controller.show({ ...product }, 'load');
    expect(backend.open).toHaveBeenCalledOnce();
    // A late price: the same product read again with more, sent again with the same arrival.
    const priced: ProductCandidate = { ...product, price: { currency: 'CNY', minMinor: 499900, maxMinor: 499900 } };
    await controller.show(priced, 'page');
    expect(backend.open).toHaveBeenLastCalledWith(priced, 'load');
    expect(backend.open).toHaveBeenCalledTimes(2);
  });

  it('shows nothing of a product the page moved to by itself until the shopper asks, then opens it as theirs', async () => {
    const { backend, overlay, controller } = setUp({ picks: [pick('a', 'Ann')], saved: true });
    await controller.show(product, 'load');
    await controller.show(otherProduct, 'page');
    expect(backend.open).toHaveBeenCalledOnce();
    expect(backend.close).toHaveBeenCalledOnce();
    const launcher = launcherButton(overlay);
    expect(launcher.getAttribute('aria-label')).toBe('Open Haowu: Show picks for this product');
    expect(overlay().queryByRole('button', { name: /Saved/ })).toBeNull();
    // A page script's click does nothing.
    launcher.click();
    expect(backend.open).toHaveBeenCalledOnce();
    userClick(launcher);
    await waitFor(() => expect(backend.open).toHaveBeenLastCalledWith(otherProduct, 'user'));
    // The shopper asked to see it: the panel opens with its picks.
    expect(await overlay().findByRole('dialog', { name: 'Haowu on this product' })).toBeTruthy();
    expect(overlay().getAllByRole('article').map((card) => card.getAttribute('aria-label'))).toEqual(['Ann']);
  });

  it('follows a navigation the shopper started at once, and leaves pages that are no product', async () => {
    const { backend, controller } = setUp();
    await controller.show(product, 'load');
    await controller.show(otherProduct, 'user');
    expect(backend.open).toHaveBeenLastCalledWith(otherProduct, 'user');
    expect(document.querySelectorAll('haowu-overlay')).toHaveLength(1);
    await controller.show(null, 'user');
    expect(backend.close).toHaveBeenCalledOnce();
    expect(document.querySelector('haowu-overlay')).toBeNull();
  });

  it('saves and unsaves from the launcher by what it shows, and follows a save made elsewhere', async () => {
    const { act, overlay, controller, view, state } = setUp();
    await controller.show(product, 'load');
    const save = overlay().getByRole('button', { name: 'Save this product' });
    save.click();
    expect(act).not.toHaveBeenCalled();
    userClick(save);
    await waitFor(() => expect(overlay().getByRole('button', { name: 'Saved. Press to remove from saved items' })).toBeTruthy());
    expect(act).toHaveBeenLastCalledWith('saveProduct', { productKey: product.key, viaExpertId: null });
    userClick(overlay().getByRole('button', { name: 'Saved. Press to remove from saved items' }));
    await waitFor(() => expect(act).toHaveBeenLastCalledWith('unsaveProduct', { productKey: product.key }));
    await overlay().findByRole('button', { name: 'Save this product' });

    // Saved in another tab: the background pushes the new view.
    state.saved = true;
    expect(controller.pushed(view())).toBe(true);
    expect(overlay().getByRole('button', { name: 'Saved. Press to remove from saved items' })).toBeTruthy();
    expect(controller.pushed({ ...view(), product: otherProduct })).toBe(false);
  });

  it('opens the panel with the background’s picks in its order, and acts through it', async () => {
    const { act, overlay, controller } = setUp({ picks: [pick('b', 'Bo', { followed: true, rating: 3 }), pick('a', 'Ann', { rating: 5 })] });
    await controller.show(product, 'load');
    userClick(launcherButton(overlay));
    await overlay().findByRole('dialog');
    expect(overlay().getAllByRole('article').map((card) => card.getAttribute('aria-label'))).toEqual(['Bo', 'Ann']);

    userClick(overlay().getByRole('button', { name: 'Follow Ann' }));
    await waitFor(() => expect(overlay().getAllByRole('article').map((card) => card.getAttribute('aria-label'))).toEqual(['Bo', 'Ann']));
    expect(act).toHaveBeenLastCalledWith('followFromPage', { productKey: product.key, expertId: 'expert-a', followed: true });
    await overlay().findByRole('button', { name: 'Unfollow Ann' });

    userClick(overlay().getByRole('button', { name: 'Save this product' }));
    await overlay().findByRole('button', { name: 'Saved. Press to remove from saved items' });
    // Saved via the first expert shown, for the Saved tab.
    expect(act).toHaveBeenLastCalledWith('saveProduct', { productKey: product.key, viaExpertId: 'expert-b' });

    asUser(() => fireEvent.input(overlay().getByLabelText('Quantity'), { target: { value: '2' } }));
    userClick(overlay().getByRole('button', { name: 'Add to cart' }));
    await overlay().findByRole('button', { name: 'In cart (2)' });
    expect(act).toHaveBeenLastCalledWith('addProductToCart', { productKey: product.key, quantity: 2, variant: '', recommendationId: 'b' });
  });

  it('ignores every click, submit and key a page script makes inside the panel', async () => {
    const { act, overlay, controller } = setUp({ picks: [pick('a', 'Ann')] });
    await controller.show(product, 'load');
    userClick(launcherButton(overlay));
    await overlay().findByRole('dialog');
    // The panel's effects (its Escape listener, the focus) run after its first paint, as Preact runs them.
    await afterFirstPaint();
    overlay().getByRole('button', { name: 'Save this product' }).click();
    overlay().getByRole('button', { name: 'Follow Ann' }).click();
    overlay().getByRole('button', { name: 'Hide Haowu on Tmall' }).click();
    fireEvent.submit(overlay().getByRole('button', { name: 'Add to cart' }).closest('form')!);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(act).not.toHaveBeenCalled();
    expect(overlay().getByRole('dialog')).toBeTruthy();
    // The shopper's Escape closes it, and focus goes back to the launcher.
    asUser(() => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(overlay().queryByRole('dialog')).toBeNull();
  });

  it('says what failed in the shopper’s language, and reopens a page the background forgot before retrying', async () => {
    const { act, overlay, controller, failNext, backend } = setUp();
    await controller.show(product, 'load');
    failNext('saveProduct', errorInfo('unavailable', 'background.unreachable'));
    userClick(overlay().getByRole('button', { name: 'Save this product' }));
    await waitFor(() => expect(overlay().getByRole('alert').textContent).toContain('perhaps because it was just updated'));
    expect(overlay().getByRole('button', { name: 'Save this product' })).toBeTruthy();

    failNext('saveProduct', errorInfo('stale-page', 'page.stale'));
    userClick(overlay().getByRole('button', { name: 'Save this product' }));
    await overlay().findByRole('button', { name: 'Saved. Press to remove from saved items' });
    expect(backend.open).toHaveBeenLastCalledWith(product, 'user');
    expect(act).toHaveBeenCalledTimes(3);
    expect(overlay().queryByRole('alert')?.hidden ?? true).toBe(true);

    // Forgotten again after reopening: said in the shopper's language, not the background's English.
    failNext('unsaveProduct', errorInfo('stale-page', 'page.stale'));
    failNext('unsaveProduct', errorInfo('stale-page', 'page.stale'));
    const saved = overlay().getByRole('button', { name: 'Saved. Press to remove from saved items' });
    // The button takes a press again once the last one finished.
    await waitFor(() => expect(saved.getAttribute('aria-disabled')).toBe('false'));
    userClick(saved);
    await waitFor(() => expect(overlay().getByRole('alert').textContent).toBe('This page changed since Haowu last read it. Reload the page and try again.'));
  });

  it('shows nothing when the background refuses the product, or the store is hidden, and comes back when shown again', async () => {
    const { backend, controller, log, view, state } = setUp();
    vi.mocked(backend.open).mockResolvedValueOnce({ ok: false, error: { code: 'invalid-input', message: 'Haowu did not show this page: title is missing.' } });
    await controller.show(product, 'load');
    expect(document.querySelector('haowu-overlay')).toBeNull();
    expect(log.info).toHaveBeenCalledWith('[haowu] nothing shown on this page:', 'Haowu did not show this page: title is missing.');

    state.shown = false;
    await controller.show({ ...product, title: 'iPhone 11 (read again)' }, 'load');
    expect(document.querySelector('haowu-overlay')).toBeNull();
    // "Show Haowu again" in Settings: the background pushes the view with shown on.
    state.shown = true;
    expect(controller.pushed(view())).toBe(true);
    expect(document.querySelector('haowu-overlay')).not.toBeNull();
  });

  it('hides itself when the shopper hides Haowu on the store, and collapses for good', async () => {
    const { overlay, controller, root } = setUp({ picks: [pick('a', 'Ann')] });
    await controller.show(product, 'load');
    userClick(launcherButton(overlay));
    // The footer comes right after the panel's first paint.
    userClick(await overlay().findByRole('button', { name: 'Keep Haowu collapsed' }));
    await waitFor(() => expect(root().querySelector('.hw-root--collapsed')).not.toBeNull());
    userClick(overlay().getByRole('button', { name: 'Hide Haowu on Tmall' }));
    await waitFor(() => expect(document.querySelector('haowu-overlay')).toBeNull());
  });

  it("marks its root with the interface's language, not the page's, and follows a change of it", async () => {
    document.documentElement.lang = 'ja';
    try {
      const { root, controller, view, state } = setUp();
      await controller.show(product, 'load');
      const hwRoot = () => root().querySelector('.hw-root') as HTMLElement;
      expect(hwRoot().lang).toBe('en');
      state.settings.language = 'zh';
      expect(controller.pushed(view())).toBe(true);
      expect(hwRoot().lang).toBe('zh-CN');
      expect(hwRoot().textContent).toContain('好物');
    } finally {
      document.documentElement.removeAttribute('lang');
    }
  });

  it('opens and closes on the keyboard command, and on the Recommend form only in expert mode', async () => {
    const { overlay, controller } = setUp();
    await controller.show(product, 'load');
    await controller.openRecommendForm();
    expect(overlay().queryByRole('dialog')).toBeNull();
    await controller.togglePanel();
    expect(overlay().getByRole('dialog')).toBeTruthy();
    await controller.togglePanel();
    expect(overlay().queryByRole('dialog')).toBeNull();
  });

  it('tells the shopper when the panel’s script could not be added', async () => {
    const { backend, overlay, controller } = setUp();
    vi.mocked(backend.loadPanel).mockResolvedValueOnce({ ok: false, error: { code: 'not-found', message: 'the panel did not start' } });
    await controller.show(product, 'load');
    userClick(launcherButton(overlay));
    await waitFor(() => expect(overlay().getByRole('alert').textContent).toBe('Haowu could not open here: its panel did not start. Reload the page and try again.'));
    expect(overlay().queryByRole('dialog')).toBeNull();
  });

  it('starts loading the panel’s script when the shopper’s pointer or focus comes to the launcher, and the click uses that load (issue 19)', async () => {
    const { backend, overlay, controller } = setUp({ picks: [pick('a', 'Ann')] });
    await controller.show(product, 'load');
    const launcher = launcherButton(overlay);
    // A page script's events load nothing.
    launcher.dispatchEvent(new Event('pointerenter'));
    launcher.dispatchEvent(new Event('focus'));
    expect(backend.loadPanel).not.toHaveBeenCalled();
    asUser(() => launcher.dispatchEvent(new Event('pointerenter')));
    expect(backend.loadPanel).toHaveBeenCalledOnce();
    asUser(() => launcher.dispatchEvent(new Event('pointerdown')));
    userClick(launcher);
    await overlay().findByRole('dialog');
    expect(backend.loadPanel).toHaveBeenCalledOnce();
  });

  it('adds the panel’s styles to the root when its script came before the click, and the click adds them no second time (issue 19)', async () => {
    const { backend, overlay, controller } = setUp({ picks: [pick('a', 'Ann')] });
    const prepared: ShadowRoot[] = [];
    vi.mocked(backend.loadPanel).mockImplementation(async () => {
      const real = overlayPanel('.hw-panel { color: red }');
      return { ok: true, value: { mount: real.mount, prepare: (root) => (prepared.push(root), real.prepare(root)) } };
    });
    await controller.show(product, 'load');
    const launcher = launcherButton(overlay);
    const root = launcher.getRootNode() as ShadowRoot;
    asUser(() => launcher.dispatchEvent(new Event('pointerenter')));
    await waitFor(() => expect(prepared).toEqual([root]));
    expect(root.querySelectorAll('style[data-haowu-panel]')).toHaveLength(1);
    expect(overlay().queryByRole('dialog')).toBeNull();
    userClick(launcher);
    await overlay().findByRole('dialog');
    expect(root.querySelectorAll('style[data-haowu-panel]')).toHaveLength(1);
  });

  it('asks for the panel’s script again on the click when the early load failed', async () => {
    const { backend, overlay, controller } = setUp();
    vi.mocked(backend.loadPanel).mockResolvedValueOnce({ ok: false, error: errorInfo('unavailable', 'panel.refused') });
    await controller.show(product, 'load');
    asUser(() => launcherButton(overlay).dispatchEvent(new Event('focus')));
    await waitFor(() => expect(backend.loadPanel).toHaveBeenCalledOnce());
    userClick(launcherButton(overlay));
    await overlay().findByRole('dialog');
    expect(backend.loadPanel).toHaveBeenCalledTimes(2);
  });

  it('renders the panel once when it opens: no second render runs its effects before the first paint (issue 19)', async () => {
    const { backend, overlay, controller } = setUp({ picks: [pick('a', 'Ann')] });
    const update = vi.fn();
    vi.mocked(backend.loadPanel).mockImplementation(async () => {
      const real = overlayPanel('');
      return { ok: true, value: { prepare: real.prepare, mount: (container, props) => ({ ...real.mount(container, props), update: (next) => update(next) }) } };
    });
    await controller.show(product, 'load');
    userClick(launcherButton(overlay));
    await overlay().findByRole('dialog');
    expect(update).not.toHaveBeenCalled();
    // A change afterwards still reaches the open panel.
    userClick(overlay().getByRole('button', { name: 'Save this product' }));
    await waitFor(() => expect(update).toHaveBeenCalled());
  });

  it('moves focus from the launcher to the panel in the task that renders it, before its first paint: the hidden launcher never holds it (issue 19)', async () => {
    const { backend, overlay, controller } = setUp({ picks: [pick('a', 'Ann')] });
    const focusedAtMount: (Element | null)[] = [];
    vi.mocked(backend.loadPanel).mockImplementation(async () => {
      const real = overlayPanel('');
      return {
        ok: true,
        value: {
          prepare: real.prepare,
          mount: (container, props) => {
            const mounted = real.mount(container, props);
            // What has focus when the task that rendered the panel ends, before any frame.
            focusedAtMount.push((container.getRootNode() as ShadowRoot).activeElement);
            return mounted;
          },
        },
      };
    });
    await controller.show(product, 'load');
    launcherButton(overlay).focus();
    userClick(launcherButton(overlay));
    await overlay().findByRole('dialog');
    expect(focusedAtMount).toEqual([overlay().getByRole('button', { name: 'Close Haowu' })]);
    await afterFirstPaint();
    const closeButton = overlay().getByRole('button', { name: 'Close Haowu' });
    expect((closeButton.getRootNode() as ShadowRoot).activeElement).toBe(closeButton);
  });

  it('paints the panel’s shell first: the product, Save and the picks, then the cart form, the price history and the footer (issue 19)', async () => {
    const { backend, overlay, controller } = setUp({ picks: [pick('a', 'Ann')] });
    backend.priceHistory = vi.fn(async () => ({ ok: false as const, error: errorInfo('unavailable', 'background.unreachable') }));
    await controller.show(product, 'load');
    userClick(launcherButton(overlay));
    await overlay().findByRole('dialog');
    expect(overlay().getByText(product.title)).toBeTruthy();
    expect(overlay().getByRole('button', { name: 'Save this product' })).toBeTruthy();
    expect(overlay().getAllByRole('article').map((card) => card.getAttribute('aria-label'))).toEqual(['Ann']);
    expect(overlay().queryByRole('button', { name: 'Add to cart' })).toBeNull();
    expect(backend.priceHistory).not.toHaveBeenCalled();
    await afterFirstPaint();
    expect(await overlay().findByRole('button', { name: 'Add to cart' })).toBeTruthy();
    expect(overlay().getByRole('button', { name: 'Keep Haowu collapsed' })).toBeTruthy();
    // Asked for by the price history once it is there.
    await waitFor(() => expect(backend.priceHistory).toHaveBeenCalledOnce());
  });
});
