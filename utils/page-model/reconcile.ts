import { cleanText } from '../page-text';
import type { Price } from '../product';
import type { PageFields, ReadResult } from '../stores/store';
import type { PriceCandidate } from './features';
import type { ModelTrace } from './model';
import { tokens } from './page-signals';

/*
 * An other store's structured data (JSON-LD, microdata, OpenGraph) and the page as shown, read by the
 * model, field by field (README, "When the structured data and the page disagree"). Stores often mark up
 * another title or price than they show: a name without the brand or the kind the heading shows, a list
 * price, a price without VAT, every variant's range. Where the two disagree in one of those ways, what the
 * page shows wins; otherwise, and for what the page shows nothing better of (the id, the address, the
 * picture, the shop), the structured data stays. The rules were read off the training pages' failures
 * (tests/fixtures/real-pages, split train), each has a hand-made test, and each is kept only while the
 * grouped cross-validation shows it reading right train sites it was not fitted on.
 */

/** Standard and reduced VAT rates in % (EU, UK, CH, NO, and elsewhere): a marked-up net price is the shown one divided by one of them. */
const VAT_RATES = [5, 6, 7, 7.7, 8, 8.1, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 25.5, 27];

const sameAmounts = (a: Price, b: Price): boolean => a.minMinor === b.minMinor && a.maxMinor === b.maxMinor;

/** A price candidate that says it is what the shopper pays here: this product's, not a list price, not per month or per unit. */
const payable = (candidate: PriceCandidate): boolean => {
  const f = candidate.features;
  return !f.inLink && !f.inChrome && !f.oldName && !f.oldWords && !f.pairedHigher && !f.perUnitWords;
};
const listPrice = (candidate: PriceCandidate): boolean => !candidate.features.inLink && !candidate.features.inChrome && Boolean(candidate.features.oldName || candidate.features.oldWords);

/** The net price of `gross` at some VAT rate is `net` (both single amounts, rounded to the minor unit as shops do). */
const netOf = (gross: Price, net: Price): boolean =>
  gross.minMinor === gross.maxMinor && net.minMinor === net.maxMinor && net.minMinor < gross.minMinor && VAT_RATES.some((rate) => Math.abs(gross.minMinor / (1 + rate / 100) - net.minMinor) <= 0.5 + 1e-9);

/**
 * The reconciliation's rules by name. The shipped reading applies them all; the trainer's cross-validation
 * (tests/tools/train-page-model.ts --cv --ablate) turns each off in turn to see whether it helps on
 * training sites it was not fitted on. Two earlier rules changed no train page out of fold and were
 * dropped (session 8): the page's currency sign over the markup's code for the same amount, and a markup
 * price the page shows only as a monthly rate.
 */
export const RECONCILE_RULES = ['noMarkedPrice', 'variantRange', 'listPrice', 'netOfVat', 'noMarkedTitle', 'headingExtends', 'markupExtends', 'spacing', 'shownRange', 'unpricedClaim'] as const;
export type ReconcileRule = (typeof RECONCILE_RULES)[number];
const ALL_ON: ReadonlySet<ReconcileRule> = new Set();

