import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { saveProduct } from '../../../utils/db/saved';
import type { HaowuDb } from '../../../utils/db/open';
import type { ProductRecord } from '../../../utils/db/schema';
import type { PriceAlert } from '../../../utils/price-tracking/alert-rules';
import { loadCheckState, withCheckState } from '../../../utils/price-tracking/check-state';
import { runCheckRound, CHECK_EVERY } from '../../../utils/price-tracking/run-checks';
import { readServedPage } from '../../../utils/price-tracking/served-page';
import { setPriceAlert } from '../../../utils/price-tracking/view';
import { recordVisit, type VisitDeps } from '../../../utils/price-tracking/visit';
import { detected, freshDb } from '../db/helpers';
import { eur, kettle, kettlePage } from './kettle';

const T0 = Date.UTC(2026, 11, 1, 8);

describe("the shopper's own visits alert under the item's rule", () => {
  let db: HaowuDb;
  let now: number;
  let alerts: { product: ProductRecord; alert: PriceAlert }[];
  let deps: VisitDeps;
  const visit = (minor: number, currency = 'EUR') => {
    now += 60_000;
    return recordVisit(db, { ...kettle, price: { currency, minMinor: minor, maxMinor: minor } }, now, deps);
  };

  beforeEach(async () => {
    fakeBrowser.reset();
    db = await freshDb();
    now = T0;
    alerts = [];
    deps = { alert: async (product, alert) => void alerts.push({ product, alert }), withState: withCheckState };
    await recordVisit(db, kettle, now, deps);
    await saveProduct(db, kettle.key, {}, now);
  });

  it('a visit that reads a lower price alerts once, and records the visit', async () => {
    await setPriceAlert(db, kettle.key, { kind: 'any' }, now);
    expect(await visit(4490)).toMatchObject({ from: eur(4990), to: eur(4490), percent: 10, rule: 'any' });
    expect(alerts.map(({ product }) => [product.key, product.lastPrice?.minMinor])).toEqual([[kettle.key, 4490]]);
    const record = await db.get('products', kettle.key);
    expect(record?.priceHistory.map((point) => [point.price?.minMinor, point.source])).toEqual([
      [4990, 'visit'],
      [4490, 'visit'],
    ]);
    expect((await loadCheckState()).alerted[kettle.key]).toEqual(eur(4490));
  });

  it('a price that returns to the value already alerted on does not alert again; a new low does', async () => {
    await setPriceAlert(db, kettle.key, { kind: 'any' }, now);
    await visit(4490);
    await visit(4490);
    await visit(4990);
    expect(await visit(4490)).toBeNull();
    expect(alerts).toHaveLength(1);
    await visit(3990);
    expect(alerts).toHaveLength(2);
  });

  it('shares its memory with the background checks: a price a check alerted on does not alert again on a visit, and the other way round', async () => {
    await setPriceAlert(db, kettle.key, { kind: 'any' }, now);
    const checkAlerts: string[] = [];
    let price = '44.90';
    const checkDeps = {
      db: async () => db,
      now: () => now,
      random: () => 0.5,
      fetch: (async () => new Response(kettlePage(price))) as unknown as typeof fetch,
      canRead: async () => true,
      readPage: async (html: string, url: string) => readServedPage(html, url),
      alert: async (product: ProductRecord) => void checkAlerts.push(product.key),
    };
    now += CHECK_EVERY;
    await withCheckState((state) => runCheckRound(checkDeps, state));
    expect(checkAlerts).toHaveLength(1);
    await visit(4990);
    expect(await visit(4490)).toBeNull();
    // A visit alerts on 39.90; the next check that reads 39.90 (from 49.90) does not.
    await visit(4990);
    expect(await visit(3990)).not.toBeNull();
    await visit(4990);
    price = '39.90';
    now += CHECK_EVERY;
    await withCheckState((state) => runCheckRound(checkDeps, state));
    expect(checkAlerts).toHaveLength(1);
  });

  it('follows the rule: nothing without one, "at least N %" and "below a target"', async () => {
    expect(await visit(2990)).toBeNull();
    await setPriceAlert(db, kettle.key, { kind: 'percent', percent: 20 }, now);
    expect(await visit(2500)).toBeNull();
    expect(await visit(1990)).toMatchObject({ rule: 'percent', percent: 20 });
    await setPriceAlert(db, kettle.key, { kind: 'below', target: eur(1500) }, now);
    expect(await visit(1600)).toBeNull();
    expect(await visit(1499)).toMatchObject({ rule: 'below' });
  });

  it('never alerts on another currency, a 100x drop, a first visit or an item not saved', async () => {
    await setPriceAlert(db, kettle.key, { kind: 'any' }, now);
    expect(await visit(100, 'USD')).toBeNull();
    await visit(4990);
    expect(await visit(40)).toBeNull();
    const other = detected({ productId: '700001', price: eur(100) });
    expect(await recordVisit(db, other, now, deps)).toBeNull();
    expect(await recordVisit(db, { ...other, price: eur(50) }, now + 1, deps)).toBeNull();
    expect(alerts).toHaveLength(0);
  });
});

describe('withCheckState', () => {
  beforeEach(() => fakeBrowser.reset());

  it('runs one change at a time, each on what the one before saved', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = withCheckState(async (state) => {
      await held;
      state.alerted.a = eur(1);
    });
    const second = withCheckState(async (state) => {
      state.alerted.b = eur(2);
      return Object.keys(state.alerted).sort();
    });
    release();
    await first;
    expect(await second).toEqual(['a', 'b']);
    expect(Object.keys((await loadCheckState()).alerted).sort()).toEqual(['a', 'b']);
  });

  it('reads the last alerted price of state saved before visits alerted too', async () => {
    const { readCheckState } = await import('../../../utils/price-tracking/check-state');
    const state = readCheckState({ stores: {}, products: { k: { lastCheckAt: 1, outcome: 'ok', lastAlerted: eur(5) } } });
    expect(state.alerted).toEqual({ k: eur(5) });
    expect(state.products.k).toEqual({ lastCheckAt: 1, outcome: 'ok' });
  });
});
