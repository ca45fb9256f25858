import type { HaowuDb } from '../db/open';
import type { ProductRecord, SavedRecord } from '../db/schema';
import type { Price } from '../product';
import { decideAlert, type PriceAlert } from './alert-rules';
import { checkableInBackground } from './checkable';
import { scheduleOf, type CheckState, type ProductCheck } from './check-state';
import { decideCheck, looksBlocked, type CheckOutcome, type CheckReading } from './evaluate';
import { decodeServedPage } from './page-charset';
import { recordCheckedPrice } from './record';
import { HOUR, blocked, failed, mayRequest, requested, succeeded } from './scheduler';
import { MAX_PAGE_BYTES } from './served-page';
import type { Detection } from '../detect-product';

/*
 * One round of background price checks (issue 17): which saved items and cart lines are due, one
 * request per store per round within its schedule (scheduler.ts), the page fetched without cookies,
 * read with the page's own store readers, the price recorded or held back (evaluate.ts), alerts
 * decided (alert-rules.ts). Everything the browser does comes in through `deps`, for tests.
 */

/** A product is checked again when its last check is at least this old. */
export const CHECK_EVERY = 12 * HOUR;
/** A fetch gives up after this long. */
export const FETCH_TIMEOUT_MS = 15_000;

export interface CheckDeps {
  db: () => Promise<HaowuDb>;
  now: () => number;
  random: () => number;
  fetch: typeof fetch;
  /** Whether Haowu may read this origin (`https://host/*`): the store's host permission. */
  canRead: (originPattern: string) => Promise<boolean>;
  /** Reads the product from served HTML (DOMParser here or the offscreen document). */
  readPage: (html: string, url: string) => Promise<Detection>;
  /** Tells the user (notification, badge). */
  alert: (product: ProductRecord, alert: PriceAlert) => Promise<void>;
}

export interface CheckResult {
  productKey: string;
  store: string;
  outcome: CheckOutcome;
  alerted: boolean;
}

/** The products a round may check: saved items and cart lines of stores whose served pages state the price. */
async function candidates(db: HaowuDb): Promise<{ product: ProductRecord; saved: SavedRecord | null }[]> {
  const [saved, cart] = await Promise.all([db.getAll('saved'), db.getAllKeys('cart')]);
  const savedByKey = new Map(saved.map((item) => [item.productKey, item]));
  const keys = new Set([...saved.map((item) => item.productKey), ...cart.map((key) => key[0])]);
  const products = await Promise.all([...keys].map((key) => db.get('products', key)));
  return products
    .filter((product): product is ProductRecord => product !== undefined && checkableInBackground(product.platform))
    .map((product) => ({ product, saved: savedByKey.get(product.key) ?? null }));
}

/**
 * Reads a response's body up to MAX_PAGE_BYTES, as text in the page's own charset (its Content-Type's,
 * else its `<meta>`'s: page-charset.ts), not always UTF-8 as `response.text()` would; null when larger.
 */
async function boundedText(response: Response): Promise<string | null> {
  const length = Number(response.headers.get('content-length'));
  if (Number.isFinite(length) && length > MAX_PAGE_BYTES) return null;
  const bytes = new Uint8Array(await response.arrayBuffer());
  return bytes.byteLength > MAX_PAGE_BYTES ? null : decodeServedPage(bytes, response.headers.get('content-type'));
}

