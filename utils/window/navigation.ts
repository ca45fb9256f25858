import type { Language } from '../i18n/translate';
import { html, type Html } from './html';
import { fromPage, type PageLinks } from './page';
import { ALL_TAGS_PATH, INDEX_PATH, storePagePath, tagPagePath } from './paths';
import type { Facet, WindowPick } from './picks';
import { storeLabel, windowText } from './text';

/*
 * Narrowing without JavaScript: each store and each tag has its own static page with only its picks,
 * and every page carries the same navigation (All, the stores, the tags, each with its count). Links
 * work everywhere a page opens, can be shared, and need nothing but the host.
 */

export interface FacetCount {
  facet: Facet;
  count: number;
}

/** The most tags the navigation lists on every page; past that, the rest are on `tags.html`. */
export const TAG_NAV_LIMIT = 30;

/** Facets by how many picks have them, most first, then by key (so the order is stable). */
export function countFacets(picks: readonly WindowPick[], facetsOf: (pick: WindowPick) => readonly Facet[]): FacetCount[] {
  const counts = new Map<string, FacetCount>();
  for (const pick of picks) {
    for (const facet of facetsOf(pick)) {
      const entry = counts.get(facet.key);
      if (entry) entry.count++;
      else counts.set(facet.key, { facet, count: 1 });
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || (a.facet.key < b.facet.key ? -1 : a.facet.key > b.facet.key ? 1 : 0));
}

export interface NavInput {
  language: Language;
  links: Pick<PageLinks, 'root' | 'path'>;
  /** The first page of the list this page is part of (`index.html` for `index.3.html`); defaults to the page itself. */
  list?: string;
  total: number;
  stores: readonly FacetCount[];
  tags: readonly FacetCount[];
}

function navLink(links: NavInput['links'], path: string, label: Html | string, count: number, list: string = links.path): Html {
  // A later page of the list is marked too: it is where the visitor is, though not the page it links to.
  const current = links.path === path ? html` aria-current="page"` : list === path ? html` aria-current="true"` : null;
  return html`<li><a href="${fromPage(links, path)}"${current}>${label}<b>${count}</b></a></li>`;
}

export function navigation({ language, links, list, total, stores, tags }: NavInput): Html {
  const shownTags = tags.slice(0, TAG_NAV_LIMIT);
  const allLink = navLink(links, INDEX_PATH, windowText(language, 'window.nav.all'), total, list);
  const storeList = stores.map(({ facet, count }) => navLink(links, storePagePath(facet.slug), storeLabel(facet.key, language), count, list));
  const tagList = shownTags.map(({ facet, count }) => navLink(links, tagPagePath(facet.slug), html`<bdi>${facet.label}</bdi>`, count, list));
  const moreTags =
    tags.length > shownTags.length
      ? html`<li><a href="${fromPage(links, ALL_TAGS_PATH)}"${links.path === ALL_TAGS_PATH ? html` aria-current="page"` : null}>${windowText(language, 'window.nav.allTags')}</a></li>`
      : null;
  return html`<nav aria-label="${windowText(language, 'window.nav.label')}"><ul>${allLink}</ul>${
    storeList.length ? html`<p class="nl">${windowText(language, 'window.nav.stores')}</p><ul>${storeList}</ul>` : null
  }${tagList.length ? html`<p class="nl">${windowText(language, 'window.nav.tags')}</p><ul>${tagList}${moreTags}</ul>` : null}</nav>`;
}

/** The full tag list for `tags.html`, when the navigation cannot show them all. */
export function allTagsList(links: Pick<PageLinks, 'root' | 'path'>, tags: readonly FacetCount[]): Html {
  return html`<ul class="chips">${tags.map(({ facet, count }) => navLink(links, tagPagePath(facet.slug), html`<bdi>${facet.label}</bdi>`, count))}</ul>`;
}
