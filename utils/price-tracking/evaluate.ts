import type { DetectedProduct, Price } from '../product';

/*
 * What one background check found, and what Haowu does with it (issue 17). Pure.
 */

/** What the fetch and the store reader gave. */
export type CheckReading =
  | { kind: 'product'; product: DetectedProduct }
  /** Served a page, but no product or no price could be read from it (a changed layout, another page). */
  | { kind: 'unreadable'; reason: string }
  /** A login or verification page (or a redirect to one). */
  | { kind: 'blocked' }
  /** Network error, timeout, too large, or an HTTP error status. */
  | { kind: 'error'; status: number | null };

/** How a check ended, stored per product and shown in the UI. */
export type CheckOutcome = 'ok' | 'no-price' | 'blocked' | 'error' | 'suspect' | 'currency-changed' | 'no-access';

/** A change this many times up or down is held as suspect until a second check sees it again. */
export const SUSPECT_FACTOR = 100;

export interface CheckDecision {
  outcome: CheckOutcome;
  /** The price to record (a point when it differs from the last), or null: record nothing, keep the old price. */
  record: Price | null;
  /** Whether the price may be compared with the last one (same currency, not a suspect jump). */
  comparable: boolean;
  /** The price held as suspect after this check (null: none). */
  suspect: Price | null;
}

const samePrice = (a: Price | null, b: Price | null) =>
  a === b || (a !== null && b !== null && a.currency === b.currency && a.minMinor === b.minMinor && a.maxMinor === b.maxMinor);

/** A change of SUSPECT_FACTOR or more between two prices in one currency (a zero price counts as absurd too). */
export function isAbsurdJump(before: Price, after: Price): boolean {
  if (before.currency !== after.currency) return false;
  const a = before.minMinor;
  const b = after.minMinor;
  if (a === 0 || b === 0) return a !== b;
  return b >= a * SUSPECT_FACTOR || a >= b * SUSPECT_FACTOR;
}

/**
 * Decides what a reading means for a product whose last price was `last`, with `suspect` the price a
 * previous check held back. Never records a missing price (a check that reads none keeps the old one).
 */
export function decideCheck(reading: CheckReading, expectedKey: string, last: Price | null, suspect: Price | null): CheckDecision {
  const nothing = (outcome: CheckOutcome): CheckDecision => ({ outcome, record: null, comparable: false, suspect });
  if (reading.kind === 'blocked') return nothing('blocked');
  if (reading.kind === 'error') return nothing('error');
  if (reading.kind === 'unreadable') return nothing('no-price');
  const { product } = reading;
  // A redirect to another product, or a page without a price: the old price stays.
  if (product.key !== expectedKey || !product.price) return nothing('no-price');
  const price = product.price;
  if (!last) return { outcome: 'ok', record: price, comparable: false, suspect: null };
  if (last.currency !== price.currency) return { outcome: 'currency-changed', record: price, comparable: false, suspect: null };
  if (isAbsurdJump(last, price)) {
    // Seen twice in a row: the store really says so.
    if (samePrice(suspect, price)) return { outcome: 'ok', record: price, comparable: true, suspect: null };
    return { outcome: 'suspect', record: null, comparable: false, suspect: price };
  }
  return { outcome: 'ok', record: price, comparable: true, suspect: null };
}

/** The markers of a login or verification page in a served page or its final address. */
const BLOCKED_URL = /\/(ap\/signin|errors\/validatecaptcha|login|signin|sign-in|captcha|verify|punish)\b/i;
const BLOCKED_PAGE = /validateCaptcha|captcha|robot check|id="nc_\d|\/ap\/signin|type=["']?password/i;

/**
 * Whether the store answered with a login or verification page instead of the product. Asked only
 * when no priced product could be read from the page (a product page may mention a captcha in a script).
 */
export function looksBlocked(finalUrl: string, requestedUrl: string, html: string, status: number): boolean {
  if (status === 401 || status === 403) return true;
  if (finalUrl !== requestedUrl && URL.canParse(finalUrl) && BLOCKED_URL.test(new URL(finalUrl).pathname)) return true;
  return BLOCKED_PAGE.test(html.slice(0, 50_000));
}
