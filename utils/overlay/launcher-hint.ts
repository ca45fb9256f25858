import type { DetectedProduct } from '../product';
import type { Settings } from '../settings';
import type { PageSettings } from './page-view';
import { readStoredSettings, takeStartedSettingsRead, type StorageArea, type StoredSettingsRead } from './settings-preload';
import { overlayWanted } from './store-visibility';

/*
 * What the product page may draw before the background answers (issue 19): the launcher's settings,
 * read from the settings in browser.storage.local, which every content script can read anyway and
 * which the browser serves without waking the background's stopped service worker. The background's
 * answer (openProductPage) stays the authority: it validates the product, ties it to the page and
 * brings the picks, saved and cart state; until it comes the launcher shows no count and no saved
 * state, only that Haowu is there. Only the page's four settings are kept from the read.
 *
 * The read itself is begun as the page starts loading (settings-preload.ts). Read by hand, not with
 * the Settings schema (utils/settings.ts), and from the browser's own storage object: zod/mini, WXT's storage wrapper and the webextension polyfill would add 10 KB (gzipped) of
 * the content script's 30 KB budget. Each field falls back to its default as the
 * schema's `catch` does; a unit test holds the two to the same answers (tests/unit/overlay/launcher-hint.test.ts).
 */

type Visibility = Pick<Settings, 'stores' | 'amazonOptIn' | 'otherSitesOptIn' | 'hiddenStores'>;
type Product = Pick<DetectedProduct, 'platform' | 'storeDomain'>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const flag = (value: unknown, fallback: boolean): boolean => (typeof value === 'boolean' ? value : fallback);
const oneOf = <T extends string>(value: unknown, options: readonly T[], fallback: T): T => (options.includes(value as T) ? (value as T) : fallback);

/** The hint from the stored settings' raw value: null when the user does not want Haowu on this product's store. */
export function hintFromStored(raw: unknown, product: Product): PageSettings | null {
  const stored = isRecord(raw) ? raw : {};
  const stores = isRecord(stored.stores) ? stored.stores : {};
  const hidden = stored.hiddenStores;
  const visibility: Visibility = {
    // Only this product's store is asked; every partner store is on by default.
    stores: { [product.platform]: flag(stores[product.platform], true) } as Settings['stores'],
    amazonOptIn: flag(stored.amazonOptIn, false),
    otherSitesOptIn: flag(stored.otherSitesOptIn, false),
    hiddenStores: Array.isArray(hidden) && hidden.every((id) => typeof id === 'string') ? (hidden as string[]) : [],
  };
  if (!overlayWanted(visibility, product)) return null;
  return {
    language: oneOf(stored.language, ['auto', 'en', 'zh'], 'auto'),
    theme: oneOf(stored.theme, ['auto', 'light', 'dark'], 'auto'),
    expertMode: flag(stored.expertMode, false),
    overlayCollapsed: flag(stored.overlayCollapsed, false),
  };
}

/**
 * Answers, per product, the settings the launcher draws with before the background's answer, or null
 * when the user does not want Haowu on this product's store. The first product uses the read the
 * document_start script began as the page started loading (settings-preload.ts), or one started now
 * (the content script's first line, so it overlaps the page's detection) where that script did not run.
 */
export function launcherHints(area?: StorageArea, started: StoredSettingsRead | null = takeStartedSettingsRead()): (product: Product) => Promise<PageSettings | null> {
  // A read that fails gives no hint (the launcher then waits for the answer), never the defaults.
  const read = () => readStoredSettings(area);
  // A later product on the same page reads again (the user may have changed them).
  let first: StoredSettingsRead | null = started ?? read();
  return async (product) => {
    const stored = await (first ?? read());
    first = null;
    return stored ? hintFromStored(stored.raw, product) : null;
  };
}
