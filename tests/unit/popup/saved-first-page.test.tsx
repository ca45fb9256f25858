import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/I18n';
import { SavedTab } from '../../../components/popup/SavedTab';
import { SAVED_FIRST_PAGE, askSavedFirstRows } from '../../../utils/popup/saved-first-rows';
import type { SavedWithContext } from '../../../utils/db/saved';
import type { Result } from '../../../utils/messaging/result';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import { failure, fakeRequest, holdFrames, ok, saved } from './fixtures';

// The Saved tab paints the newest page first (one indexed read) and the whole list after it (issue 16:
// 5,000 saved items took most of a second to show a row).
const mocked = vi.hoisted(() => ({ request: null as unknown as ReturnType<typeof import('./fixtures').fakeRequest> }));
vi.mock('../../../utils/messaging/client', () => ({ request: (...args: unknown[]) => (mocked.request as (...a: unknown[]) => unknown)(...args) }));

afterEach(cleanup);

const all = Array.from({ length: 40 }, (_, i) => saved(`tmall:${1000 + i}`, 10_000 - i, { title: `Item ${i}` }));
const newest = all.slice(0, SAVED_FIRST_PAGE);
const titles = () => [...document.querySelectorAll('.vlist__row .row__title')].map((el) => el.textContent);

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function show(listAllSaved: () => Promise<Result<SavedWithContext[]>>, more: Parameters<typeof fakeRequest>[0] = {}, { language = 'en' as 'en' | 'zh', askedEarly = false, listHeight = 2000 } = {}) {
  mocked.request = fakeRequest({ listSaved: () => ok({ items: newest.map(({ saved, product }) => ({ saved, product })), next: null }), listAllSaved, ...more });
  // The popup's first module asks before the app renders (entrypoints/popup/ask-first-rows.ts).
  if (askedEarly) askSavedFirstRows();
  render(
    <I18nProvider language={language} strings={ALL_STRINGS}>
      <SavedTab listHeight={listHeight} />
    </I18nProvider>,
  );
  return mocked.request;
}

describe('SavedTab: the newest page first', () => {
  it('shows the newest rows while the whole list loads, then every item with its count', async () => {
    const whole = deferred<Result<SavedWithContext[]>>();
    const request = show(() => whole.promise);
    await waitFor(() => expect(titles()).toEqual(newest.map((entry) => entry.product!.title)));
    await waitFor(() => expect(request).toHaveBeenCalledWith('listAllSaved', undefined));
    const names = request.mock.calls.map(([name]) => name);
    expect(request).toHaveBeenCalledWith('listSaved', { limit: SAVED_FIRST_PAGE });
    expect(names.indexOf('listSaved')).toBeLessThan(names.indexOf('listAllSaved'));
    expect(screen.queryByText(/ of 40$/)).toBeNull();
    whole.resolve(ok(all));
    await waitFor(() => expect(screen.getByText('40 of 40')).toBeTruthy());
    expect(titles().length).toBeGreaterThan(SAVED_FIRST_PAGE);
  });

  it('shows no rows for a search typed before the whole list is here, rather than a part of the answer', async () => {
    const whole = deferred<Result<SavedWithContext[]>>();
    show(() => whole.promise);
    await waitFor(() => expect(titles()).toHaveLength(SAVED_FIRST_PAGE));
    fireEvent.input(screen.getByRole('searchbox'), { target: { value: 'Item 39' } });
    await waitFor(() => expect(titles()).toEqual([]));
    whole.resolve(ok(all));
    await waitFor(() => expect(titles()).toEqual(['Item 39']));
  });

  it('reads the whole list again when an item was removed while it was being read', async () => {
    const first = deferred<Result<SavedWithContext[]>>();
    let reads = 0;
    const request = show(() => (++reads === 1 ? first.promise : Promise.resolve(ok(all.slice(1)))), { removeSaved: () => ok({ removed: all[0]!.saved }) });
    await waitFor(() => expect(titles()).toHaveLength(SAVED_FIRST_PAGE));
    await waitFor(() => expect(request).toHaveBeenCalledWith('listAllSaved', undefined));
    fireEvent.click(screen.getByRole('button', { name: 'Remove Item 0 from saved items' }));
    await waitFor(() => expect(titles()[0]).toBe('Item 1'));
    // The read that started before the remove answers with the item still in it.
    first.resolve(ok(all));
    await waitFor(() => expect(screen.getByText('39 of 39')).toBeTruthy());
    expect(titles()).not.toContain('Item 0');
    expect(request.mock.calls.filter(([name]) => name === 'listAllSaved')).toHaveLength(2);
  });
});

