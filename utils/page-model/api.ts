import type { PageFields, ReadResult, UrlMatch } from '../stores/store';

/*
 * How the content script and the page model meet. The model is a separate script (entrypoints/page-model.ts)
 * that the background injects into the page's isolated world only on an opt-in store the user enabled,
 * and only when the page's structured data gave no product (loadPageModel); it leaves its entry point on
 * the isolated world's global object, which the page cannot see. This module carries no model code:
 * the content script (and other-site.ts, which it bundles) must stay small.
 */

/** The model's script in the built extension (an unlisted WXT script). */
export const PAGE_MODEL_SCRIPT = '/page-model.js';
const MODEL_GLOBAL = '__haowuPageModel';

/** Reads an other store's page without structured data: its product's fields, or why there is none. */
export type PageModel = (document: Document, url: URL, match: UrlMatch) => ReadResult;

type WithModel = { [MODEL_GLOBAL]?: PageModel };

/** The model once its script ran in this world (or a test or tool provided it); undefined before. */
export const loadedPageModel = (): PageModel | undefined => (globalThis as WithModel)[MODEL_GLOBAL];

/**
 * Installs the model. Its answer is kept per document and address: the model runs once per page, and
 * again only after a navigation (the content script re-reads the page on every mutation while a price
 * may still arrive, and the structured readers are cheap; the model is not).
 */
export function providePageModel(model: PageModel): void {
  const answers = new WeakMap<Document, { href: string; result: ReadResult }>();
  (globalThis as WithModel)[MODEL_GLOBAL] = (document, url, match) => {
    const kept = answers.get(document);
    if (kept?.href === url.href) return kept.result;
    const result = model(document, url, match);
    answers.set(document, { href: url.href, result });
    return result;
  };
}

export type { PageFields };
