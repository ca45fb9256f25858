import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/I18n';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import { SAVED_ROW_HEIGHT, SavedTab } from '../../../components/popup/SavedTab';
import type { SavedRecord } from '../../../utils/db/schema';
import { cny, expert, failure, fakeRequest, ok, saved, type Handlers } from './fixtures';

const mocked = vi.hoisted(() => ({ request: null as unknown as ReturnType<typeof import('./fixtures').fakeRequest> }));
vi.mock('../../../utils/messaging/client', () => ({ request: (...args: unknown[]) => (mocked.request as (...a: unknown[]) => unknown)(...args) }));

const mei = expert();
const items = () => [
  saved('tmall:1', 300, { title: 'Apple iPhone 11', shopName: '苏宁易购官方旗舰店', lastPrice: cny(4999), priceHistory: [{ at: 100, price: cny(5499) }] }, mei),
  saved('jd:2', 200, { title: '华为 畅享6', lastPrice: cny(699) }),
  saved('tmall:3', 100, { title: 'Linen shirt', lastPrice: cny(199) }),
];

function show(handlers: Handlers, language: 'en' | 'zh' = 'en') {
  mocked.request = fakeRequest(handlers);
  render(
    <I18nProvider language={language} strings={ALL_STRINGS}>
      <SavedTab listHeight={400} />
    </I18nProvider>,
  );
  return mocked.request;
}
const rows = () => document.querySelectorAll('.vlist__row');
const titles = () => [...document.querySelectorAll('.vlist__row .row__title')].map((el) => el.textContent);

beforeEach(() => vi.useRealTimers());
afterEach(cleanup);

