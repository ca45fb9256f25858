import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { CheckoutLine } from '../../utils/db/checkout';
import { MAX_CART_QUANTITY } from '../../utils/db/limits';
import type { CartRecord } from '../../utils/db/schema';
import { formatPrice } from '../../utils/format-price';
import { request } from '../../utils/messaging/client';
import { groupCartByStore, type StoreGroup } from '../../utils/popup/cart-view';
import { useLanguage, useT } from '../I18n';
import { EmptyState, ErrorNote, UndoBar, type UndoOffer } from './Notices';
import { storeName } from './store-name';
import { ProductImage } from './ProductImage';
import { describeError } from '../../utils/i18n/describe-error';

const lineId = (line: Pick<CartRecord, 'productKey' | 'variant'>) => JSON.stringify([line.productKey, line.variant]);

/** The cart by store: quantities, per-currency subtotals, remove with undo, and the way to checkout. */
export function CartTab({ checkoutUrl }: { checkoutUrl: string }) {
  const t = useT();
  const language = useLanguage();
  const [lines, setLines] = useState<CheckoutLine[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [undo, setUndo] = useState<UndoOffer | null>(null);

  const load = useCallback(async () => {
    const result = await request('listCheckout', undefined);
    if (result.ok) {
      setLines(result.value);
      setError(null);
    } else setError(describeError(t, result.error));
  }, []);
  useEffect(() => void load(), [load]);
  const groups = useMemo(() => groupCartByStore(lines ?? []), [lines]);
  const clearUndo = useCallback(() => setUndo(null), []);

  const replaceLine = (line: CartRecord) => setLines((list) => list?.map((entry) => (lineId(entry.line) === lineId(line) ? { ...entry, line } : entry)) ?? null);

  const setQuantity = async (entry: CheckoutLine, quantity: number) => {
    const before = entry.line;
    replaceLine({ ...before, quantity });
    const result = await request('updateCartLine', { productKey: before.productKey, variant: before.variant, quantity });
    if (result.ok) replaceLine(result.value);
    else {
      replaceLine(before);
      setError(describeError(t, result.error));
    }
  };

  const putBack = async (entry: CheckoutLine, removed: CartRecord) => {
    const add = (recommendationId: string | null) =>
      request('addToCart', { productKey: removed.productKey, variant: removed.variant, quantity: removed.quantity, recommendationId });
    let result = await add(removed.viaRecommendationId);
    // The pick may have been retracted meanwhile; the line still comes back, without it.
    if (!result.ok && removed.viaRecommendationId) result = await add(null);
    if (!result.ok) return setError(describeError(t, result.error));
    const line = result.value;
    setLines((list) => (list ? [...list.filter((e) => lineId(e.line) !== lineId(line)), { ...entry, line }] : list));
  };

  const remove = async (entry: CheckoutLine) => {
    const result = await request('removeCartLine', { productKey: entry.line.productKey, variant: entry.line.variant });
    if (!result.ok) return setError(describeError(t, result.error));
    setLines((list) => list?.filter((e) => lineId(e.line) !== lineId(entry.line)) ?? null);
    const removed = result.value.removed;
    const title = entry.product?.title ?? entry.line.productKey;
    if (removed) setUndo({ message: t('popup.cart.removed', { title }), undo: () => putBack(entry, removed) });
  };

  return (
    <section class="tab-panel" aria-label={t('popup.tab.cart')}>
      <ErrorNote message={error} onDismiss={() => setError(null)} onRetry={lines === null ? () => void load() : undefined} />
      {lines === null ? (
        !error && <p class="loading">{t('common.loading')}</p>
      ) : lines.length === 0 ? (
        <EmptyState title={t('popup.cart.empty')}>{t('popup.cart.emptyHint')}</EmptyState>
      ) : (
        <>
          {groups.map((group) => (
            <StoreSection key={group.store} group={group} onQuantity={setQuantity} onRemove={remove} language={language} />
          ))}
          <a class="button button--primary checkout-link" href={checkoutUrl} target="_blank" rel="noopener">
            {t('popup.cart.checkout')}
          </a>
        </>
      )}
      <UndoBar offer={undo} onDone={clearUndo} />
    </section>
  );
}

export function Subtotals({ group, language }: { group: StoreGroup; language: 'en' | 'zh' }) {
  const t = useT();
  return (
    <p class="subtotal">
      {group.subtotals.length > 0 && (
        <span>
          {t('popup.cart.subtotal')}{' '}
          {group.subtotals.map((s, i) => (
            <span key={s.currency} class="subtotal__amount" data-currency={s.currency}>
              {i > 0 ? ' + ' : ''}
              {formatPrice(s, language)}
            </span>
          ))}
        </span>
      )}
      {group.unpriced > 0 && <span class="subtotal__unpriced"> {t('popup.cart.unpriced', { count: group.unpriced })}</span>}
    </p>
  );
}

function StoreSection({
  group,
  onQuantity,
  onRemove,
  language,
}: {
  group: StoreGroup;
  onQuantity: (entry: CheckoutLine, quantity: number) => Promise<void>;
  onRemove: (entry: CheckoutLine) => Promise<void>;
  language: 'en' | 'zh';
}) {
  const t = useT();
  const name = storeName(group.store, t);
  return (
    <section class="store-group" aria-label={name} data-store={group.store}>
      <h2 class="store-group__name">{name}</h2>
      <ul class="cart-lines">
        {group.entries.map((cartEntry) => {
          const entry = cartEntry as CheckoutLine;
          const { line, product } = entry;
          const title = product?.title ?? line.productKey;
          return (
            <li key={lineId(line)} class="cart-line" data-product-key={line.productKey}>
              {/* The Saved rows' picture and placeholder: the product record holds https images only. */}
              <ProductImage src={product?.imageUrl} />
              <div class="cart-line__body">
                {product ? (
                  <a class="row__title" href={product.canonicalUrl} target="_blank" rel="noopener noreferrer">
                    {title}
                  </a>
                ) : (
                  <span class="row__title">{title}</span>
                )}
                {line.variant && <p class="row__meta">{t('popup.cart.variant', { variant: line.variant })}</p>}
                <p class="row__meta price">{product?.lastPrice ? formatPrice(product.lastPrice, language) : t('popup.price.unknown')}</p>
              </div>
              <div class="stepper" role="group" aria-label={t('popup.cart.quantityFor', { title })}>
                <button
                  type="button"
                  class="icon-button"
                  aria-label={t('popup.cart.less', { title })}
                  disabled={line.quantity <= 1}
                  onClick={() => void onQuantity(entry, line.quantity - 1)}
                >
                  −
                </button>
                <output class="stepper__value" aria-live="polite">
                  {line.quantity}
                </output>
                <button
                  type="button"
                  class="icon-button"
                  aria-label={t('popup.cart.more', { title })}
                  disabled={line.quantity >= MAX_CART_QUANTITY}
                  onClick={() => void onQuantity(entry, line.quantity + 1)}
                >
                  +
                </button>
              </div>
              <button type="button" class="button button--small button--quiet" aria-label={t('popup.cart.removeLabel', { title })} onClick={() => void onRemove(entry)}>
                {t('popup.saved.remove')}
              </button>
            </li>
          );
        })}
      </ul>
      <Subtotals group={group} language={language} />
    </section>
  );
}
