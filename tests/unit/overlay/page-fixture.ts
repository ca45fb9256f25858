import { within } from '@testing-library/preact';
import { vi } from 'vitest';
import { overlayPanel } from '../../../components/overlay/mount-panel';
import type { ShownPick as Pick } from '../../../utils/overlay/page-view';
import type { RecommendationRecord } from '../../../utils/db/schema';
import { normalizeRecommendation } from '../../../utils/expert/recommend-rules';
import { ok, type Result } from '../../../utils/messaging/result';
import type { PageSettings, ProductPageView } from '../../../utils/overlay/page-view';
import { createProductPageController, type ControllerOptions, type PageActionName, type ProductPageBackend } from '../../../utils/overlay/product-page-controller';
import type { DetectedProduct } from '../../../utils/product';
import { expert, recommendation } from '../db/records';
import { acceptUserEvents } from './as-user';

export const NOW = Date.UTC(2025, 5, 1);

export const product: DetectedProduct = {
  platform: 'tmall',
  productId: '605258110430',
  key: 'tmall:605258110430',
  canonicalUrl: 'https://detail.tmall.com/item.htm?id=605258110430',
  title: 'iPhone 11',
  price: null,
  imageUrl: null,
  shopName: null,
  storeDomain: 'tmall.com',
};

export const otherProduct: DetectedProduct = { ...product, productId: '600000000001', key: 'tmall:600000000001', canonicalUrl: 'https://detail.tmall.com/item.htm?id=600000000001', title: 'Case' };

export const me = expert({ id: 'ed25519:me', kind: 'local', displayName: 'Me', followed: false, followedAt: null, feedUrl: null });

export function pick(id: string, expertName: string, { followed = false, rating = 4, link = 'https://s.click.taobao.com/x' as string | null, productKey = product.key } = {}): Pick {
  return {
    expert: expert({ id: `expert-${id}`, displayName: expertName, followed, followedAt: followed ? 1 : null }),
    recommendation: recommendation({ id, expertId: `expert-${id}`, productKey, reason: `${expertName}’s reason`, rating, partnerLink: link, tags: [] }),
  };
}

export interface PageState {
  picks: Pick[];
  saved: boolean;
  inCart: number;
  shown: boolean;
  settings: PageSettings;
}

/**
 * A background in memory for one page, answering as the real one does: every action with the page's
 * whole view. Picks stay in the order given (the background orders them; the page never does),
 * except that following an expert moves their picks first, as the real ordering would.
 */
export function memoryBackend(initial: Partial<PageState> = {}) {
  const state: PageState = {
    picks: [],
    saved: false,
    inCart: 0,
    shown: true,
    settings: { language: 'en', theme: 'auto', expertMode: false, overlayCollapsed: false },
    ...initial,
  };
  let shownProduct: DetectedProduct | null = null;
  const view = (): ProductPageView => ({ product: shownProduct!, shown: state.shown, settings: { ...state.settings }, picks: state.shown ? [...state.picks] : [], saved: state.saved, inCart: state.inCart });
  const failures = new Map<PageActionName, { code: 'unavailable' | 'forbidden' | 'stale-page' | 'invalid-input'; message: string }[]>();

  const act = vi.fn(async (name: PageActionName, data: Record<string, unknown>): Promise<Result<ProductPageView>> => {
    const failure = failures.get(name)?.shift();
    if (failure) return { ok: false, error: failure };
    switch (name) {
      case 'saveProduct':
        state.saved = true;
        break;
      case 'unsaveProduct':
        state.saved = false;
        break;
      case 'addProductToCart':
        state.inCart += data.quantity as number;
        break;
      case 'followFromPage': {
        state.picks = state.picks.map((p) => (p.expert.id === data.expertId ? { ...p, expert: { ...p.expert, followed: data.followed as boolean } } : p));
        state.picks.sort((a, b) => Number(b.expert.followed) - Number(a.expert.followed));
        break;
      }
      case 'saveOwnPickOnPage': {
        const fields = normalizeRecommendation(data as never);
        const record: RecommendationRecord = recommendation({
          id: (data.id as string | undefined) ?? 'p-new',
          expertId: me.id,
          productKey: shownProduct!.key,
          reason: fields.reason,
          rating: fields.rating,
          tags: fields.tags,
          stockNote: fields.stockNote || null,
          partnerLink: fields.partnerLink || shownProduct!.canonicalUrl,
          expiresAt: fields.expiresAt,
          updatedAt: NOW,
        });
        state.picks = [...state.picks.filter((p) => p.recommendation.id !== record.id), { recommendation: record, expert: me }];
        break;
      }
      case 'deleteOwnPickOnPage':
        state.picks = state.picks.filter((p) => p.recommendation.id !== data.id);
        break;
      case 'collapseOverlay':
        state.settings.overlayCollapsed = true;
        break;
      case 'hideOverlayOnStore':
        state.shown = false;
        break;
    }
    return ok(view());
  });

  const backend: ProductPageBackend = {
    open: vi.fn(async (candidate) => {
      shownProduct = candidate as DetectedProduct;
      return ok(view());
    }),
    close: vi.fn(async () => ok({ closed: true })),
    act: act as unknown as ProductPageBackend['act'],
    loadPanel: vi.fn(async () => ok(overlayPanel(''))),
    openHaowuTab: vi.fn(async () => ok({ opened: true })),
  };
  return {
    backend,
    state,
    act,
    view,
    /** The next `name` action fails with this error. */
    failNext: (name: PageActionName, error: { code: 'unavailable' | 'forbidden' | 'stale-page' | 'invalid-input'; message: string }) => {
      failures.set(name, [...(failures.get(name) ?? []), error]);
    },
  };
}

/**
 * A controller on this document with the given backend, the real launcher and the real panel. The
 * overlay's shadow root is closed, so the test keeps the one the host attached (as only Haowu's own
 * code can) to look inside.
 */
export function mountController(backend: ProductPageBackend, options: { accept?: (event: Event) => boolean; hint?: ControllerOptions['hint']; expectAccepted?: ControllerOptions['expectAccepted'] } = {}) {
  const roots: ShadowRoot[] = [];
  const attach = HTMLElement.prototype.attachShadow;
  vi.spyOn(HTMLElement.prototype, 'attachShadow').mockImplementation(function (this: HTMLElement, init: ShadowRootInit) {
    const root = attach.call(this, init);
    roots.push(root);
    return root;
  });
  const log = { info: vi.fn(), warn: vi.fn() };
  const controller = createProductPageController({
    document,
    backend,
    css: '',
    languages: () => ['en-US'],
    accept: options.accept ?? acceptUserEvents,
    afterPaint: (callback) => callback(),
    hint: options.hint,
    expectAccepted: options.expectAccepted,
    log,
  });
  const root = () => {
    const host = document.querySelector('haowu-overlay');
    const shadow = roots.at(-1);
    if (!host || !shadow || shadow.host !== host) throw new Error('no overlay on the page');
    return shadow;
  };
  /** Testing Library queries inside the overlay's shadow root. */
  const overlay = () => within([...root().children].find((child) => child.tagName === 'DIV') as HTMLElement);
  /**
   * The field a `<label for>` names. Ids inside a shadow root are the root's own, which Testing
   * Library's getByLabelText does not look up (it asks the document).
   */
  const field = (label: string): HTMLElement => {
    const found = overlay().getByText(label, { selector: 'label' }) as HTMLLabelElement;
    const control = root().getElementById(found.htmlFor);
    if (!control) throw new Error(`no field for the label "${label}"`);
    return control;
  };
  return { controller, root, overlay, field, log };
}
