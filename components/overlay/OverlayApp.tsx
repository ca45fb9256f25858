import type { RecommendationFields } from '../../utils/expert/recommend-rules';
import type { Language } from '../../utils/i18n/translate';
import { OVERLAY_STRINGS } from '../../utils/i18n/overlay-strings';
import type { ProductPageView } from '../../utils/overlay/page-view';
import type { PriceTrackingView } from '../../utils/price-tracking/view';
import { I18nProvider, useT } from '../I18n';
import { EventGuard } from './event-guard';
import { Overlay } from './Overlay';

/**
 * What the panel's buttons do; the content script's controller (utils/overlay/product-page-controller.ts)
 * sends each to the background and re-renders the panel with the page's new view. Each says what it
 * means (save, unsave): nothing toggles a state this tab may be showing out of date.
 */
export interface PanelActions {
  save: () => Promise<void>;
  unsave: () => Promise<void>;
  addToCart: (quantity: number, variant: string, recommendationId: string | null) => Promise<void>;
  setFollow: (expertId: string, follow: boolean) => Promise<void>;
  /** Expert mode: save (create, or edit by id) the user's own pick; resolves to an error sentence or null. */
  saveOwnPick: (fields: RecommendationFields, id?: string) => Promise<string | null>;
  /** Expert mode: delete one of the user's own picks (a tombstone, retracted on the next publish). */
  deleteOwnPick: (id: string) => Promise<void>;
  openHaowu: () => Promise<void>;
  /** Haowu's own page at one expert whose pick this page shows. */
  openExpert: (expertId: string) => Promise<void>;
  /** This product's price history (issue 17); null when it could not be read. */
  loadPriceHistory?: () => Promise<PriceTrackingView | null>;
  hideOnStore: () => void;
  collapse: () => void;
}

export interface OverlayAppProps {
  /** The page's view from the background: the product, settings, visible picks in order, saved and cart state. */
  view: ProductPageView;
  language: Language;
  actions: PanelActions;
  /** A sentence for the shopper when the last action failed. */
  error: string | null;
  onDismissError: () => void;
  onClose: () => void;
  /** Open on the Recommend form (the context menu asked). */
  startRecommending?: boolean;
  /** Which events may act (the shopper's own); every event when not given. */
  accept?: (event: Event) => boolean;
}

export function OverlayApp(props: OverlayAppProps) {
  return (
    <I18nProvider language={props.language} strings={OVERLAY_STRINGS}>
      <EventGuard.Provider value={props.accept ?? (() => true)}>
        <Panel {...props} />
      </EventGuard.Provider>
    </I18nProvider>
  );
}

function Panel({ view, actions, error, onDismissError, onClose, startRecommending = false }: OverlayAppProps) {
  const t = useT();
  const { product } = view;
  const storeName = product.platform === 'site' ? product.storeDomain : t(`store.${product.platform}`);
  return (
    <Overlay
      product={product}
      state={{ picks: view.picks, saved: view.saved, inCart: view.inCart, error }}
      actions={{
        toggleSaved: () => (view.saved ? actions.unsave() : actions.save()),
        addToCart: actions.addToCart,
        setFollow: actions.setFollow,
        openHaowu: actions.openHaowu,
        openExpert: actions.openExpert,
        saveOwnPick: actions.saveOwnPick,
        deleteOwnPick: actions.deleteOwnPick,
        hideOnStore: actions.hideOnStore,
        loadPriceHistory: actions.loadPriceHistory,
        collapse: actions.collapse,
        dismissError: onDismissError,
      }}
      storeName={storeName}
      canRecommend={view.settings.expertMode}
      startRecommending={startRecommending}
      onClose={onClose}
    />
  );
}
