import type { Language } from '../i18n/translate';
import { html, type Html } from './html';
import { fromPage, type PageLinks } from './page';
import { listPagePath } from './paths';
import { windowText } from './text';

/*
 * The numbered pages of a list, as plain links (no JavaScript): newer and older, the first and the
 * last page, and the two on each side of this one, so every page is reachable from every other in a
 * few steps and the bar stays short however many pages there are.
 */

/** Page numbers to show, with null where some are left out. */
export function shownPages(page: number, pages: number): (number | null)[] {
  const shown: (number | null)[] = [];
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - page) <= 2) shown.push(n);
    else if (shown.at(-1) !== null) shown.push(null);
  }
  return shown;
}

export interface PagerInput {
  language: Language;
  links: Pick<PageLinks, 'root' | 'path'>;
  /** The list's first page: `index.html`, `store/jd.html`. */
  firstPath: string;
  page: number;
  pages: number;
}

/** The bar under a list of picks, or nothing when the list fits on one page. */
export function pager({ language, links, firstPath, page, pages }: PagerInput): Html | null {
  if (pages <= 1) return null;
  const to = (n: number) => fromPage(links, listPagePath(firstPath, n));
  const newer = page > 1 ? html`<li><a href="${to(page - 1)}" rel="prev">${windowText(language, 'window.pages.newer')}</a></li>` : null;
  const older = page < pages ? html`<li><a href="${to(page + 1)}" rel="next">${windowText(language, 'window.pages.older')}</a></li>` : null;
  const numbers = shownPages(page, pages).map((n) =>
    n === null ? html`<li aria-hidden="true">…</li>` : html`<li><a href="${to(n)}"${n === page ? html` aria-current="page"` : null}>${n}</a></li>`,
  );
  return html`<nav class="pager" aria-label="${windowText(language, 'window.pages.label')}"><ul>${newer}${numbers}${older}</ul></nav>`;
}
