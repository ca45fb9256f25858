import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { I18nProvider } from '../../../components/I18n';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import { CartTab } from '../../../components/popup/CartTab';
import { CheckoutPage } from '../../../components/popup/CheckoutPage';
import type { CartRecord } from '../../../utils/db/schema';
import { buyLink } from '../../../utils/popup/checkout-view';
import { cartLine, cny, failure, fakeRequest, ok, pick, type Handlers } from './fixtures';

const mocked = vi.hoisted(() => ({ request: null as unknown as ReturnType<typeof import('./fixtures').fakeRequest> }));
vi.mock('../../../utils/messaging/client', () => ({ request: (...args: unknown[]) => (mocked.request as (...a: unknown[]) => unknown)(...args) }));

const usd = (dollars: number) => ({ currency: 'USD', minMinor: dollars * 100, maxMinor: dollars * 100 });
const lines = () => [
  cartLine('tmall:1', 'tmall', 1, 300, { title: 'Apple iPhone 11', lastPrice: cny(4999) }, pick('tmall:1')),
  cartLine('tmall:2', 'tmall', 2, 200, { title: 'Linen shirt', lastPrice: cny(199) }),
  cartLine('site:shop.example:9', 'shop.example', 1, 100, {
    platform: 'site',
    storeDomain: 'shop.example',
    canonicalUrl: 'https://shop.example/p/9',
    title: 'Tea pot',
    lastPrice: usd(30),
  }),
  cartLine('site:shop.example:10', 'shop.example', 1, 90, { platform: 'site', storeDomain: 'shop.example', canonicalUrl: 'https://shop.example/p/10', title: 'Tea cups', lastPrice: cny(80) }),
  cartLine('site:shop.example:11', 'shop.example', 1, 80, { platform: 'site', storeDomain: 'shop.example', canonicalUrl: 'https://shop.example/p/11', title: 'Tray', lastPrice: null }),
];

function show(ui: preact.ComponentChild, handlers: Handlers) {
  mocked.request = fakeRequest(handlers);
  render(<I18nProvider language="en" strings={ALL_STRINGS}>{ui}</I18nProvider>);
  return mocked.request;
}
const group = (store: string) => document.querySelector(`section.store-group[data-store="${store}"]`) as HTMLElement;

afterEach(cleanup);

