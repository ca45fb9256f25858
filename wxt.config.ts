import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { AMAZON_ORIGINS } from './utils/stores/amazon-storefronts';
import { PRODUCT_PAGE_SCRIPT, PRODUCT_PAGE_SETTINGS_SCRIPT } from './utils/product-page-script';
import { partnerStoreMatchPatterns } from './utils/stores/partner-hosts';

// Opt-in hosts are asked for at the moment the user turns a feature on (settings, following a feed).

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports everywhere: a reader can follow every name to its module.
  imports: false,
  vite: () => ({
    plugins: [preact()],
    build: {
      // Every browser Haowu supports knows <link rel="modulepreload">: no polyfill file on every page.
      modulePreload: { polyfill: false },
      // The modules every extension page loads at start (Preact, the messenger, the strings, the popup's
      // app) in one file instead of seven: each file an extension page loads costs its renderer a few
      // tasks, and under load each waits for the processor (issue 19, the popup's first rows). Modules
      // that only some pages or lazy parts use keep their own chunks; WXT's plugin module stays apart,
      // so the price reader's page does not load this one.
      rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'shared', tags: ['$initial'], minShareCount: 4, test: (id: string) => !id.includes('virtual:wxt') }] } } },
    },
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // contextMenus: expert mode's "Recommend this product" on partner-store pages (README, Permissions).
    // scripting: registering the content script on opt-in stores (Chrome; Firefox MV2 uses contentScripts).
    // alarms: refreshing followed feeds on a schedule (README, Following).
    // unlimitedStorage: the database holds what the user saved and exists nowhere else; this keeps the
    // browser from evicting it under disk pressure (Chrome's service worker cannot call persist()).
    // activeTab: when the toolbar button opens the popup, reading that one tab's discovery links (an
    // expert's window announcing their feed, README "Following from an expert's window"). No install warning.
    // offscreen (Chrome only, no install warning): background price checks parse a served product page with
    // the browser's DOMParser in an offscreen document; the service worker has none (issue 17).
    permissions: ['storage', 'unlimitedStorage', 'contextMenus', 'alarms', 'activeTab', ...(browser === 'firefox' ? [] : ['scripting', 'offscreen'])],
    // The partner stores the content script runs on (the same hosts, so no further install warning):
    // injecting the overlay's panel script there when the shopper opens it needs host access.
    host_permissions: partnerStoreMatchPatterns(),
    commands: {
      // Changeable by the user (chrome://extensions/shortcuts, about:addons).
      'toggle-overlay': { suggested_key: { default: 'Alt+Shift+H' }, description: '__MSG_commandToggleOverlay__' },
    },
    ...(browser === 'firefox'
      ? {
          // notifications: price alerts, asked when the user first sets one (issue 17).
          optional_permissions: [...AMAZON_ORIGINS, 'https://*/*', 'notifications'],
          browser_specific_settings: {
            gecko: {
              id: 'haowu@haowu.app',
              strict_min_version: '140.0',
              // Haowu collects nothing: all data stays on the device.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : { optional_host_permissions: [...AMAZON_ORIGINS, 'https://*/*'], optional_permissions: ['notifications'] }),
  }),
  hooks: {
    'build:manifestGenerated': (_wxt, manifest) => {
      // The product page script is a plain (unlisted) script declared here, not a WXT content script:
      // WXT's content-script context talks to the page (postMessage, DOM events) and can be stopped
      // by it (entrypoints/product-page/index.ts). It runs on the partner stores' product hosts only.
      if (manifest.content_scripts?.length) throw new Error('declare content scripts here, not with defineContentScript');
      // Before it, at document_start, a script that only begins reading the stored settings, so the
      // launcher paints as soon as the product is read (utils/overlay/settings-preload.ts, issue 19).
      manifest.content_scripts = [
        { matches: partnerStoreMatchPatterns(), js: [PRODUCT_PAGE_SETTINGS_SCRIPT], run_at: 'document_start' },
        { matches: partnerStoreMatchPatterns(), js: [PRODUCT_PAGE_SCRIPT], run_at: 'document_idle' },
      ];
    },
  },
});
