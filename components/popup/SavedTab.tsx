import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { benchMarkAfterPaint } from '../../utils/bench-mark';
import { formatPrice } from '../../utils/format-price';
import { request } from '../../utils/messaging/client';
import { changeSinceSaved, querySaved, storeOfEntry, storesOf, type SavedEntry, type SavedSort } from '../../utils/popup/saved-view';
import { takeSavedFirstRows } from '../../utils/popup/saved-first-rows';
import { afterFirstRows } from '../../utils/popup/after-paint';
import { ExpertName } from '../ExpertName';
import { useLanguage, useT, useTx } from '../I18n';
import { EmptyState, ErrorNote, UndoBar, type UndoOffer } from './Notices';
import { ProductImage } from './ProductImage';
import { SearchToolbar } from './SearchToolbar';
import { storeName } from './store-name';
import { VirtualList } from './VirtualList';
import { lazyComponent } from './lazy';
import { describeError } from '../../utils/i18n/describe-error';

/** A saved item's price history and alert (issue 17), in its own chunk with its strings. */
const PriceHistory = lazyComponent(() => import('./PriceHistory').then((module) => module.part));

export const SAVED_ROW_HEIGHT = 96;

/** Saved items: search, filter and sort in memory (one load), remove with undo, move to cart, note. */
export function SavedTab({ listHeight, onFirstRows }: { listHeight: number; /** Told once the first rows (or the empty list) are drawn, so other work may start after them. */ onFirstRows?: () => void }) {
  const t = useT();
  const tx = useTx();
  const language = useLanguage();
  /** Every saved item, once loaded: what search, the store filter, sorting and the count use. */
  const [entries, setEntries] = useState<SavedEntry[] | null>(null);
  /** The newest few, shown while `entries` loads. */
  const [firstPage, setFirstPage] = useState<SavedEntry[] | null>(null);
  /** Counts changes made here, so a whole list read while one was made is read again. */
  const changes = useRef(0);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [store, setStore] = useState('');
  const [sort, setSort] = useState<SavedSort>('newest');
  const [undo, setUndo] = useState<UndoOffer | null>(null);
  const [noteFor, setNoteFor] = useState<SavedEntry | null>(null);
  const [historyFor, setHistoryFor] = useState<SavedEntry | null>(null);
  /**
   * The first rows are painted: from then on the rows beyond the view (VirtualList's overscan) and the
   * pictures are drawn, not in that frame (issue 19: the popup's first frame drew 11 rows and started
   * 11 picture loads where 6 rows show).
   */
  const [settled, setSettled] = useState(false);
  // Opening the Saved tab is looking at the price alerts: the toolbar badge stops counting them (once
  // the first rows are painted, so the background's write does not compete with them).
  useEffect(() => void afterFirstRows().then(() => request('markPriceAlertsSeen', undefined)), []);

  const load = useCallback(async () => {
    // Asked for by the popup's first module, before this code ran (utils/popup/saved-first-rows.ts).
    const first = await takeSavedFirstRows();
    if (first.ok) {
      setFirstPage(first.value.items.map((item) => ({ ...item, expert: null })));
      // The whole list (thousands of items, megabytes through the background) once these rows are
      // painted: its read in the background and its answer here would otherwise compete with that frame.
      await afterFirstRows();
    }
    setSettled(true);
    let result;
    let before;
    do {
      before = changes.current;
      result = await request('listAllSaved', undefined);
    } while (result.ok && before !== changes.current);
    if (result.ok) {
      setEntries(result.value);
      setError(null);
    } else setError(describeError(t, result.error));
  }, []);
  // A layout effect (before the first paint, not after it): an answer already here is drawn in the
  // shell's first frame rather than a frame later.
  useLayoutEffect(() => void load(), [load]);
  // `npm run bench` (bench build only): the task after the frame that painted the first saved rows.
  // Asked for before that frame (a layout effect), not after it, which would mark the frame after.
  const shown = entries ?? firstPage;
  const loaded = shown !== null && shown.length > 0;
  useLayoutEffect(() => {
    if (loaded) benchMarkAfterPaint('haowu:saved-rows-painted');
  }, [loaded]);
  const drawn = shown !== null;
  useEffect(() => {
    if (drawn) onFirstRows?.();
  }, [drawn]);

  // Until every item is here, only the unfiltered newest-first view can be shown truthfully.
  const narrowed = text.trim() !== '' || store !== '' || sort !== 'newest';
  const visible = useMemo(() => (entries ? querySaved(entries, { text, store, sort }) : !narrowed && firstPage ? firstPage : []), [entries, firstPage, narrowed, text, store, sort]);
  const stores = useMemo(() => (entries ? storesOf(entries) : []), [entries]);
  const clearUndo = useCallback(() => setUndo(null), []);

  const edit = (change: (list: SavedEntry[]) => SavedEntry[]) => {
    changes.current++;
    setEntries((list) => list && change(list));
    setFirstPage((list) => list && change(list));
  };
  const drop = (key: string) => edit((list) => list.filter((e) => e.saved.productKey !== key));
  const putBack = (entry: SavedEntry) => edit((list) => (list.some((e) => e.saved.productKey === entry.saved.productKey) ? list : [...list, entry]));
  const titleOf = (entry: SavedEntry) => entry.product?.title ?? entry.saved.productKey;

  const restore = async (entry: SavedEntry) => {
    const result = await request('restoreSaved', { item: entry.saved });
    if (!result.ok) return setError(describeError(t, result.error));
    putBack({ ...entry, saved: result.value.item });
  };

  const remove = async (entry: SavedEntry) => {
    const result = await request('removeSaved', { productKey: entry.saved.productKey });
    if (!result.ok) return setError(describeError(t, result.error));
    drop(entry.saved.productKey);
    const removed = result.value.removed;
    if (removed) setUndo({ message: t('popup.saved.removed', { title: titleOf(entry) }), undo: () => restore({ ...entry, saved: removed }) });
  };

  const moveToCart = async (entry: SavedEntry) => {
    const added = await request('addToCart', { productKey: entry.saved.productKey, quantity: 1, variant: '' });
    if (!added.ok) return setError(describeError(t, added.error));
    const removed = await request('removeSaved', { productKey: entry.saved.productKey });
    if (!removed.ok) return setError(describeError(t, removed.error));
    drop(entry.saved.productKey);
    const line = added.value;
    setUndo({
      message: t('popup.saved.moved', { title: titleOf(entry) }),
      undo: async () => {
        // Take back exactly the one added: a line that existed before keeps its earlier quantity.
        const back =
          line.quantity > 1
            ? await request('updateCartLine', { productKey: line.productKey, variant: line.variant, quantity: line.quantity - 1 })
            : await request('removeCartLine', { productKey: line.productKey, variant: line.variant });
        if (!back.ok) setError(describeError(t, back.error));
        if (removed.value.removed) await restore({ ...entry, saved: removed.value.removed });
      },
    });
  };

  const saveNote = async (entry: SavedEntry, note: string) => {
    const result = await request('setSavedNote', { productKey: entry.saved.productKey, note });
    if (!result.ok) return setError(describeError(t, result.error));
    edit((list) => list.map((e) => (e.saved.productKey === entry.saved.productKey ? { ...e, saved: result.value } : e)));
    setNoteFor(null);
  };

  const row = (entry: SavedEntry) => {
    const { product, saved, expert } = entry;
    const title = titleOf(entry);
    const change = changeSinceSaved(entry);
    return (
      <article class="row" data-product-key={saved.productKey}>
        {/* Until the first rows are painted, the picture's empty box (as a picture still loading looks). */}
        {settled ? <ProductImage src={product?.imageUrl} /> : <span class="row__img" aria-hidden="true" />}
        <div class="row__body">
          {product ? (
            <a class="row__title" href={product.canonicalUrl} target="_blank" rel="noopener noreferrer" title={title}>
              {title}
            </a>
          ) : (
            <span class="row__title">{title}</span>
          )}
          <p class="row__meta">
            {storeName(storeOfEntry(entry), t)}
            {product?.shopName ? ` · ${product.shopName}` : ''}
            {expert && <> · {tx('popup.saved.via', { name: <ExpertName name={expert.displayName} id={expert.id} /> })}</>}
          </p>
          <p class="row__meta">
            <span class="price">{product?.lastPrice ? formatPrice(product.lastPrice, language) : t('popup.price.unknown')}</span>
            {change && change.direction !== 'same' && (
              <span class={`change change--${change.direction}`}>
                {t(change.direction === 'down' ? 'popup.saved.down' : 'popup.saved.up', { percent: change.percent })}
              </span>
            )}
          </p>
          {saved.note && (
            // Its own line, the whole note on hover and in the Note editor (a row keeps one height).
            <p class="row__meta row__note" title={saved.note}>
              {saved.note}
            </p>
          )}
        </div>
        <div class="row__actions">
          <button type="button" class="button button--small" aria-label={t('popup.saved.moveLabel', { title })} onClick={() => void moveToCart(entry)}>
            {t('popup.saved.move')}
          </button>
          <button type="button" class="button button--small" aria-label={t('priceTracking.openLabel', { title })} onClick={() => setHistoryFor(entry)}>
            {t('priceTracking.open')}
          </button>
          <button type="button" class="button button--small" aria-label={t('popup.saved.noteLabel', { title })} onClick={() => setNoteFor(entry)}>
            {t('popup.saved.note')}
          </button>
          <button type="button" class="button button--small button--quiet" aria-label={t('popup.saved.removeLabel', { title })} onClick={() => void remove(entry)}>
            {t('popup.saved.remove')}
          </button>
        </div>
      </article>
    );
  };

  return (
    <section class="tab-panel" aria-label={t('popup.tab.saved')}>
      <ErrorNote message={error} onDismiss={() => setError(null)} onRetry={entries === null ? () => void load() : undefined} />
      {shown === null ? (
        !error && <p class="loading">{t('common.loading')}</p>
      ) : shown.length === 0 ? (
        <EmptyState title={t('popup.saved.empty')}>{t('popup.saved.emptyHint')}</EmptyState>
      ) : (
        <>
          <SearchToolbar idPrefix="saved" searchLabel={t('popup.saved.search')} text={text} onText={setText} store={store} onStore={setStore} stores={stores}>
            <label class="visually-hidden" for="saved-sort">
              {t('popup.saved.sort')}
            </label>
            <select id="saved-sort" class="input" value={sort} onChange={(event) => setSort(event.currentTarget.value as SavedSort)}>
              <option value="newest">{t('popup.saved.sort.newest')}</option>
              <option value="price-low">{t('popup.saved.sort.priceLow')}</option>
              <option value="price-high">{t('popup.saved.sort.priceHigh')}</option>
              <option value="biggest-drop">{t('popup.saved.sort.drop')}</option>
            </select>
          </SearchToolbar>
          {historyFor && (
            <PriceHistory
              key={historyFor.saved.productKey}
              productKey={historyFor.saved.productKey}
              title={titleOf(historyFor)}
              storeName={storeName(storeOfEntry(historyFor), t)}
              onClose={() => setHistoryFor(null)}
            />
          )}
          {noteFor && <NoteEditor entry={noteFor} title={titleOf(noteFor)} onSave={(note) => saveNote(noteFor, note)} onCancel={() => setNoteFor(null)} />}
          <p class="count" aria-live="polite">
            {entries ? t('popup.saved.count', { shown: visible.length, total: entries.length }) : t('common.loading')}
          </p>
          {!entries && narrowed ? null : visible.length === 0 ? (
            <EmptyState title={t('popup.saved.noMatch')}>{t('popup.saved.noMatchHint')}</EmptyState>
          ) : (
            <VirtualList items={visible} rowHeight={SAVED_ROW_HEIGHT} height={listHeight} keyOf={(e) => e.saved.productKey} renderRow={row} label={t('popup.tab.saved')} overscan={settled ? undefined : 0} />
          )}
        </>
      )}
      <UndoBar offer={undo} onDone={clearUndo} />
    </section>
  );
}

function NoteEditor({ entry, title, onSave, onCancel }: { entry: SavedEntry; title: string; onSave: (note: string) => Promise<void>; onCancel: () => void }) {
  const t = useT();
  const [note, setNote] = useState(entry.saved.note);
  return (
    <form
      class="note-editor"
      onSubmit={(event) => {
        event.preventDefault();
        void onSave(note);
      }}
    >
      <label for="note-text">{t('popup.saved.noteFor', { title })}</label>
      <textarea id="note-text" class="input" maxLength={1000} rows={2} value={note} autoFocus onInput={(event) => setNote(event.currentTarget.value)} />
      <div class="note-editor__actions">
        <button type="submit" class="button button--primary button--small">
          {t('common.save')}
        </button>
        <button type="button" class="button button--small" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