describe('CartTab', () => {
  it('groups by store with one subtotal per currency, never adding currencies', async () => {
    show(<CartTab checkoutUrl="chrome-extension://x/checkout.html" />, { listCheckout: () => ok(lines()) });
    await waitFor(() => expect(group('tmall')).toBeTruthy());
    expect(group('tmall').querySelector('.subtotal')?.textContent).toContain('¥5,397.00');
    const other = group('shop.example').querySelector('.subtotal')!;
    expect([...other.querySelectorAll('.subtotal__amount')].map((el) => el.getAttribute('data-currency'))).toEqual(['USD', 'CNY']);
    expect(other.textContent).toContain('$30.00');
    expect(other.textContent).toContain('¥80.00');
    expect(other.textContent).toContain('(1 without a known price, not counted)');
    expect(screen.getByRole('link', { name: 'Checkout…' }).getAttribute('href')).toBe('chrome-extension://x/checkout.html');
  });

  it('steps quantities, and puts the old one back when the change fails', async () => {
    let fail = false;
    const request = show(<CartTab checkoutUrl="x" />, {
      listCheckout: () => ok(lines()),
      updateCartLine: (data) => {
        const { productKey, variant, quantity } = data as CartRecord;
        return fail ? failure('That cart line is no longer in your cart.', 'not-found') : ok({ ...lines()[1]!.line, productKey, variant, quantity });
      },
    });
    await waitFor(() => expect(group('tmall')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'One more Linen shirt' }));
    await waitFor(() => expect(group('tmall').querySelector('.subtotal')?.textContent).toContain('¥5,596.00'));
    expect(request).toHaveBeenCalledWith('updateCartLine', { productKey: 'tmall:2', variant: '', quantity: 3 });
    fail = true;
    fireEvent.click(screen.getByRole('button', { name: 'One fewer Linen shirt' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('no longer in your cart'));
    expect(within(group('tmall')).getAllByRole('status').some((el) => el.textContent === '3')).toBe(true);
    // At one, "fewer" is off: removing is its own button.
    expect((screen.getByRole('button', { name: 'One fewer Apple iPhone 11' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('removes a line with undo that adds it back through the same pick', async () => {
    const removed = lines()[0]!.line;
    const request = show(<CartTab checkoutUrl="x" />, {
      listCheckout: () => ok(lines()),
      removeCartLine: () => ok({ removed }),
      addToCart: () => ok(removed),
    });
    await waitFor(() => expect(group('tmall')).toBeTruthy());
    fireEvent.click(screen.getByRole('button', { name: 'Remove Apple iPhone 11 from the cart' }));
    await waitFor(() => expect(screen.queryByText('Apple iPhone 11')).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(screen.getByText('Apple iPhone 11')).toBeTruthy());
    expect(request).toHaveBeenCalledWith('addToCart', { productKey: 'tmall:1', variant: '', quantity: 1, recommendationId: 'rec-tmall:1' });
  });

  it('says what to do when the cart is empty', async () => {
    show(<CartTab checkoutUrl="x" />, { listCheckout: () => ok([]) });
    await waitFor(() => expect(screen.getByText('Your cart is empty')).toBeTruthy());
  });
});

describe('buyLink', () => {
  it('uses the expert link only when it is on the product’s store, else the plain page', () => {
    const [withPick, plain] = lines();
    expect(buyLink({ ...withPick!, expertName: 'Mei Lin' })).toEqual({
      kind: 'expert',
      url: 'https://s.click.taobao.com/t?e=abc',
      expertName: 'Mei Lin',
      plainUrl: 'https://detail.tmall.com/item.htm?id=1',
    });
    expect(buyLink({ ...plain!, expertName: null })).toEqual({ kind: 'plain', url: 'https://detail.tmall.com/item.htm?id=2' });
    const hostile = { ...withPick!, recommendation: pick('tmall:1', { partnerLink: 'https://evil-taobao.com/t' }), expertName: 'Mei Lin' };
    expect(buyLink(hostile)).toEqual({ kind: 'plain', url: 'https://detail.tmall.com/item.htm?id=1' });
    const offStore = cartLine('tmall:5', 'tmall', 1, 1, { canonicalUrl: 'https://example.com/item' });
    expect(buyLink({ ...offStore, expertName: null })).toBeNull();
  });
});

describe('CheckoutPage', () => {
  it('offers the disclosed expert link or the plain page, opens a store’s lines, and marks lines bought', async () => {
    const create = vi.spyOn(browser.tabs, 'create').mockResolvedValue(undefined as never);
    let cart = lines();
    const request = show(<CheckoutPage />, {
      listCheckout: () => ok(cart),
      listPurchases: () => ok([]),
      markBought: () => {
        cart = cart.filter((l) => l.line.store !== 'tmall');
        return ok({ purchases: [], missing: 0 });
      },
    });
    await waitFor(() => expect(group('tmall')).toBeTruthy());
    const buy = screen.getByRole('link', { name: 'Buy via Mei Lin' });
    expect(buy.getAttribute('href')).toBe('https://s.click.taobao.com/t?e=abc');
    expect(buy.getAttribute('rel')).toContain('noopener');
    // The name is its own <bdi> inside the sentence (issue 15: a right-to-left name cannot reorder it).
    const disclosure = document.querySelector('.disclosure')!;
    expect(disclosure.textContent).toBe('This link may earn Mei Lin a commission. It costs you nothing extra.');
    expect(disclosure.querySelector('bdi')?.textContent).toBe('Mei Lin');
    expect(within(group('tmall')).getAllByRole('link', { name: 'Open the store page' }).map((a) => a.getAttribute('href'))).toEqual(['https://detail.tmall.com/item.htm?id=2']);

    fireEvent.click(screen.getByRole('button', { name: 'Open all 2 from Tmall' }));
    expect(create.mock.calls.map(([props]) => props.url)).toEqual(['https://s.click.taobao.com/t?e=abc', 'https://detail.tmall.com/item.htm?id=2']);

    fireEvent.click(screen.getByRole('button', { name: 'Mark all from Tmall as bought' }));
    await waitFor(() => expect(group('tmall')).toBeNull());
    expect(request).toHaveBeenCalledWith('markBought', {
      lines: [
        { productKey: 'tmall:1', variant: '' },
        { productKey: 'tmall:2', variant: '' },
      ],
    });
  });

  it('shows the purchase history and a failure in plain words', async () => {
    show(<CheckoutPage />, {
      listCheckout: () => ok([]),
      listPurchases: () => failure('Something went wrong inside Haowu; your data was not changed. Please try again.'),
    });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('your data was not changed'));
    expect(screen.getByText('Nothing to check out')).toBeTruthy();
  });
});

describe('CartTab pictures', () => {
  const line = (imageUrl: string | null) => cartLine('tmall:1', 'tmall', 1, 300, { title: 'Apple iPhone 11', lastPrice: cny(4999), imageUrl });
  const cartRow = () => document.querySelector('li.cart-line') as HTMLElement;

  it('shows each line’s product picture, as the Saved rows do', async () => {
    show(<CartTab checkoutUrl="chrome-extension://x/checkout.html" />, { listCheckout: () => ok([line('https://img.example/phone.jpg')]) });
    await waitFor(() => expect(cartRow()).toBeTruthy());
    const image = cartRow().querySelector('img.row__img')!;
    expect(image.getAttribute('src')).toBe('https://img.example/phone.jpg');
    expect(image.getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(image.getAttribute('alt')).toBe('');
  });

  it('turns a picture that fails to load into the plain placeholder, not a broken-image icon', async () => {
    show(<CartTab checkoutUrl="chrome-extension://x/checkout.html" />, { listCheckout: () => ok([line('https://img.example/gone.jpg')]) });
    await waitFor(() => expect(cartRow()).toBeTruthy());
    fireEvent.error(cartRow().querySelector('img')!);
    await waitFor(() => expect(cartRow().querySelector('img')).toBeNull());
    expect(cartRow().querySelector('.row__img--none')).not.toBeNull();
  });

  it('shows the placeholder for a line without a picture or with one that is not https', async () => {
    show(<CartTab checkoutUrl="chrome-extension://x/checkout.html" />, {
      listCheckout: () => ok([line(null), { ...line('http://img.example/plain.jpg'), line: { ...line(null).line, productKey: 'tmall:2' } }]),
    });
    await waitFor(() => expect(document.querySelectorAll('li.cart-line')).toHaveLength(2));
    expect(document.querySelectorAll('li.cart-line img')).toHaveLength(0);
    expect(document.querySelectorAll('li.cart-line .row__img--none')).toHaveLength(2);
  });
});