/** Fetches the product's canonical page with no cookies and reads it. */
export async function readProductPage(url: string, deps: Pick<CheckDeps, 'fetch' | 'readPage'>): Promise<CheckReading> {
  let response: Response;
  try {
    // No cookies or other credentials: the store sees an anonymous visitor, never the user's account.
    response = await deps.fetch(url, { credentials: 'omit', redirect: 'follow', cache: 'no-store', headers: { accept: 'text/html' }, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  } catch {
    return { kind: 'error', status: null };
  }
  if (response.status === 401 || response.status === 403) return { kind: 'blocked' };
  if (!response.ok) return { kind: 'error', status: response.status };
  let html: string | null;
  try {
    html = await boundedText(response);
  } catch {
    return { kind: 'error', status: null };
  }
  if (html === null) return { kind: 'error', status: response.status };
  const finalUrl = response.url || url;
  const detection = await deps.readPage(html, finalUrl.startsWith('https:') ? finalUrl : url);
  if (detection.product?.price) return { kind: 'product', product: detection.product };
  if (looksBlocked(finalUrl, url, html, response.status)) return { kind: 'blocked' };
  return detection.product ? { kind: 'product', product: detection.product } : { kind: 'unreadable', reason: detection.reason };
}

const originPattern = (url: string) => `${new URL(url).origin}/*`;

/** Checks one product and updates `state` (its store's schedule, its own check) in place. */
async function checkOne(deps: CheckDeps, state: CheckState, product: ProductRecord, saved: SavedRecord | null): Promise<CheckResult> {
  const store = product.storeDomain;
  const previous = state.products[product.key];
  const now = deps.now();
  const result = (outcome: CheckOutcome, alerted = false): CheckResult => ({ productKey: product.key, store, outcome, alerted });
  if (!(await deps.canRead(originPattern(product.canonicalUrl)))) {
    state.products[product.key] = { ...previous, lastCheckAt: now, outcome: 'no-access' };
    return result('no-access');
  }
  state.stores[store] = requested(scheduleOf(state, store), now, deps.random());
  const reading = await readProductPage(product.canonicalUrl, deps);
  const decision = decideCheck(reading, product.key, product.lastPrice, previous?.suspect ?? null);
  const schedule = state.stores[store];
  state.stores[store] = decision.outcome === 'blocked' ? blocked(schedule, now) : decision.outcome === 'error' ? failed(schedule, now, deps.random()) : succeeded(schedule);
  const check: ProductCheck = { lastCheckAt: now, outcome: decision.outcome, suspect: decision.suspect };
  state.products[product.key] = check;
  if (!decision.record) return result(decision.outcome);
  const written = await recordCheckedPrice(await deps.db(), product.key, decision.record, now);
  if (!written || !decision.comparable) return result(decision.outcome);
  const alert = decideAlert(saved?.priceAlert, written.before.lastPrice, decision.record, state.alerted[product.key] ?? null);
  if (!alert) return result(decision.outcome);
  state.alerted[product.key] = decision.record;
  await deps.alert(written.after, alert).catch((error: unknown) => console.warn('[haowu] could not show a price alert', error));
  return result(decision.outcome, true);
}

/** Whether a product's last check is old enough (or it was never checked). */
const isDue = (check: ProductCheck | undefined, now: number) => !check || now - check.lastCheckAt >= CHECK_EVERY;

/**
 * One round: for each store that may be asked now, its most overdue product. Stores are asked in
 * parallel (different hosts), each at most once per round. `state` is updated in place.
 */
export async function runCheckRound(deps: CheckDeps, state: CheckState): Promise<CheckResult[]> {
  const now = deps.now();
  const byStore = new Map<string, { product: ProductRecord; saved: SavedRecord | null }[]>();
  const all = await candidates(await deps.db());
  // Products no longer saved or in the cart leave the state with their last check.
  pruneState(state, new Set(all.map((entry) => entry.product.key)));
  for (const entry of all) {
    if (!isDue(state.products[entry.product.key], now)) continue;
    const store = entry.product.storeDomain;
    byStore.set(store, [...(byStore.get(store) ?? []), entry]);
  }
  const jobs: Promise<CheckResult>[] = [];
  for (const [store, entries] of byStore) {
    if (!mayRequest(scheduleOf(state, store), now)) continue;
    const next = entries.sort((a, b) => (state.products[a.product.key]?.lastCheckAt ?? 0) - (state.products[b.product.key]?.lastCheckAt ?? 0))[0];
    if (next) jobs.push(checkOne(deps, state, next.product, next.saved));
  }
  return Promise.all(jobs);
}

/** Drops the check state of products no longer saved or in the cart (each round, before it checks). */
export function pruneState(state: CheckState, keep: ReadonlySet<string>): void {
  for (const key of Object.keys(state.products)) if (!keep.has(key)) delete state.products[key];
  for (const key of Object.keys(state.alerted)) if (!keep.has(key)) delete state.alerted[key];
}

export type { Price };
