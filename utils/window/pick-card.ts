import { formatPrice } from '../format-price';
import type { Language } from '../i18n/translate';
import { formatDay, stars } from './format';
import { html, type Html } from './html';
import { fromPage, type PageLinks } from './page';
import { pickAnchor, pickPagePath } from './paths';
import type { WindowPick } from './picks';
import { storeLabel, windowHtml, windowText } from './text';

/*
 * One pick as a card. Text that came from the expert or a store is isolated for direction (<bdi>
 * inline, dir="auto" for paragraphs), so a right-to-left name cannot reorder the sentence around it.
 * The Buy link (the partner link) always sits beside the commission disclosure.
 *
 * The markup is lean on purpose: index.html lists every pick, and 1,000 picks must stay within
 * 250 KB gzipped (tests/unit/window/size.test.ts). Tags are plain text here (the navigation links
 * each tag's page), and the date is written once, as the <time> itself.
 */

export interface CardContext {
  language: Language;
  links: Pick<PageLinks, 'root'>;
  expertName: string;
  timeZone: string | undefined;
}

/** The day the expert recommended it (the day the price shown was read), as 2025-03-01 in both languages. */
function recommendedOn(pick: WindowPick, { language, timeZone }: CardContext): Html {
  const day = formatDay(pick.createdAt, language, timeZone);
  return windowHtml(language, 'window.pick.recommended', { date: html`<time>${day.iso}</time>` });
}

function summary(pick: WindowPick, { language }: CardContext): Html {
  const image = pick.imageUrl
    ? html`<img src="${pick.imageUrl}" alt="" width="88" height="88" loading="lazy" decoding="async">`
    : html`<span class="noimg"></span>`;
  const shop = pick.shopName ? html`<bdi>${pick.shopName}</bdi> · ` : null;
  const rating = html`<span class="stars" role="img" aria-label="${windowText(language, 'window.pick.rating', { rating: pick.rating })}">${stars(pick.rating)}</span>`;
  const price = pick.price ? html` <span class="sub">${windowText(language, 'window.pick.price', { price: formatPrice(pick.price, language) })}</span>` : null;
  return html`${image}<div><h3><bdi>${pick.title}</bdi></h3><p class="meta">${shop}${storeLabel(pick.store.key, language)}</p><p>${rating}${price}</p></div>`;
}

function details(pick: WindowPick, context: CardContext): Html {
  const { language, links } = context;
  const name = html`<bdi>${context.expertName}</bdi>`;
  const stock = pick.stockNote ? html`<p dir="auto">${windowHtml(language, 'window.pick.stock', { note: html`<bdi>${pick.stockNote}</bdi>` })}</p>` : null;
  const tags = pick.tags.length ? html`<p class="tags">${pick.tags.map((tag) => html`#<bdi>${tag.label}</bdi> `)}</p>` : null;
  const buy = pick.buyUrl
    ? html`<p><a class="buy" href="${pick.buyUrl}" rel="sponsored noreferrer">${windowHtml(language, 'window.pick.buy', { name })}</a><span class="disc">${windowHtml(language, 'window.pick.disclosure', { name })}</span></p>`
    : null;
  const productPage = pick.productUrl
    ? html`<a href="${pick.productUrl}" rel="noreferrer">${windowText(language, 'window.pick.storePage', { store: storeLabel(pick.store.key, language) })}</a> · `
    : null;
  const share = html`<a href="${fromPage(links, pickPagePath(pick))}">${windowText(language, 'window.pick.share')}</a>`;
  return html`<div class="more"><p class="reason" dir="auto">${pick.reason}</p>${stock}${tags}${buy}<p class="sub">${productPage}${share}</p><p class="date">${recommendedOn(pick, context)}</p></div>`;
}

export function pickCard(pick: WindowPick, context: CardContext): Html {
  return html`<article class="pick" id="${pickAnchor(pick)}">${summary(pick, context)}${details(pick, context)}</article>
`;
}