describe('SavedTab: the first frame (issue 19)', () => {
  it('draws the rows in view only, with empty picture boxes, and asks for the whole list after that frame', async () => {
    const pictured = newest.map(({ saved, product }) => ({ saved, product: { ...product!, imageUrl: `https://img.example/${saved.productKey}.jpg` } }));
    const whole = deferred<Result<SavedWithContext[]>>();
    const { frames, restore } = holdFrames();
    try {
      const request = show(() => whole.promise, { listSaved: () => ok({ items: pictured, next: null }) }, { listHeight: 300 });
      // No frame drawn yet: the rows in view (300 px of 96 px rows), their pictures' boxes, no other message.
      await waitFor(() => expect(titles()).toEqual(['Item 0', 'Item 1', 'Item 2', 'Item 3']));
      expect(document.querySelectorAll('.vlist__row img')).toHaveLength(0);
      expect(document.querySelectorAll('.vlist__row .row__img')).toHaveLength(4);
      expect(request.mock.calls.map(([name]) => name)).toEqual(['listSaved']);
      for (const callback of frames.splice(0)) callback(performance.now());
      // After that frame: the rows beyond the view (VirtualList's overscan), their pictures, the whole list.
      await waitFor(() => expect(titles()).toHaveLength(8));
      expect([...document.querySelectorAll('.vlist__row img')].map((image) => image.getAttribute('src'))).toEqual(pictured.slice(0, 8).map(({ product }) => product.imageUrl));
      await waitFor(() => expect(request).toHaveBeenCalledWith('listAllSaved', undefined));
      expect(request).toHaveBeenCalledWith('markPriceAlertsSeen', undefined);
      whole.resolve(ok(all));
      await screen.findByText('40 of 40');
    } finally {
      restore();
    }
  });
});

describe('SavedTab: the newest page asked for before the app ran', () => {
  const listSavedCalls = (request: ReturnType<typeof show>) => request.mock.calls.filter(([name]) => name === 'listSaved');

  it('shows the page the popup’s first module asked for, without asking for it again', async () => {
    const whole = deferred<Result<SavedWithContext[]>>();
    const request = show(() => whole.promise, {}, { askedEarly: true });
    await waitFor(() => expect(titles()).toEqual(newest.map((entry) => entry.product!.title)));
    expect(listSavedCalls(request)).toEqual([['listSaved', { limit: SAVED_FIRST_PAGE }]]);
    whole.resolve(ok(all));
    await waitFor(() => expect(screen.getByText('40 of 40')).toBeTruthy());
  });

  it('shows the same rows in Chinese', async () => {
    const whole = deferred<Result<SavedWithContext[]>>();
    show(() => whole.promise, {}, { language: 'zh', askedEarly: true });
    await waitFor(() => expect(titles()).toEqual(newest.map((entry) => entry.product!.title)));
    expect(screen.getByText('加载中…')).toBeTruthy();
    whole.resolve(ok(all));
    await waitFor(() => expect(screen.getByText('40 / 40')).toBeTruthy());
  });

  it('when the early page failed, still shows the whole list; when that fails too, an error whose retry asks anew', async () => {
    let wholeReads = 0;
    mocked.request = fakeRequest({
      listSaved: () => failure('Haowu could not be reached, perhaps because it was just updated.', 'unavailable'),
      listAllSaved: () => (++wholeReads === 1 ? failure('Haowu could not be reached, perhaps because it was just updated.', 'unavailable') : ok(all)),
    });
    askSavedFirstRows();
    render(
      <I18nProvider language="en" strings={ALL_STRINGS}>
        <SavedTab listHeight={2000} />
      </I18nProvider>,
    );
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('could not be reached'));
    expect(titles()).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByText('40 of 40')).toBeTruthy());
    expect(listSavedCalls(mocked.request)).toHaveLength(2);
  });
});

describe('SavedTab: notes', () => {
  it('shows a note on a line of its own, whole on hover, and finds the item by it', async () => {
    const note = 'For Mum, the black one, before her birthday in March';
    const noted = all.map((entry, i) => (i === 5 ? { ...entry, saved: { ...entry.saved, note } } : entry));
    show(() => Promise.resolve(ok(noted)));
    await waitFor(() => expect(screen.getByText('40 of 40')).toBeTruthy());
    const line = document.querySelector('.vlist__row .row__note')!;
    expect(line.textContent).toBe(note);
    expect(line.getAttribute('title')).toBe(note);
    // Not squeezed into the price line.
    expect(line.closest('.row__meta')?.querySelector('.price')).toBeNull();
    fireEvent.input(screen.getByRole('searchbox'), { target: { value: 'birthday mum' } });
    await waitFor(() => expect(titles()).toEqual(['Item 5']));
  });
});
