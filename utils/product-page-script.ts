/**
 * The product page's content script in the built extension (entrypoints/product-page, an unlisted
 * script): declared for the partner stores in the manifest (wxt.config.ts) and registered at run time
 * on the opt-in stores (utils/background/opt-in-content-scripts.ts).
 */
export const PRODUCT_PAGE_SCRIPT = 'product-page.js';
