import { createLauncher, launcherText, type Launcher } from '../../components/overlay/launcher';
import type { OverlayAppProps, PanelActions } from '../../components/overlay/OverlayApp';
import type { ErrorInfo } from '../errors';
import { describeError } from '../i18n/describe-error';
import * as errorStrings from '../i18n/strings/errors';
import { languageTag, resolveLanguage, translate, type Language, type StringTables } from '../i18n/translate';
import type { ProtocolMap } from '../messaging/protocol';
import type { Result } from '../messaging/result';
import type { PriceTrackingView } from '../price-tracking/view';
import type { ProductCandidate } from '../read-product';
import type { PageArrival, PageSettings, ProductPageView } from './page-view';
import type { MountedPanel, OverlayPanel } from './panel-api';
import { attachShadowHost, type ShadowHost } from './shadow-host';

/** Failures are said by the content script (the panel shows its sentences), so it carries the error table. */
const ERROR_STRINGS: StringTables = { en: errorStrings.en, zh: errorStrings.zh };

/*
 * Everything a product page does, apart from reading the page (watchProduct) and the wiring to the
 * browser (entrypoints/product-page.ts): one request to the background when a product is shown, the
 * launcher, the panel, the actions, and the background's pushes. Unit tests drive it with a fake
 * backend (tests/unit/overlay/product-page-controller.test.ts).
 */

/** The actions a product page sends; each answers with the page's new view. */
export type PageActionName = 'saveProduct' | 'unsaveProduct' | 'addProductToCart' | 'followFromPage' | 'saveOwnPickOnPage' | 'deleteOwnPickOnPage' | 'collapseOverlay' | 'hideOverlayOnStore';
export type PageActionData<M extends PageActionName> = Parameters<ProtocolMap[M]>[0];

export interface ProductPageBackend {
  open: (product: ProductCandidate, arrival: PageArrival) => Promise<Result<ProductPageView>>;
  close: () => Promise<unknown>;
  act: <M extends PageActionName>(name: M, data: PageActionData<M>) => Promise<Result<ProductPageView>>;
  /** The panel's script, added to the page the first time it is opened. */
  loadPanel: () => Promise<Result<OverlayPanel>>;
  /** Haowu's own page; at one expert of this page's picks when `at` names one (the background checks it). */
  openHaowuTab: (at?: { productKey: string; expertId: string }) => Promise<Result<unknown>>;
  /** The price history of this page's product, for the panel (issue 17). */
  priceHistory?: (productKey: string) => Promise<Result<PriceTrackingView>>;
}

/** How the product now read came to be shown: the page's load, the shopper's navigation, or the page by itself. */
export type Arrival = PageArrival | 'page';

export interface ControllerOptions {
  document: Document;
  backend: ProductPageBackend;
  /** The launcher's stylesheet, put in the shadow root. */
  css: string;
  languages: () => readonly string[];
  /** Which events may act: the shopper's own (`isTrusted`) by default. */
  accept?: (event: Event) => boolean;
  /** Runs `callback` in the task after the next frame (the launcher or panel then painted). */
  afterPaint?: (callback: () => void) => void;
  /**
   * The launcher's settings known without the background (launcher-hint.ts), or null when the user
   * does not want Haowu on this store: with them the launcher paints at once, without its count and
   * saved state, which fill in when the background answers. Without it the launcher waits for the answer.
   */
  hint?: (candidate: ProductCandidate) => Promise<PageSettings | null>;
  /**
   * Whether the background is expected to take this product (early-launcher.ts): the launcher is drawn
   * from the hint only then, so a page the background refuses never shows one for a moment.
   */
  expectAccepted?: (candidate: ProductCandidate) => boolean;
  /**
   * Called once, just before the background is first asked about a product (after the early launcher
   * painted, or at once when nothing was drawn first): the content script starts listening for the
   * background's messages then, as the background can only push to a tab that asked. Registering the
   * listener touches the runtime API for the first time in this world (1-2.5 ms, issue 19), which no
   * longer delays the launcher's first frame.
   */
  beforeAsking?: () => void;
  /** Benchmark marks (a no-op outside the bench build). */
  mark?: (name: string) => void;
  log?: Pick<Console, 'info' | 'warn'>;
}

export interface ProductPageController {
  /** The product the page shows now, as read (null: not a product page), and how it came to show it. */
  show: (candidate: ProductCandidate | null, arrival: Arrival) => Promise<void>;
  /** The background's push: this page's view after a change made elsewhere; false when this page does not show that product. */
  pushed: (view: ProductPageView) => boolean;
  /** The keyboard command: open or close the panel. */
  togglePanel: () => Promise<void>;
  /** The context menu's Recommend (expert mode): open the panel on the Recommend form. */
  openRecommendForm: () => Promise<void>;
  stop: () => void;
}

