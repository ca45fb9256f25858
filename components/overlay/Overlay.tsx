import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { formatPriceWithoutIntl } from '../../utils/format-price';
import type { ShownPick } from '../../utils/overlay/page-view';
import type { DetectedProduct } from '../../utils/product';
import { useLanguage, useT } from '../I18n';
import type { RecommendationFields } from '../../utils/expert/recommend-rules';
import { CartForm } from './CartForm';
import { useEventGuard } from './event-guard';
import { PickCard } from './PickCard';
import { PriceHistory } from './PriceHistory';
import type { PriceTrackingView } from '../../utils/price-tracking/view';
import { RecommendForm } from './RecommendForm';

export interface OverlayState {
  /** Visible picks in display order; `null` while loading. */
  picks: ShownPick[] | null;
  saved: boolean;
  /** Quantity of this product already in the cart (any variant). */
  inCart: number;
  /** A sentence for the user when the last action failed. */
  error: string | null;
}

export interface OverlayActions {
  toggleSaved: () => Promise<void>;
  addToCart: (quantity: number, variant: string, recommendationId: string | null) => Promise<void>;
  setFollow: (expertId: string, follow: boolean) => Promise<void>;
  openHaowu: () => Promise<void>;
  /** Haowu's own page at one expert of this page's picks (their expert page). */
  openExpert?: (expertId: string) => Promise<void>;
  /** Expert mode: saves the user's own pick (edits `id`); resolves to an error sentence or null. */
  saveOwnPick?: (fields: RecommendationFields, id?: string) => Promise<string | null>;
  deleteOwnPick?: (id: string) => Promise<void>;
  hideOnStore: () => void;
  collapse: () => void;
  dismissError: () => void;
  /** This product's price history (issue 17). */
  loadPriceHistory?: () => Promise<PriceTrackingView | null>;
}

export interface OverlayProps {
  product: DetectedProduct;
  state: OverlayState;
  actions: OverlayActions;
  storeName: string;
  /** Expert mode is on: offer Recommend, and Edit/Delete on the user's own picks. */
  canRecommend?: boolean;
  /** Open on the Recommend form (the context menu's "Recommend this product"). */
  startRecommending?: boolean;
  /** The shopper closed the panel (close button, Escape); the launcher takes focus back. */
  onClose: () => void;
}

/**
 * The panel: the product as Haowu read it, Save, Add to cart, Recommend (expert mode) and the picks.
 * Mounted when the shopper opens it from the launcher (entrypoints/overlay-panel.tsx), unmounted when closed.
 */
