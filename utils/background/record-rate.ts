/*
 * How often one tab may have Haowu record a product it shows (last price seen, title). A page decides
 * what its in-page navigations show, so a hostile page that has the shopper's click to work with could
 * otherwise walk Haowu through product after product; real shopping does not open more than a few
 * products a minute in one tab.
 */

export const RECORDS_PER_TAB = 6;
export const RECORD_WINDOW_MS = 60_000;

export interface RecordLimiter {
  /** True, and counted, when `tabId` may record one more product at `now`. */
  allow: (tabId: number, now: number) => boolean;
  forget: (tabId: number) => void;
}

export function createRecordLimiter(limit = RECORDS_PER_TAB, windowMs = RECORD_WINDOW_MS): RecordLimiter {
  const recent = new Map<number, number[]>();
  return {
    allow(tabId, now) {
      const times = (recent.get(tabId) ?? []).filter((at) => now - at < windowMs);
      const allowed = times.length < limit;
      if (allowed) times.push(now);
      recent.set(tabId, times);
      return allowed;
    },
    forget: (tabId) => void recent.delete(tabId),
  };
}
