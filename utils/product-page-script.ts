/**
 * The product page's content script in the built extension (entrypoints/product-page, an unlisted
 * script): declared for the partner stores in the manifest (wxt.config.ts) and registered at run time
 * on the opt-in stores (utils/background/opt-in-content-scripts.ts).
 */
export const PRODUCT_PAGE_SCRIPT = 'product-page.js';

/**
 * The script that only begins reading the stored settings at document_start on the same partner-store
 * pages (entrypoints/product-page-settings, utils/overlay/settings-preload.ts; issue 19).
 */
export const PRODUCT_PAGE_SETTINGS_SCRIPT = 'product-page-settings.js';