export function Overlay({ product, state, actions, storeName, canRecommend = false, startRecommending = false, onClose }: OverlayProps) {
  const t = useT();
  const language = useLanguage();
  const [busy, setBusy] = useState<string | null>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  /** The Recommend form: closed, or open on the user's own pick for this product (or a new one). */
  const [recommending, setRecommending] = useState(canRecommend && startRecommending);
  const [notice, setNotice] = useState<string | null>(null);
  const ownPick = state.picks?.find((pick) => pick.expert.kind === 'local') ?? null;
  const accept = useEventGuard();
  /** A handler that runs only for the shopper's own events. */
  const guarded =
    <E extends Event>(handler: (event: E) => void) =>
    (event: E) => {
      if (accept(event)) handler(event);
    };

  /**
   * The first paint shows the panel's shell: the product, Save and the picks. The price history (and its
   * request), the cart form's fields and the footer follow right after it (issue 19: the panel painted
   * on a store's busy main thread, against a bare Preact component). Effects run after that first paint.
   */
  const [complete, setComplete] = useState(false);

  // Focus moves into the panel as it opens (the launcher gets it back on close), in the task that renders
  // it: the launcher, which had it, is hidden in that task, and a focused element left hidden until after
  // the paint made the browser clear the focus in a task of its own before anything else ran (the page
  // heard a focusout; 0.3-4 ms before the panel's paint was over, issue 19). Moved within the closed
  // root, the page hears nothing. No scrolling: the panel is fixed in the viewport, so this asks for the
  // style the first frame computes anyway, and no layout.
  useLayoutEffect(() => {
    closeButton.current?.focus({ preventScroll: true });
  }, []);
  useEffect(() => setComplete(true), []);

  // Busy buttons stay focusable (aria-disabled, not disabled): a disabled button would drop keyboard
  // focus to the store's page in the middle of an action.
  const run = async (name: string, action: () => Promise<void>) => {
    if (busy) return;
    setBusy(name);
    try {
      await action();
    } finally {
      setBusy(null);
    }
  };

  // Escape closes the panel also when focus has left it (e.g. the shopper clicked the page).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && accept(event)) onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose, accept]);

  return (
    <section
      class="hw-panel"
      role="dialog"
      aria-modal="false"
      aria-labelledby="hw-panel-title"
      data-product-key={product.key}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && accept(event)) {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <header class="hw-panel__head">
        <h2 id="hw-panel-title">{t('overlay.panel.title')}</h2>
        <button ref={closeButton} type="button" class="hw-icon-button" aria-label={t('overlay.close')} onClick={guarded(onClose)}>
          ×
        </button>
      </header>
      <div class="hw-product" aria-label={t('overlay.panel.readAs')}>
        <p class="hw-product__title">{product.title}</p>
        <p class="hw-product__meta">
          <span class="hw-product__price">{product.price ? formatPriceWithoutIntl(product.price, language) : t('overlay.price.unknown')}</span>
          <span>{product.shopName ?? storeName}</span>
        </p>
        {complete && actions.loadPriceHistory && <PriceHistory productKey={product.key} price={product.price} storeName={storeName} load={actions.loadPriceHistory} />}
      </div>
      {state.error && (
        <p class="hw-error" role="alert">
          {state.error}
          <button type="button" class="hw-icon-button" aria-label={t('common.close')} onClick={guarded(actions.dismissError)}>
            ×
          </button>
        </p>
      )}
      <div class="hw-actions">
        {/* Save and Recommend share a row, so the picks start in view on a short window (issue 16). */}
        <div class="hw-actions__row">
          <button
            type="button"
            class={`hw-button${state.saved ? ' hw-button--on' : ''}`}
            aria-pressed={state.saved}
            aria-label={t(state.saved ? 'launcher.saved' : 'launcher.save')}
            aria-disabled={busy === 'save'}
            onClick={guarded(() => void run('save', actions.toggleSaved))}
          >
            {state.saved ? `★ ${t('overlay.saved')}` : `☆ ${t('overlay.save')}`}
          </button>
          {canRecommend && !recommending && (
            <button type="button" class="hw-button" aria-expanded={false} onClick={guarded(() => setRecommending(true))}>
              {ownPick ? t('recommend.editLabel') : t('recommend.open')}
            </button>
          )}
        </div>
        {complete && (
          <CartForm
            inCart={state.inCart}
            busy={busy === 'cart'}
            throughPicks={(state.picks ?? []).filter((pick) => pick.recommendation.partnerLink !== null && pick.expert.kind !== 'local')}
            onAdd={(quantity, variant, recommendationId) => run('cart', () => actions.addToCart(quantity, variant, recommendationId))}
          />
        )}
      </div>
      {notice && (
        <p class="hw-muted" role="status">
          {notice}
        </p>
      )}
      {/* Not before the picks are loaded: the form must know whether it edits the expert's own pick. */}
      {canRecommend && recommending && actions.saveOwnPick && state.picks !== null && (
        <RecommendForm
          key={ownPick?.recommendation.id ?? 'new'}
          look="overlay"
          product={{ platform: product.platform, url: product.canonicalUrl }}
          storeName={storeName}
          canonicalUrl={product.canonicalUrl}
          initial={ownPick?.recommendation}
          onCancel={() => setRecommending(false)}
          onSave={async (fields) => {
            const problem = await actions.saveOwnPick!(fields, ownPick?.recommendation.id);
            if (problem === null) {
              setRecommending(false);
              setNotice(t('recommend.saved'));
            }
            return problem;
          }}
        />
      )}
      <h3 class="hw-picks-heading">{t('overlay.picks.heading')}</h3>
      {state.picks === null ? (
        <p class="hw-muted">{t('common.loading')}</p>
      ) : state.picks.length === 0 ? (
        <p class="hw-muted">{t('overlay.picks.none')}</p>
      ) : (
        <div class="hw-cards">
          {state.picks.map((pick) => (
            <PickCard
              key={pick.recommendation.id}
              pick={pick}
              priceNow={product.price}
              plainUrl={product.canonicalUrl}
              followBusy={busy === `follow:${pick.expert.id}`}
              onToggleFollow={(expertId, follow) => run(`follow:${expertId}`, () => actions.setFollow(expertId, follow))}
              onOpenExpert={actions.openExpert ? (expertId) => void run(`expert:${expertId}`, () => actions.openExpert!(expertId)) : undefined}
              onEditOwn={canRecommend ? () => setRecommending(true) : undefined}
              onDeleteOwn={
                canRecommend && actions.deleteOwnPick
                  ? (id) =>
                      run(`delete:${id}`, async () => {
                        await actions.deleteOwnPick!(id);
                        setRecommending(false);
                        setNotice(t('recommend.deleted'));
                      })
                  : undefined
              }
            />
          ))}
        </div>
      )}
      {complete && (
        <footer class="hw-panel__foot">
          <button type="button" class="hw-link-button" onClick={guarded(() => void actions.openHaowu())}>
            {t('overlay.openHaowu')}
          </button>
          <button type="button" class="hw-link-button" onClick={guarded(actions.collapse)}>
            {t('overlay.collapse')}
          </button>
          <button type="button" class="hw-link-button" onClick={guarded(actions.hideOnStore)}>
            {t('overlay.hideStore', { store: storeName })}
          </button>
        </footer>
      )}
    </section>
  );
}