describe('SavedTab', () => {
  it('shows each item with store, price, change since saved and who recommended it', async () => {
    show({ listAllSaved: () => ok(items()) });
    await waitFor(() => expect(rows()).toHaveLength(3));
    const first = rows()[0]!;
    expect(first.textContent).toContain('Apple iPhone 11');
    expect(first.textContent).toContain('Tmall · 苏宁易购官方旗舰店 · via Mei Lin');
    expect(first.textContent).toContain('¥4,999.00');
    expect(first.textContent).toContain('↓ 9% since saved');
    expect(first.querySelector('a')?.getAttribute('href')).toBe('https://detail.tmall.com/item.htm?id=1');
    expect(screen.getByText('3 of 3')).toBeTruthy();
  });

  it('turns a picture that fails to load into the plain placeholder', async () => {
    show({ listAllSaved: () => ok([saved('jd:9', 1, { imageUrl: 'https://img.example/gone.jpg' })]) });
    await waitFor(() => expect(rows()).toHaveLength(1));
    const image = rows()[0]!.querySelector('img')!;
    expect(image.getAttribute('src')).toBe('https://img.example/gone.jpg');
    fireEvent.error(image);
    // Replaced by the placeholder, not an emptied <img> (Chromium draws a broken-image icon in that).
    await waitFor(() => expect(rows()[0]!.querySelector('img')).toBeNull());
    expect(rows()[0]!.querySelector('.row__img--none')).not.toBeNull();
  });

  it('searches, filters and sorts in memory: no message per keystroke', async () => {
    const request = show({ listAllSaved: () => ok(items()) });
    await waitFor(() => expect(rows()).toHaveLength(3));
    const calls = request.mock.calls.length;
    fireEvent.input(screen.getByRole('searchbox'), { target: { value: '华为' } });
    await waitFor(() => expect(titles()).toEqual(['华为 畅享6']));
    fireEvent.input(screen.getByRole('searchbox'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Store'), { target: { value: 'tmall' } });
    await waitFor(() => expect(titles()).toEqual(['Apple iPhone 11', 'Linen shirt']));
    fireEvent.change(screen.getByLabelText('Sort'), { target: { value: 'price-low' } });
    await waitFor(() => expect(titles()).toEqual(['Linen shirt', 'Apple iPhone 11']));
    fireEvent.input(screen.getByRole('searchbox'), { target: { value: 'nothing like this' } });
    await waitFor(() => expect(screen.getByText('No saved item matches')).toBeTruthy());
    expect(request.mock.calls.length).toBe(calls);
  });

  it('removes with undo, which restores the very record', async () => {
    let removed: SavedRecord | null = null;
    const request = show({
      listAllSaved: () => ok(items()),
      removeSaved: () => {
        removed = items()[0]!.saved;
        return ok({ removed });
      },
      restoreSaved: (data) => ok({ restored: true, item: (data as { item: SavedRecord }).item }),
    });
    await waitFor(() => expect(rows()).toHaveLength(3));
    fireEvent.click(screen.getByRole('button', { name: 'Remove Apple iPhone 11 from saved items' }));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.getByRole('status').textContent).toContain('Removed: Apple iPhone 11');
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(request).toHaveBeenCalledWith('restoreSaved', { item: removed });
  });

  it('says in plain words when a remove fails, and keeps the item', async () => {
    show({ listAllSaved: () => ok(items()), removeSaved: () => failure('Your browser has no storage space left for Haowu, so nothing was changed.') });
    await waitFor(() => expect(rows()).toHaveLength(3));
    fireEvent.click(screen.getByRole('button', { name: 'Remove Linen shirt from saved items' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('no storage space left'));
    expect(rows()).toHaveLength(3);
  });

  it('shows a load failure with a way to try again', async () => {
    let attempt = 0;
    show({ listAllSaved: () => (++attempt === 1 ? failure('Haowu could not be reached, perhaps because it was just updated.', 'unavailable') : ok(items())) });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('could not be reached'));
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says what to do when nothing is saved, in Chinese too', async () => {
    show({ listAllSaved: () => ok([]) }, 'zh');
    await waitFor(() => expect(screen.getByText('还没有收藏')).toBeTruthy());
  });

  it('moves an item to the cart, and undo takes back just that one', async () => {
    const request = show({
      listAllSaved: () => ok(items()),
      addToCart: () => ok({ productKey: 'jd:2', variant: '', store: 'jd', quantity: 3, addedAt: 1, viaRecommendationId: null, updatedAt: 2 }),
      removeSaved: () => ok({ removed: items()[1]!.saved }),
      updateCartLine: () => ok({ productKey: 'jd:2', variant: '', store: 'jd', quantity: 2, addedAt: 1, viaRecommendationId: null, updatedAt: 3 }),
      restoreSaved: (data) => ok({ restored: true, item: (data as { item: SavedRecord }).item }),
    });
    await waitFor(() => expect(rows()).toHaveLength(3));
    fireEvent.click(screen.getByRole('button', { name: 'Move 华为 畅享6 to the cart' }));
    await waitFor(() => expect(titles()).not.toContain('华为 畅享6'));
    expect(request).toHaveBeenCalledWith('addToCart', { productKey: 'jd:2', quantity: 1, variant: '' });
    fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(titles()).toContain('华为 畅享6'));
    // The line had 2 before; undo sets it back rather than deleting it.
    expect(request).toHaveBeenCalledWith('updateCartLine', { productKey: 'jd:2', variant: '', quantity: 2 });
  });

  it('edits a note', async () => {
    const request = show({
      listAllSaved: () => ok(items()),
      setSavedNote: (data) => ok({ ...items()[2]!.saved, note: (data as { note: string }).note }),
    });
    await waitFor(() => expect(rows()).toHaveLength(3));
    fireEvent.click(screen.getByRole('button', { name: 'Add or edit a note on Linen shirt' }));
    fireEvent.input(screen.getByLabelText('Note on Linen shirt'), { target: { value: 'for mum' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(rows()[2]?.textContent).toContain('for mum'));
    expect(request).toHaveBeenCalledWith('setSavedNote', { productKey: 'tmall:3', note: 'for mum' });
  });

  it('draws only the rows in view with 5,000 items, and follows scrolling', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => saved(`tmall:${i}`, 10_000 - i, { title: `Item ${i}` }));
    show({ listAllSaved: () => ok(many) });
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    expect(rows().length).toBeLessThan(20);
    expect(rows()[0]?.getAttribute('aria-setsize')).toBe('5000');
    const viewport = document.querySelector('.vlist') as HTMLElement;
    viewport.scrollTop = 2500 * SAVED_ROW_HEIGHT;
    fireEvent.scroll(viewport);
    await waitFor(() => expect(titles()).toContain('Item 2500'));
    expect(titles()).not.toContain('Item 0');
  });

  it('keeps an item whose product was never read, named by its key', async () => {
    show({ listAllSaved: () => ok([saved('weidian:77', 5, null)]) });
    await waitFor(() => expect(titles()).toEqual(['weidian:77']));
    expect(rows()[0]?.textContent).toContain('Weidian');
  });
});
