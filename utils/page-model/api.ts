import type { PageFields, ReadResult, UrlMatch } from '../stores/store';

/*
 * How the content script and the page model meet. The model is a separate script (entrypoints/page-model.ts)
 * that the background injects into the page's isolated world only on an opt-in store the user enabled
 * (loadPageModel); it leaves its entry point on the isolated world's global object, which the page cannot
 * see. This module carries no model code: the content script (and other-site.ts, which it bundles) must
 * stay small. The model keeps its own reading per page and address (page-fields.ts): calling it again
 * for the same page costs nothing.
 */

/** The model's script in the built extension (an unlisted WXT script). */
export const PAGE_MODEL_SCRIPT = '/page-model.js';
const MODEL_GLOBAL = '__haowuPageModel';

/**
 * Reads an other store's page. With `structured` (what its JSON-LD, microdata or OpenGraph say, as
 * other-site.ts read them), the fields where the page visibly shows another title or price are replaced
 * (utils/page-model/reconcile.ts); with null, the model alone says what product the page shows, or why none.
 */
export type PageModel = (document: Document, url: URL, match: UrlMatch, structured: PageFields | null) => ReadResult;

type WithModel = { [MODEL_GLOBAL]?: PageModel };

/** The model once its script ran in this world (or a test or tool provided it); undefined before. */
export const loadedPageModel = (): PageModel | undefined => (globalThis as WithModel)[MODEL_GLOBAL];

/** Installs the model (its script does, when the background injects it); undefined removes it (tests and tools: structured data alone). */
export function providePageModel(model: PageModel | undefined): void {
  (globalThis as WithModel)[MODEL_GLOBAL] = model;
}

export type { PageFields };
