import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { RecommendationRecord } from '../../utils/db/schema';
import type { RecommendationFields } from '../../utils/expert/recommend-rules';
import type { Result } from '../../utils/messaging/result';
import { loadOverlayState } from '../../utils/overlay/load-state';
import { picksToShow, visiblePicksInOrder, type Pick } from '../../utils/overlay/order-picks';
import type { DetectedProduct } from '../../utils/product';
import { I18nProvider, useT } from '../I18n';
import type { Language } from '../../utils/i18n/translate';
import { OVERLAY_STRINGS } from '../../utils/i18n/overlay-strings';
import { Overlay, type OverlayState } from './Overlay';

/**
 * What the overlay asks of the background; the content script passes the messaging one. The product
 * it is given was already validated by the background (checkProduct, entrypoints/content).
 */
export interface OverlayBackend {
  picks: (productKey: string) => Promise<Result<Pick[]>>;
  productState: (productKey: string) => Promise<Result<{ saved: boolean; inCart: number }>>;
  toggleSaved: (productKey: string, viaExpertId: string | null) => Promise<Result<{ saved: boolean }>>;
  addToCart: (productKey: string, quantity: number, variant: string, recommendationId: string | null) => Promise<Result<{ inCart: number }>>;
  setFollowed: (expertId: string, follow: boolean) => Promise<Result<unknown>>;
  openHaowuTab: () => Promise<Result<unknown>>;
  /** Expert mode: save (create, or edit by id) the user's own pick for the product. */
  saveOwnPick?: (product: DetectedProduct, fields: RecommendationFields, id?: string) => Promise<Result<RecommendationRecord>>;
  /** Expert mode: delete one of the user's own picks (a tombstone, retracted on the next publish). */
  deleteOwnPick?: (id: string) => Promise<Result<RecommendationRecord>>;
}

/** What the overlay asks of the user's settings. */
export interface OverlayPreferences {
  hideOnStore: () => void;
  collapse: () => void;
}

export interface OverlayAppProps {
  product: DetectedProduct;
  language: Language;
  backend: OverlayBackend;
  preferences: OverlayPreferences;
  /** What the launcher already loaded for this product: shown at once, then refreshed. */
  initial?: OverlayState;
  /** Told whenever picks, saved or cart state change, for the launcher and the toolbar badge. */
  onStateChange?: (state: OverlayState) => void;
  onClose: () => void;
  now?: () => number;
  /** Expert mode is on: the panel offers Recommend, and Edit/Delete on the user's own picks. */
  expertMode?: boolean;
  /** Open on the Recommend form (the context menu asked). */
  startRecommending?: boolean;
}

export function OverlayApp(props: OverlayAppProps) {
  return (
    <I18nProvider language={props.language} strings={OVERLAY_STRINGS}>
      <ConnectedOverlay {...props} />
    </I18nProvider>
  );
}

const EMPTY: OverlayState = { picks: null, saved: false, inCart: 0, error: null };

function ConnectedOverlay({ product, backend, preferences, initial, onStateChange, onClose, now = Date.now, expertMode = false, startRecommending = false }: OverlayAppProps) {
  const t = useT();
  const [state, setState] = useState<OverlayState>(initial ?? EMPTY);
  const shownKey = useRef(product.key);
  const fail = useCallback((message: string) => setState((current) => ({ ...current, error: message })), []);

  const reloadPicks = async () => {
    const picks = await backend.picks(product.key);
    if (picks.ok) setState((current) => ({ ...current, picks: picksToShow(picks.value, product, now()) }));
    else fail(picks.error.message);
  };

  // Picks and saved state are per product: load them on opening (what the launcher had is shown
  // meanwhile) and again when the shopper moves to another product.
  useEffect(() => {
    let current = true;
    if (shownKey.current !== product.key) {
      shownKey.current = product.key;
      setState(EMPTY);
    }
    void loadOverlayState(backend, product, now()).then((loaded) => {
      if (current) setState(loaded);
    });
    return () => {
      current = false;
    };
  }, [product.key]);

  useEffect(() => {
    onStateChange?.(state);
  }, [state]);

  const actions = {
    toggleSaved: async () => {
      // Saved "via" the first expert whose pick the shopper sees, for the Saved tab; informational only.
      const via = state.picks?.find((pick) => pick.expert.kind !== 'local')?.expert.id ?? null;
      const result = await backend.toggleSaved(product.key, via);
      if (result.ok) setState((current) => ({ ...current, saved: result.value.saved, error: null }));
      else fail(result.error.message);
    },
    addToCart: async (quantity: number, variant: string, recommendationId: string | null) => {
      const result = await backend.addToCart(product.key, quantity, variant, recommendationId);
      if (result.ok) setState((current) => ({ ...current, inCart: result.value.inCart, error: null }));
      else fail(result.error.message);
    },
    setFollow: async (expertId: string, follow: boolean) => {
      const result = await backend.setFollowed(expertId, follow);
      if (!result.ok) return fail(result.error.message);
      setState((current) => {
        if (!current.picks) return current;
        const updated = current.picks.map((pick) => (pick.expert.id === expertId ? { ...pick, expert: { ...pick.expert, followed: follow } } : pick));
        return { ...current, error: null, picks: visiblePicksInOrder(updated, now(), () => true) };
      });
    },
    openHaowu: async () => {
      const result = await backend.openHaowuTab();
      if (!result.ok) fail(result.error.message);
    },
    saveOwnPick: async (fields: RecommendationFields, id?: string): Promise<string | null> => {
      if (!backend.saveOwnPick) return t('error.backgroundUnavailable');
      const result = await backend.saveOwnPick(product, fields, id);
      if (!result.ok) return result.error.message;
      await reloadPicks();
      return null;
    },
    deleteOwnPick: async (id: string) => {
      if (!backend.deleteOwnPick) return;
      const result = await backend.deleteOwnPick(id);
      if (!result.ok) return fail(result.error.message);
      await reloadPicks();
    },
    hideOnStore: preferences.hideOnStore,
    collapse: preferences.collapse,
    dismissError: () => setState((current) => ({ ...current, error: null })),
  };

  const storeName = product.platform === 'site' ? product.storeDomain : t(`store.${product.platform}`);
  return (
    <Overlay
      product={product}
      state={state}
      actions={actions}
      storeName={storeName}
      canRecommend={expertMode && backend.saveOwnPick !== undefined}
      startRecommending={startRecommending}
      onClose={onClose}
    />
  );
}
