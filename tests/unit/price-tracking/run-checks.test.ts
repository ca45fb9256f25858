import { beforeEach, describe, expect, it, vi } from 'vitest';
import { recordProductSeen } from '../../../utils/db/products';
import { saveProduct } from '../../../utils/db/saved';
import type { HaowuDb } from '../../../utils/db/open';
import type { AlertRule } from '../../../utils/price-tracking/alert-rules';
import { readCheckState, type CheckState } from '../../../utils/price-tracking/check-state';
import { CHECK_EVERY, runCheckRound, type CheckDeps } from '../../../utils/price-tracking/run-checks';
import { BLOCKED_PAUSE } from '../../../utils/price-tracking/scheduler';
import { readServedPage } from '../../../utils/price-tracking/served-page';
import { setPriceAlert } from '../../../utils/price-tracking/view';
import { detected, freshDb } from '../db/helpers';
import { KETTLE_URL, eur, kettle, kettlePage } from './kettle';

const URL_OF_PAGE = KETTLE_URL;
const pageWithPrice = kettlePage;

const T0 = Date.UTC(2026, 11, 1, 8);

describe('a round of background price checks', () => {
  let db: HaowuDb;
  let now: number;
  let served: { status: number; body: string; url?: string };
  let fetches: { url: string; init: RequestInit | undefined }[];
  let alerts: { key: string; percent: number }[];
  let state: CheckState;
  let deps: CheckDeps;

  beforeEach(async () => {
    db = await freshDb();
    now = T0;
    served = { status: 200, body: pageWithPrice('49.90') };
    fetches = [];
    alerts = [];
    state = readCheckState(undefined);
    deps = {
      db: async () => db,
      now: () => now,
      random: () => 0.5,
      fetch: vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
        fetches.push({ url: String(input), init });
        return Object.assign(new Response(served.body, { status: served.status }), {});
      }) as unknown as typeof fetch,
      canRead: async (origin) => origin === 'https://www.example-shop.de/*',
      readPage: async (html, url) => readServedPage(html, url),
      alert: async (product, alert) => void alerts.push({ key: product.key, percent: alert.percent }),
    };
    await recordProductSeen(db, kettle, T0 - 1000);
    await saveProduct(db, kettle.key, {}, T0 - 1000);
  });

  const setAlert = (rule: AlertRule) => setPriceAlert(db, kettle.key, rule, now);
  /** The next round, once the product is due again and its store may be asked. */
  const nextRound = async (price: string | null) => {
    served.body = pageWithPrice(price);
    now += CHECK_EVERY;
    return runCheckRound(deps, state);
  };

  it('fetches the canonical page without cookies and records a changed price as a check point', async () => {
    const [result] = await nextRound('44.90');
    expect(result).toMatchObject({ productKey: kettle.key, outcome: 'ok' });
    expect(fetches).toHaveLength(1);
    expect(fetches[0]!.url).toBe(URL_OF_PAGE);
    expect(fetches[0]!.init?.credentials).toBe('omit');
    const product = await db.get('products', kettle.key);
    expect(product?.lastPrice).toEqual(eur(4490));
    expect(product?.priceHistory.at(-1)).toEqual({ at: now, price: eur(4490), source: 'check' });
    expect(product?.priceHistory[0]?.source).toBe('visit');
  });

  it('alerts once per price: a price that comes back to the alerted value does not alert again', async () => {
    await setAlert({ kind: 'any' });
    await nextRound('44.90');
    expect(alerts).toEqual([{ key: kettle.key, percent: 10 }]);
    await nextRound('44.90');
    await nextRound('49.90');
    await nextRound('44.90');
    expect(alerts).toHaveLength(1);
    await nextRound('39.90');
    expect(alerts).toHaveLength(2);
  });

  it('never alerts without a rule, and respects "at least N %"', async () => {
    await nextRound('29.90');
    expect(alerts).toHaveLength(0);
    await setAlert({ kind: 'percent', percent: 20 });
    await nextRound('25.00');
    expect(alerts).toHaveLength(0);
    await nextRound('19.90');
    expect(alerts).toEqual([{ key: kettle.key, percent: 20 }]);
  });

  it('keeps the old price and marks the check when the page states none', async () => {
    const [result] = await nextRound(null);
    expect(result?.outcome).toBe('no-price');
    const product = await db.get('products', kettle.key);
    expect(product?.lastPrice).toEqual(eur(4990));
    expect(product?.priceHistory).toHaveLength(1);
    expect(state.products[kettle.key]?.outcome).toBe('no-price');
  });

  it('asks one store at most once a round and no more than its schedule allows', async () => {
    const other = { ...kettle, productId: 'example-shop.de/WK-18', key: 'site:example-shop.de/WK-18', canonicalUrl: 'https://www.example-shop.de/produkte/wk-18' };
    await recordProductSeen(db, other, T0);
    await saveProduct(db, other.key, {}, T0);
    now += CHECK_EVERY;
    expect(await runCheckRound(deps, state)).toHaveLength(1);
    // Ten minutes later the store's gap has not passed.
    now += 10 * 60_000;
    expect(await runCheckRound(deps, state)).toHaveLength(0);
    now += 30 * 60_000;
    expect(await runCheckRound(deps, state)).toHaveLength(1);
    expect(fetches.map((fetch) => fetch.url).sort()).toEqual([URL_OF_PAGE, other.canonicalUrl].sort());
  });

  it('leaves a store alone for a day after a login page, and backs off after errors', async () => {
    served = { status: 200, body: '<html><form action="/errors/validateCaptcha"></form></html>' };
    now += CHECK_EVERY;
    expect((await runCheckRound(deps, state))[0]?.outcome).toBe('blocked');
    now += CHECK_EVERY;
    expect(await runCheckRound(deps, state)).toHaveLength(0);
    now = now - CHECK_EVERY + BLOCKED_PAUSE;
    served = { status: 503, body: 'busy' };
    expect((await runCheckRound(deps, state))[0]?.outcome).toBe('error');
    expect(state.stores['example-shop.de']?.failures).toBe(1);
    expect((await db.get('products', kettle.key))?.lastPrice).toEqual(eur(4990));
  });

  it('holds a 100× jump until a second check sees it', async () => {
    await setAlert({ kind: 'any' });
    expect((await nextRound('0.40'))[0]?.outcome).toBe('suspect');
    expect((await db.get('products', kettle.key))?.lastPrice).toEqual(eur(4990));
    expect((await nextRound('0.40'))[0]?.outcome).toBe('ok');
    expect((await db.get('products', kettle.key))?.lastPrice).toEqual(eur(40));
    expect(alerts).toHaveLength(1);
  });

  it('never fetches a store whose served page has no price, or one Haowu may not read', async () => {
    const tmall = detected({ productId: '600001' });
    await recordProductSeen(db, tmall, T0);
    await saveProduct(db, tmall.key, {}, T0);
    deps.canRead = async () => false;
    now += CHECK_EVERY;
    const results = await runCheckRound(deps, state);
    expect(results).toEqual([{ productKey: kettle.key, store: 'example-shop.de', outcome: 'no-access', alerted: false }]);
    expect(fetches).toHaveLength(0);
  });

  it('forgets the last check of a product no longer saved', async () => {
    await nextRound('44.90');
    expect(state.products[kettle.key]).toBeDefined();
    await db.delete('saved', kettle.key);
    await nextRound('44.90');
    expect(state.products[kettle.key]).toBeUndefined();
    expect(fetches).toHaveLength(1);
  });
});
