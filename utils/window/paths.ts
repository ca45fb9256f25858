import type { WindowPick } from './picks';

/*
 * Where things are in a window. Paths are built from slugs (slug.ts) only, so every one is safe as a
 * URL path, a fragment and a file name.
 */

export const INDEX_PATH = 'index.html';
/** The full list of tags, when the navigation shows only the most used. */
export const ALL_TAGS_PATH = 'tags.html';

/**
 * Picks on one page of a list (the home page, a store's, a tag's): the rest are on numbered pages
 * after it, so no page grows with the window, and an edit rebuilds one page of each list it is on.
 */
export const PICKS_PER_PAGE = 50;

/**
 * Page `page` (from 1) of the list whose first page is `path`: `index.html`, `index.2.html`,
 * `store/jd.3.html`. Slugs have no ".", so these never meet a store's or a tag's own first page.
 */
export const listPagePath = (path: string, page: number): string => (page === 1 ? path : path.replace(/\.html$/, `.${page}.html`));

/** A pick's anchor on the window's pages: `index.html#pick-<slug>` lands on it. */
export const pickAnchor = (pick: Pick<WindowPick, 'slug'>): string => `pick-${pick.slug}`;

/** A pick's own page, for link previews when one pick is shared. */
export const pickPagePath = (pick: Pick<WindowPick, 'slug'>): string => `p/${pick.slug}.html`;

export const storePagePath = (storeSlug: string): string => `store/${storeSlug}.html`;

export const tagPagePath = (tagSlug: string): string => `tag/${tagSlug}.html`;
