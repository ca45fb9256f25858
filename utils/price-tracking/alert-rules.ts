import type { Price } from '../product';

/*
 * When a background check's new price is worth telling the user about (issue 17). Pure: the caller
 * keeps `lastAlerted` (the price the last alert was about) so a price that goes back to a value
 * already alerted on does not alert again.
 */

export type AlertRule = { kind: 'any' } | { kind: 'percent'; percent: number } | { kind: 'below'; target: Price };

export interface PriceAlert {
  /** What was compared: the price before and now (same currency). */
  from: Price;
  to: Price;
  /** The whole-number percentage drop, for the message. */
  percent: number;
  rule: AlertRule['kind'];
}

const same = (a: Price, b: Price) => a.currency === b.currency && a.minMinor === b.minMinor && a.maxMinor === b.maxMinor;

/**
 * The alert for a price change, or null. Compares the low ends (what the cheapest variant costs), in
 * one currency only: a price in another currency than before is recorded but never compared.
 *
 * - `any`: the new low is below the old one.
 * - `percent`: the new low is at least `percent` % below the old one.
 * - `below`: the new low is at or under the target (same currency), and the old one was not.
 *
 * `lastAlerted`: the price of the last alert for this item; the same price again never alerts twice.
 */
export function decideAlert(rule: AlertRule | undefined, before: Price | null, now: Price | null, lastAlerted: Price | null): PriceAlert | null {
  if (!rule || !before || !now || before.currency !== now.currency) return null;
  if (lastAlerted && same(lastAlerted, now)) return null;
  if (now.minMinor >= before.minMinor) return null;
  const percent = before.minMinor === 0 ? 0 : Math.floor(((before.minMinor - now.minMinor) / before.minMinor) * 100);
  const alert = { from: before, to: now, percent, rule: rule.kind };
  switch (rule.kind) {
    case 'any':
      return alert;
    case 'percent':
      // Compared exactly (cross-multiplied), not on the rounded percentage.
      return (before.minMinor - now.minMinor) * 100 >= rule.percent * before.minMinor ? alert : null;
    case 'below':
      if (rule.target.currency !== now.currency) return null;
      return now.minMinor <= rule.target.minMinor && before.minMinor > rule.target.minMinor ? alert : null;
  }
}
