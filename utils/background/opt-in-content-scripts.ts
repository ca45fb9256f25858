import { browser } from 'wxt/browser';
import { AMAZON_ORIGINS } from '../stores/amazon-storefronts';
import { PRODUCT_PAGE_SCRIPT, PRODUCT_PAGE_SETTINGS_SCRIPT } from '../product-page-script';
import { getSettings, type Settings } from '../settings';

export interface OptInRegistration {
  id: string;
  matches: string[];
  js: string[];
  runAt: 'document_start' | 'document_idle';
}

/**
 * The scripts registered on the opt-in stores, as the manifest declares them on the partner stores: the
 * settings read at document_start, so the launcher is drawn as soon as the product is read, then the
 * product page script. None when nothing matches.
 */
export function optInRegistrations(matches: string[]): OptInRegistration[] {
  if (!matches.length) return [];
  return [
    { id: SETTINGS_SCRIPT_ID, matches, js: [PRODUCT_PAGE_SETTINGS_SCRIPT], runAt: 'document_start' },
    { id: PRODUCT_PAGE_SCRIPT_ID, matches, js: [PRODUCT_PAGE_SCRIPT], runAt: 'document_idle' },
  ];
}
const SETTINGS_SCRIPT_ID = 'haowu-opt-in-stores-settings';
// The id the product page script was registered under before the settings script joined it.
const PRODUCT_PAGE_SCRIPT_ID = 'haowu-opt-in-stores';

/**
 * Where the content script runs beyond the partner stores: the Amazon stores when Amazon is on, and
 * each other store the user turned on, but only where the browser has actually granted access.
 */
export function optInMatches(settings: Settings, granted: readonly string[]): string[] {
  const allowed = new Set(granted);
  return [
    ...(settings.amazonOptIn ? AMAZON_ORIGINS : []),
    ...(settings.otherSitesOptIn ? settings.otherSiteOrigins : []),
  ].filter((origin) => allowed.has(origin));
}

/** Firefox (MV2) registers content scripts with contentScripts.register, for the background's lifetime. */
let firefoxRegistrations: { unregister: () => Promise<void> }[] = [];

let queue: Promise<unknown> = Promise.resolve();

/**
 * Registers (or removes) the content script on the opt-in hosts so it matches the settings now.
 * Calls run one after another: a permission grant and the settings change that follows it arrive
 * together, and overlapping unregister/register steps could otherwise leave the older one in place.
 */
export function syncOptInContentScripts(): Promise<string[]> {
  const run = queue.then(registerForCurrentSettings);
  queue = run.catch(() => undefined);
  return run;
}

async function registerForCurrentSettings(): Promise<string[]> {
  const [settings, permissions] = await Promise.all([getSettings(), browser.permissions.getAll()]);
  const matches = optInMatches(settings, permissions.origins ?? []);
  const registrations = optInRegistrations(matches);
  const scripting = (browser as { scripting?: typeof browser.scripting }).scripting;
  if (scripting?.registerContentScripts) {
    const existing = await scripting.getRegisteredContentScripts({ ids: [SETTINGS_SCRIPT_ID, PRODUCT_PAGE_SCRIPT_ID] });
    if (existing.length) await scripting.unregisterContentScripts({ ids: existing.map((script) => script.id) });
    if (registrations.length) await scripting.registerContentScripts(registrations.map((registration) => ({ ...registration, persistAcrossSessions: true })));
    return matches;
  }
  const contentScripts = (browser as { contentScripts?: { register: (options: object) => Promise<{ unregister: () => Promise<void> }> } }).contentScripts;
  if (!contentScripts) return [];
  await Promise.all(firefoxRegistrations.map((registration) => registration.unregister()));
  firefoxRegistrations = await Promise.all(
    registrations.map(({ matches, js, runAt }) => contentScripts.register({ matches, js: js.map((file) => ({ file })), runAt })),
  );
  return matches;
}

/** Keeps the registration in step with settings and with permissions granted or removed. */
export function keepOptInContentScriptsInSync(watch: (callback: () => void) => void): void {
  const sync = () => void syncOptInContentScripts().catch((error: unknown) => console.warn('[haowu] could not register opt-in store scripts', error));
  watch(sync);
  browser.permissions.onAdded.addListener(sync);
  browser.permissions.onRemoved.addListener(sync);
  sync();
}
