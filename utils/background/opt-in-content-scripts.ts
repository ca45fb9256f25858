import { browser } from 'wxt/browser';
import { AMAZON_ORIGINS } from '../stores/amazon-storefronts';
import { PRODUCT_PAGE_SCRIPT } from '../product-page-script';
import { getSettings, type Settings } from '../settings';

const SCRIPT_ID = 'haowu-opt-in-stores';
const CONTENT_SCRIPT = PRODUCT_PAGE_SCRIPT;

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
let firefoxRegistration: { unregister: () => Promise<void> } | null = null;

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
  const scripting = (browser as { scripting?: typeof browser.scripting }).scripting;
  if (scripting?.registerContentScripts) {
    const existing = await scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
    if (existing.length) await scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
    if (matches.length) {
      await scripting.registerContentScripts([{ id: SCRIPT_ID, matches, js: [CONTENT_SCRIPT], runAt: 'document_idle', persistAcrossSessions: true }]);
    }
    return matches;
  }
  const contentScripts = (browser as { contentScripts?: { register: (options: object) => Promise<{ unregister: () => Promise<void> }> } }).contentScripts;
  if (!contentScripts) return [];
  await firefoxRegistration?.unregister();
  firefoxRegistration = matches.length ? await contentScripts.register({ matches, js: [{ file: CONTENT_SCRIPT }], runAt: 'document_idle' }) : null;
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
