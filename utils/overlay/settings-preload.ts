/*
 * The stored settings, read as a store page starts loading (issue 19). The launcher is drawn from them
 * (launcher-hint.ts) before the background answers, and a read of storage.local is a round trip to the
 * browser that took longer than reading the product from the page: begun only at the product page
 * script's first line (document_idle), it made the launcher miss the frame a bare content script
 * paints in. So a second content script on the same pages, at document_start
 * (entrypoints/product-page-settings), only begins that read and leaves it in the content scripts'
 * isolated world, which the page cannot see; the product page script takes it when it starts. The
 * page sees nothing of it: no element, no event, no message, no timeline entry.
 *
 * Kept apart from launcher-hint.ts so the document_start script carries this and nothing else.
 */

/** settingsItem's key ('local:settings' in utils/settings.ts). */
export const SETTINGS_STORAGE_KEY = 'settings';

export interface StorageArea {
  get: (key: string) => Promise<Record<string, unknown>>;
}

/** The raw stored value, or null when the read failed (no hint then, never the defaults). */
export type StoredSettingsRead = Promise<{ raw: unknown } | null>;

const STARTED_READ_GLOBAL = '__haowuSettingsRead';
type WithStartedRead = { [STARTED_READ_GLOBAL]?: StoredSettingsRead };

/** storage.local as the browser gives it: Firefox's `browser` (promises), else Chromium's `chrome` (promises in MV3). */
export function localStorageArea(): StorageArea {
  const scope = globalThis as unknown as { browser?: { storage: { local: StorageArea } }; chrome: { storage: { local: StorageArea } } };
  return (scope.browser ?? scope.chrome).storage.local;
}

export const readStoredSettings = (area: StorageArea = localStorageArea()): StoredSettingsRead =>
  area.get(SETTINGS_STORAGE_KEY).then(
    (values) => ({ raw: values[SETTINGS_STORAGE_KEY] }),
    () => null,
  );

/** The document_start script: begins the read and leaves it for the product page script. */
export function startSettingsRead(area?: StorageArea): void {
  (globalThis as WithStartedRead)[STARTED_READ_GLOBAL] = readStoredSettings(area);
}

/** The read the document_start script began on this page, once (a later product reads again); null when none ran. */
export function takeStartedSettingsRead(): StoredSettingsRead | null {
  const scope = globalThis as WithStartedRead;
  const started = scope[STARTED_READ_GLOBAL] ?? null;
  delete scope[STARTED_READ_GLOBAL];
  return started;
}
