import type { PickEntry } from '../../utils/db/picks';
import { formatPrice } from '../../utils/format-price';
import { request } from '../../utils/messaging/client';
import { pickDate } from '../../utils/overlay/pick-date';
import { priceChange } from '../../utils/overlay/price-change';
import { ExpertKey, ExpertName, shownName } from '../ExpertName';
import { useLanguage, useT, useTx } from '../I18n';
import { ProductImage } from './ProductImage';
import { storeName } from './store-name';
import { describeError } from '../../utils/i18n/describe-error';

/** Every pick row is this tall (px): the expert page and the Picks tab list them in a VirtualList. */
export const PICK_ROW_HEIGHT = 196;

export interface PickRowProps {
  entry: PickEntry;
  expert: { id: string; displayName: string };
  /** When the expert's feed stopped refreshing (utils/feed/staleness.ts); null while current. */
  staleSince: number | null;
  /** The Picks tab: the expert's name, which opens their page. */
  onOpenExpert?: (expertId: string) => void;
  onSave: (entry: PickEntry) => void;
  onCart: (entry: PickEntry) => void;
}

/**
 * One pick in the expert page or the Picks tab: picture, title, store, rating, reason, the price
 * when recommended beside the last price Haowu read on the product's page, and Buy via the expert
 * (with the commission disclosure) next to the plain store page. Text from feeds is shown as text.
 */
export function PickRow({ entry, expert, staleSince, onOpenExpert, onSave, onCart }: PickRowProps) {
  const t = useT();
  const tx = useTx();
  const language = useLanguage();
  const { recommendation, plainUrl, lastPrice } = entry;
  const title = recommendation.snapshot.title;
  // aria-labels get the cleaned name; drawn, the name is isolated in a <bdi> (components/ExpertName.tsx).
  const name = shownName(expert.displayName, expert.id);
  const shown = <ExpertName name={expert.displayName} id={expert.id} />;
  // The same text as Intl's, without a page's first Intl date format (ICU's date data) in the first rows.
  const day = (time: number) => pickDate(time, language);
  const then = recommendation.snapshot.price;
  const change = priceChange(then, lastPrice);
  return (
    <article class="pick" data-recommendation-id={recommendation.id} aria-label={title}>
      <ProductImage src={recommendation.snapshot.imageUrl} />
      <div class="pick__body">
        <p class="pick__title">
          {entry.isNew && <span class="chip chip--new">{t('popup.picks.new')}</span>}
          {plainUrl ? (
            <a class="row__title" href={plainUrl} target="_blank" rel="noopener noreferrer" title={title}>
              {title}
            </a>
          ) : (
            <span class="row__title" title={title}>
              {title}
            </span>
          )}
        </p>
        <p class="row__meta">
          {onOpenExpert && (
            <>
              <button type="button" class="link-button" aria-label={t('popup.picks.openExpert', { name })} onClick={() => onOpenExpert(expert.id)}>
                {shown}
              </button>{' '}
              <ExpertKey id={expert.id} class="pick__key" />
              {' · '}
            </>
          )}
          {storeName(entry.store, t)}
          {' · '}
          <span aria-label={t('popup.studio.rating', { rating: recommendation.rating })}>{'★'.repeat(recommendation.rating)}</span>
          {' · '}
          <time dateTime={new Date(recommendation.updatedAt).toISOString()}>{day(recommendation.updatedAt)}</time>
        </p>
        {staleSince !== null && <p class="row__meta stale">{t('overlay.card.stale', { date: day(staleSince) })}</p>}
        {recommendation.reason && <p class="pick__reason">{recommendation.reason}</p>}
        {(then || lastPrice) && (
          <p class="row__meta">
            {then && <span>{t('overlay.card.priceThen', { price: formatPrice(then, language) })}</span>}
            {then && lastPrice && ' · '}
            {lastPrice && <span>{t('popup.picks.lastSeen', { price: formatPrice(lastPrice, language) })}</span>}
            {change && change.direction !== 'same' && (
              <span class={`change change--${change.direction}`}>
                {' '}
                {t(change.direction === 'up' ? 'overlay.card.priceUp' : 'overlay.card.priceDown', { percent: change.percent })}
              </span>
            )}
          </p>
        )}
        <div class="pick__actions">
          {recommendation.partnerLink && (
            <a class="button button--small button--primary" href={recommendation.partnerLink} target="_blank" rel="noopener noreferrer">
              {tx('overlay.card.buyVia', { name: shown })}
            </a>
          )}
          {plainUrl && (
            <a class="pick__plain" href={plainUrl} target="_blank" rel="noopener noreferrer">
              {t('popup.picks.plainLink')}
            </a>
          )}
          <button
            type="button"
            class={`button button--small${entry.saved ? ' button--on' : ''}`}
            aria-pressed={entry.saved}
            aria-label={t(entry.saved ? 'popup.picks.savedLabel' : 'popup.picks.saveLabel', { title })}
            onClick={() => !entry.saved && onSave(entry)}
          >
            {entry.saved ? `★ ${t('overlay.saved')}` : `☆ ${t('overlay.save')}`}
          </button>
          <button type="button" class="button button--small" aria-label={t('popup.picks.cartLabel', { title })} onClick={() => onCart(entry)}>
            {t('overlay.cart.add')}
          </button>
        </div>
        {recommendation.partnerLink && <p class="pick__disclosure">{tx('overlay.card.disclosure', { name: shown })}</p>}
      </div>
    </article>
  );
}

/**
 * Save and Add to cart for a pick row, shared by the expert page and the Picks tab: each reports a
 * failure through `fail`, a success through `done`, and a save marks the rows of that product saved.
 */
export function pickRowActions(
  t: ReturnType<typeof useT>,
  { markSaved, fail, done }: { markSaved: (entry: PickEntry) => void; fail: (message: string) => void; done: (message: string) => void },
) {
  return {
    save: async (entry: PickEntry) => {
      const result = await request('savePick', { recommendationId: entry.recommendation.id });
      if (!result.ok) return fail(describeError(t, result.error));
      markSaved(entry);
      done(t('popup.picks.savedOne', { title: entry.recommendation.snapshot.title }));
    },
    cart: async (entry: PickEntry) => {
      const result = await request('addPickToCart', { recommendationId: entry.recommendation.id });
      if (!result.ok) return fail(describeError(t, result.error));
      done(t('popup.picks.addedOne', { title: entry.recommendation.snapshot.title, quantity: result.value.quantity }));
    },
  };
}