/** How long the request waits for the early launcher's frame at most. */
const PAINT_WAIT_MS = 100;

const DEFAULT_SETTINGS: PageSettings = { language: 'auto', theme: 'auto', expertMode: false, overlayCollapsed: false };

export function createProductPageController(options: ControllerOptions): ProductPageController {
  const { document, backend, css, languages, log = console, mark = () => {} } = options;
  const accept = options.accept ?? ((event: Event) => event.isTrusted);
  const afterPaint = options.afterPaint ?? ((callback) => requestAnimationFrame(() => setTimeout(callback)));

  /** What the page shows now, as read. */
  let candidate: ProductCandidate | null = null;
  /** The background's view of the product shown, once it answered. */
  let view: ProductPageView | null = null;
  /** How the shown product arrived; a re-read of the same product (a late price) keeps it. */
  let arrival: PageArrival = 'load';
  /** The key of a product the page moved to by itself: shown only when the shopper asks. */
  let pendingKey: string | null = null;
  /** The key of the product whose launcher is drawn from the hint while its first answer is awaited. */
  let provisionalKey: string | null = null;
  /** The open() whose answer is awaited, if any: a click on a provisional launcher waits for it. */
  let answer: Promise<boolean> | null = null;
  /** The candidate last sent to the background, to skip re-reads that changed nothing. */
  let sentSignature = '';
  /** Each show() and open() takes a number; an answer to an older one is dropped. */
  let generation = 0;
  let settings: PageSettings = DEFAULT_SETTINGS;
  let error: string | null = null;
  let host: ShadowHost | null = null;
  let root: HTMLElement | null = null;
  let launcher: Launcher | null = null;
  let panel: { container: HTMLElement; mounted: MountedPanel } | null = null;
  let launcherPainted = false;
  let launcherFilled = false;
  let opening = false;
  let stopped = false;
  /**
   * The panel's script being added to the page (backend.loadPanel), started by the click or, earlier,
   * by the shopper's pointer or focus on the launcher; forgotten when it failed, so a click asks again.
   */
  let panelLoad: Promise<Result<OverlayPanel>> | null = null;

  const language = (): Language => resolveLanguage(settings.language, languages());
  const text = (key: Parameters<typeof launcherText>[1], params?: Record<string, string | number>) => launcherText(language(), key, params);
  /** What to tell the shopper of a failure, in their language (the error table is the content script's, not the panel's). */
  const sentence = (failure: ErrorInfo): string => describeError((key, params) => translate(ERROR_STRINGS, language(), key, params), failure);

  const removeUi = () => {
    closePanel(false);
    host?.remove();
    host = null;
    root = null;
    launcher = null;
  };

  const ensureUi = () => {
    if (host) return;
    host = attachShadowHost(document, css);
    root = document.createElement('div');
    launcher = createLauncher(document, { open: () => void openPanel(), toggleSaved: () => launcherSave(), prefetch: prefetchPanel, accept });
    root.append(launcher.element);
    host.container.append(root);
    if (!launcherPainted) {
      launcherPainted = true;
      afterPaint(() => mark('haowu:launcher-painted'));
    }
  };

  /** Draws the launcher and root from the state; `panel: false` leaves a panel just mounted with the same props alone. */
  const draw = ({ panel: updatePanel = true } = {}) => {
    if (stopped) return;
    const shownView = view?.shown ? view : null;
    if (!shownView && pendingKey === null && provisionalKey === null) return removeUi();
    ensureUi();
    root!.className = `hw-root${settings.overlayCollapsed ? ' hw-root--collapsed' : ''}`;
    root!.dataset.productKey = shownView?.product.key ?? '';
    if (settings.theme === 'auto') delete root!.dataset.theme;
    else root!.dataset.theme = settings.theme;
    // The interface's language, not the page's: a Chinese interface on an English store is read out in
    // Chinese and drawn in the system's simplified Chinese font (no CJK font is named, style.css).
    root!.lang = languageTag(language());
    launcher!.update({
      language: language(),
      pending: pendingKey !== null,
      count: shownView ? shownView.picks.length : null,
      saved: shownView?.saved ?? false,
      collapsed: settings.overlayCollapsed,
      error,
    });
    if (panel && shownView) {
      if (updatePanel) panel.mounted.update(panelProps(shownView));
    } else if (panel) closePanel(false);
    if (shownView && !launcherFilled) {
      launcherFilled = true;
      afterPaint(() => mark('haowu:launcher-filled'));
    }
  };

  const applyView = (next: ProductPageView) => {
    view = next;
    settings = next.settings;
    draw();
  };

  const open = (product: ProductCandidate, how: PageArrival): Promise<boolean> => {
    const ticket = ++generation;
    sentSignature = JSON.stringify(product);
    // Nothing drawn yet for this page: the launcher is drawn from the hint first, for a product the
    // background is expected to take (any other waits for the answer), and the background is asked once
    // it painted: on a store's busy page the background's work, or waking its stopped service worker,
    // competed with the launcher's first frame for the machine (issue 19). The answer comes a frame later.
    const early = options.hint !== undefined && view === null && pendingKey === null && (options.expectAccepted?.(product) ?? true);
    const answered = early ? drawnFromHint(ticket, product).then((current) => (current ? answerOf(ticket, product, how) : false)) : answerOf(ticket, product, how);
    answer = answered;
    return answered;
  };

  /**
   * Draws the launcher from the hint and resolves once that painted (at once when there is nothing to
   * draw or the tab is in the background; after at most PAINT_WAIT_MS where no frame comes); false when
   * a newer show() or stop() made this one moot.
   */
  const drawnFromHint = async (ticket: number, product: ProductCandidate): Promise<boolean> => {
    let hinted: PageSettings | null = null;
    try {
      hinted = await options.hint!(product);
    } catch (failure) {
      log.warn('[haowu] could not read the settings:', failure);
    }
    if (ticket !== generation || stopped) return false;
    if (!hinted || view !== null || pendingKey !== null) return true;
    settings = hinted;
    provisionalKey = product.key;
    draw();
    // A page loading in a background tab paints nothing (and its timers are slowed): ask at once.
    if (document.visibilityState === 'hidden') return true;
    await new Promise<void>((resolve) => {
      afterPaint(resolve);
      setTimeout(resolve, PAINT_WAIT_MS);
    });
    return ticket === generation && !stopped;
  };

  let asked = false;
  const answerOf = async (ticket: number, product: ProductCandidate, how: PageArrival): Promise<boolean> => {
    if (!asked) {
      asked = true;
      options.beforeAsking?.();
    }
    const result = await backend.open(product, how);
    if (ticket !== generation || stopped) return false;
    answer = null;
    provisionalKey = null;
    if (!result.ok) {
      // A page whose data does not make a valid product, or that is not what its address says.
      log.info('[haowu] nothing shown on this page:', result.error.message);
      view = null;
      pendingKey = null;
      sentSignature = '';
      removeUi();
      return false;
    }
    arrival = how;
    pendingKey = null;
    applyView(result.value);
    return true;
  };

  const loadPanel = (): Promise<Result<OverlayPanel>> => {
    if (!panelLoad) {
      const loading = backend.loadPanel().then(
        (loaded) => {
          if (!loaded.ok && panelLoad === loading) panelLoad = null;
          return loaded;
        },
        (failure: unknown) => {
          if (panelLoad === loading) panelLoad = null;
          throw failure;
        },
      );
      panelLoad = loading;
    }
    return panelLoad;
  };

  /**
   * The shopper may be about to open the panel: its script starts loading now (one request, as the click's),
   * and when it came before the click, its styles go into the root then, not in the click's task.
   */
  const prefetchPanel = () => {
    if (stopped || panel || pendingKey !== null || (!view?.shown && provisionalKey === null)) return;
    void loadPanel().then(
      (loaded) => {
        if (loaded.ok && host && !panel && !opening) loaded.value.prepare(host.root);
      },
      () => {},
    );
  };

  const closePanel = (returnFocus: boolean) => {
    if (!panel) return;
    panel.mounted.unmount();
    panel.container.remove();
    panel = null;
    launcher?.setHidden(false);
    if (returnFocus) launcher?.focus();
  };

  /** The shopper asked to see a product the page moved to by itself. */
  const confirmPending = async (): Promise<boolean> => (candidate && pendingKey === candidate.key ? open(candidate, 'user') : false);

  /** Sends an action for the product on show, and shows the view it answers with. */
  const act = async <M extends PageActionName>(name: M, data: PageActionData<M>): Promise<string | null> => {
    const key = view?.product.key;
    if (!key) return null;
    let result = await backend.act(name, data);
    // The background forgot this page (restarted without its records): open it again, then retry once.
    if (!result.ok && result.error.code === 'stale-page' && candidate?.key === key && (await open(candidate, 'user'))) {
      result = await backend.act(name, data);
    }
    if (view?.product.key !== key) return null; // the page moved on meanwhile
    if (result.ok) {
      error = null;
      applyView(result.value);
      return null;
    }
    error = sentence(result.error);
    draw();
    return error;
  };

  const keyOf = () => view!.product.key;

  const panelActions: PanelActions = {
    save: async () => {
      // Saved "via" the first expert whose pick the shopper sees, for the Saved tab; informational only.
      const via = view?.picks.find((pick) => pick.expert.kind !== 'local')?.expert.id ?? null;
      await act('saveProduct', { productKey: keyOf(), viaExpertId: via });
    },
    unsave: async () => void (await act('unsaveProduct', { productKey: keyOf() })),
    addToCart: async (quantity, variant, recommendationId) => void (await act('addProductToCart', { productKey: keyOf(), quantity, variant, recommendationId })),
    setFollow: async (expertId, followed) => void (await act('followFromPage', { productKey: keyOf(), expertId, followed })),
    saveOwnPick: (fields, id) => act('saveOwnPickOnPage', { ...fields, id, productKey: keyOf() }),
    deleteOwnPick: async (id) => void (await act('deleteOwnPickOnPage', { productKey: keyOf(), id })),
    openHaowu: async () => {
      const result = await backend.openHaowuTab();
      error = result.ok ? null : sentence(result.error);
      draw();
    },
    openExpert: async (expertId) => {
      const result = await backend.openHaowuTab({ productKey: keyOf(), expertId });
      error = result.ok ? null : sentence(result.error);
      draw();
    },
    collapse: () => void act('collapseOverlay', { productKey: keyOf() }),
    loadPriceHistory: async () => {
      if (!backend.priceHistory || !view) return null;
      const result = await backend.priceHistory(keyOf());
      return result.ok ? result.value : null;
    },
    hideOnStore: () => void act('hideOverlayOnStore', { productKey: keyOf() }),
  };

  const panelProps = (shown: ProductPageView, startRecommending = false): OverlayAppProps => ({
    view: shown,
    language: language(),
    actions: panelActions,
    error,
    accept,
    startRecommending,
    onClose: () => closePanel(true),
    onDismissError: () => {
      error = null;
      draw();
    },
  });

  const launcherSave = async () => {
    if (!view?.shown) return;
    if (view.saved) await panelActions.unsave();
    else await panelActions.save();
  };

  const openPanel = async (startRecommending = false) => {
    if (opening || stopped) return;
    if (pendingKey !== null && !(await confirmPending())) return;
    // A launcher drawn from the hint: the panel opens on the background's answer.
    if (provisionalKey !== null && answer) await answer;
    if (!view?.shown || (panel && !startRecommending)) return;
    if (startRecommending && !view.settings.expertMode) return;
    opening = true;
    mark('haowu:panel-requested');
    try {
      const loaded = await loadPanel();
      if (!loaded.ok) {
        // 'not-found': the script was added but left no panel behind.
        error = text('launcher.failed', { message: loaded.error.code === 'not-found' ? text('launcher.panelDidNotStart') : sentence(loaded.error) });
        return draw();
      }
      if (!root || !launcher || !view?.shown) return; // the page moved on meanwhile
      closePanel(false);
      error = null;
      const container = document.createElement('div');
      root.append(container);
      launcher.setHidden(true);
      // Asked for before the panel renders: the mark is the first task after the frame that paints it,
      // ahead of the panel's own effects (focus, the rest of the panel), which Preact runs after that paint.
      afterPaint(() => mark('haowu:panel-painted'));
      panel = { container, mounted: loaded.value.mount(container, panelProps(view, startRecommending)) };
      // The panel was just rendered with these props: a second render now would run its effects
      // (focus, a forced layout) before its first paint.
      draw({ panel: false });
    } finally {
      opening = false;
    }
  };

  return {
    async show(next, how) {
      candidate = next;
      if (!next) {
        generation++;
        pendingKey = null;
        provisionalKey = null;
        sentSignature = '';
        if (view) {
          view = null;
          void backend.close();
        }
        return removeUi();
      }
      const shownKey = pendingKey ?? view?.product.key ?? provisionalKey;
      if (next.key === shownKey) {
        // The same product read again (a late price): the background hears of it only when it changed.
        if (pendingKey !== null || JSON.stringify(next) === sentSignature) return;
        await open(next, arrival);
        return;
      }
      if (how === 'page') {
        // Another product, and the shopper did nothing to get there: show nothing of it, record
        // nothing, until the shopper presses the launcher.
        generation++;
        if (view) void backend.close();
        view = null;
        sentSignature = '';
        provisionalKey = null;
        pendingKey = next.key;
        error = null;
        closePanel(false);
        return draw();
      }
      pendingKey = null;
      await open(next, how);
    },
    pushed(next) {
      if (!view || next.product.key !== view.product.key || stopped) return false;
      applyView(next);
      return true;
    },
    async togglePanel() {
      if (panel) closePanel(true);
      else await openPanel();
    },
    openRecommendForm: () => openPanel(true),
    stop() {
      stopped = true;
      generation++;
      removeUi();
    },
  };
}