/** Whether the price the page shows replaces the marked-up one (each reason below), or the markup's stands. */
export function visiblePriceWins(marked: Price | null, trace: Pick<ModelTrace, 'price' | 'prices' | 'struckPrices'>, off = ALL_ON): boolean {
  const on = (rule: ReconcileRule) => !off.has(rule);
  const shown = trace.price;
  // A rate ("as low as $37 a month") or a price per unit is never the product's price, whatever the model chose.
  if (!shown || shown.features.perUnitWords) return false;
  // The markup states no price.
  if (!marked) return on('noMarkedPrice');
  if (sameAmounts(marked, shown.price)) return false;
  const asMarked = trace.prices.filter((candidate) => sameAmounts(candidate.price, marked));
  // The page also shows the marked-up amount as a price to pay: two prices, and the markup names one of them.
  if (asMarked.some(payable)) return false;
  return (
    // The markup's range over every variant; the page shows the price of the one on show.
    (on('variantRange') && marked.minMinor < marked.maxMinor && shown.price.minMinor === shown.price.maxMinor && shown.price.minMinor >= marked.minMinor && shown.price.minMinor <= marked.maxMinor) ||
    // The page shows a range over the variants; the markup names one end of it (often the lowest price alone).
    (on('shownRange') && marked.minMinor === marked.maxMinor && shown.price.minMinor < shown.price.maxMinor && (marked.minMinor === shown.price.minMinor || marked.minMinor === shown.price.maxMinor)) ||
    // The list price: struck through, or named as the old one.
    (on('listPrice') && (asMarked.some(listPrice) || trace.struckPrices().some((price) => sameAmounts(price, marked)))) ||
    // The price without VAT.
    (on('netOfVat') && netOf(shown.price, marked))
  );
}

/**
 * The heading the page shows, when it names the same product as the structured name: it extends it (the
 * brand, the kind, the colour the markup left out), or the markup extends the heading (a colour, a model
 * number, the store's name and a price in og:title) and the heading is at least half of it. Null when
 * the structured name stands: equal, unrelated, or a heading that holds a price or sits in a link.
 */
export function visibleTitle(marked: string | null, trace: Pick<ModelTrace, 'title' | 'reading'>, off = ALL_ON): string | null {
  const heading = trace.title;
  if (!heading || heading.features.hasMoney || heading.features.inLink) return null;
  const text = cleanText(heading.text, 500);
  if (!text) return null;
  // No structured name: the heading only when the model itself takes the page for one product's.
  if (!marked) return !off.has('noMarkedTitle') && trace.reading.product ? text : null;
  if (text === marked) return null;
  // The same letters, spaced as the page shows them: markup made from the page's text without the spaces
  // between its elements ("HEART CLUBHeart Button Knit Cardigan").
  const letters = (value: string) => tokens(value).join('');
  if (!off.has('spacing') && letters(text) === letters(marked)) return text;
  const shown = new Set(tokens(text));
  const named = new Set(tokens(marked));
  if (shown.size === 0 || named.size === 0) return null;
  const within = (a: Set<string>, b: Set<string>) => [...a].every((token) => b.has(token));
  if (!off.has('headingExtends') && within(named, shown)) return text;
  if (!off.has('markupExtends') && within(shown, named) && shown.size * 2 >= named.size) return text;
  return null;
}

/**
 * The structured fields with what the page visibly shows where the two disagree (the rules above); sources
 * say which won. Markup that names no price, on a page that shows none the model would take, offers no way
 * to buy (no buy control, no quantity box) and that the model does not take for one product's page, is only a
 * claim, not a product (then the model's reason is given): a review, a rating widget or an article's spec box
 * marked up as a Product. The page score alone leans on the price, so it cannot tell such a claim from a
 * product page that states no price; the way to buy can.
 */
export function reconcile(structured: PageFields, trace: ModelTrace, off = ALL_ON): ReadResult {
  if (!off.has('unpricedClaim') && !structured.price && !trace.price && !trace.buyable && trace.reading.notProduct) return { notProduct: trace.reading.notProduct };
  const sources = { ...structured.sources };
  const fields: PageFields = { ...structured, sources };
  const title = visibleTitle(structured.title, trace, off);
  if (title) {
    fields.title = title;
    sources.title = 'model';
  }
  if (visiblePriceWins(structured.price, trace, off)) {
    fields.price = trace.price!.price;
    sources.price = 'model';
    sources.currency = 'model';
  }
  // The picture: the markup's, else the model's (none when the page declares og:image, left to its reader).
  const image = trace.reading.product?.imageUrl;
  if (!structured.imageUrl && image) {
    fields.imageUrl = image;
    sources.image = 'model';
  }
  return fields;
}
