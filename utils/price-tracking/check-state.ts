import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import { Price } from '../product';
import type { CheckOutcome } from './evaluate';
import { NEW_SCHEDULE, type StoreSchedule } from './scheduler';

/*
 * The background checks' own state (issue 17), in browser.storage.local: each store's schedule and
 * each product's last check. Device-local bookkeeping, not user data: not in backups or sync. Read
 * leniently: anything unreadable starts afresh (a store's schedule then starts with a full gap).
 */

const Time = z.number().int().nonnegative();

const Schedule = z.object({
  recent: z.array(Time).max(100),
  notBefore: Time,
  failures: z.number().int().nonnegative(),
  pausedUntil: Time.nullable(),
});

const Outcome = z.enum(['ok', 'no-price', 'blocked', 'error', 'suspect', 'currency-changed', 'no-access']);

const ProductCheck = z.object({
  lastCheckAt: Time,
  outcome: Outcome,
  /** A price 100× off the last one, held until a second check sees it again. */
  suspect: z.nullable(Price).optional(),
  /** Kept here before visits alerted too; read once into `alerted` (readCheckState). */
  lastAlerted: z.nullable(Price).optional(),
});
export type ProductCheck = { lastCheckAt: number; outcome: CheckOutcome; suspect?: z.infer<typeof Price> | null };

const CheckState = z.object({
  stores: z.record(z.string(), Schedule).catch({}),
  products: z.record(z.string(), ProductCheck).catch({}),
  alerted: z.record(z.string(), Price).optional().catch(undefined),
});
export interface CheckState {
  stores: Record<string, StoreSchedule>;
  products: Record<string, ProductCheck>;
  /**
   * Per product, the price the last alert was about, whether a background check or the shopper's own
   * visit found it: the same price never alerts twice.
   */
  alerted: Record<string, z.infer<typeof Price>>;
}

export const checkStateItem = storage.defineItem<unknown>('local:priceCheckState', { fallback: { stores: {}, products: {} } });
/** Alerts the user has not looked at yet: the toolbar badge shows their number. */
export const unseenAlertsItem = storage.defineItem<number>('local:priceAlertsUnseen', { fallback: 0 });

export function readCheckState(raw: unknown): CheckState {
  const parsed = CheckState.safeParse(raw);
  if (!parsed.success) return { stores: {}, products: {}, alerted: {} };
  const alerted = { ...parsed.data.alerted };
  const products: Record<string, ProductCheck> = {};
  for (const [key, { lastAlerted, ...check }] of Object.entries(parsed.data.products)) {
    products[key] = check;
    if (lastAlerted && !alerted[key]) alerted[key] = lastAlerted;
  }
  return { stores: parsed.data.stores, products, alerted };
}

export const loadCheckState = async (): Promise<CheckState> => readCheckState(await checkStateItem.getValue());
export const saveCheckState = (state: CheckState): Promise<void> => checkStateItem.setValue(state);

let queue: Promise<unknown> = Promise.resolve();

/**
 * Reads the state, lets `change` update it in place, and saves it, one caller at a time in this
 * background: a round of checks (which holds it while it fetches) and a visit's alert would otherwise
 * each save over what the other wrote, and a price alerted on could alert again.
 */
export function withCheckState<T>(change: (state: CheckState) => Promise<T>): Promise<T> {
  const run = queue.then(async () => {
    const state = await loadCheckState();
    const result = await change(state);
    await saveCheckState(state);
    return result;
  });
  queue = run.catch(() => undefined);
  return run;
}
export const scheduleOf = (state: CheckState, store: string): StoreSchedule => state.stores[store] ?? NEW_SCHEDULE;

export async function unseenPriceAlerts(): Promise<number> {
  const value = await unseenAlertsItem.getValue();
  return Number.isInteger(value) && value > 0 ? value : 0;
}
export const watchUnseenPriceAlerts = (callback: () => void): (() => void) => unseenAlertsItem.watch(() => callback());
