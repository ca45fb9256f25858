import { describe, expect, it } from 'vitest';
import {
  BASE_GAP,
  BLOCKED_PAUSE,
  FIRST_BACKOFF,
  HOUR,
  JITTER,
  MAX_BACKOFF,
  MAX_PER_HOUR,
  NEW_SCHEDULE,
  backoff,
  blocked,
  failed,
  mayRequest,
  requested,
  succeeded,
} from '../../../utils/price-tracking/scheduler';

const T0 = Date.UTC(2026, 10, 30, 8);

describe('price check scheduler', () => {
  it('never sends more than MAX_PER_HOUR requests to a store in any hour, whatever the jitter', () => {
    for (const random of [0, 0.3, 0.999]) {
      let schedule = NEW_SCHEDULE;
      const sent: number[] = [];
      // Try every minute for five hours.
      for (let now = T0; now < T0 + 5 * HOUR; now += 60_000) {
        if (!mayRequest(schedule, now)) continue;
        sent.push(now);
        schedule = succeeded(requested(schedule, now, random));
      }
      for (const at of sent) expect(sent.filter((other) => other >= at && other < at + HOUR).length).toBeLessThanOrEqual(MAX_PER_HOUR);
      expect(sent.length).toBeGreaterThan(5);
    }
  });

  it('spaces requests by the base gap plus up to JITTER of it', () => {
    expect(requested(NEW_SCHEDULE, T0, 0).notBefore).toBe(T0 + BASE_GAP);
    expect(requested(NEW_SCHEDULE, T0, 0.5).notBefore).toBe(T0 + Math.round(BASE_GAP * (1 + JITTER * 0.5)));
    expect(requested(NEW_SCHEDULE, T0, 1).notBefore).toBe(T0 + Math.round(BASE_GAP * (1 + JITTER)));
    const two = [0.1, 0.9].map((random) => requested(NEW_SCHEDULE, T0, random).notBefore);
    expect(two[0]).not.toBe(two[1]);
    expect(mayRequest(requested(NEW_SCHEDULE, T0, 0), T0 + BASE_GAP - 1)).toBe(false);
    expect(mayRequest(requested(NEW_SCHEDULE, T0, 0), T0 + BASE_GAP)).toBe(true);
  });

  it('backs off exponentially after errors, up to a day, and forgets errors after a success', () => {
    expect([1, 2, 3, 4].map(backoff)).toEqual([FIRST_BACKOFF, 2 * FIRST_BACKOFF, 4 * FIRST_BACKOFF, 8 * FIRST_BACKOFF]);
    expect(backoff(30)).toBe(MAX_BACKOFF);
    let schedule = failed(requested(NEW_SCHEDULE, T0, 0), T0, 0);
    expect(schedule.failures).toBe(1);
    expect(mayRequest(schedule, T0 + FIRST_BACKOFF - 1)).toBe(false);
    expect(mayRequest(schedule, T0 + FIRST_BACKOFF)).toBe(true);
    schedule = failed(requested(schedule, T0 + FIRST_BACKOFF, 0), T0 + FIRST_BACKOFF, 0);
    expect(schedule.notBefore).toBe(T0 + FIRST_BACKOFF + 2 * FIRST_BACKOFF);
    expect(succeeded(schedule).failures).toBe(0);
  });

  it('leaves a store alone for a day after a login or verification page', () => {
    const schedule = blocked(requested(NEW_SCHEDULE, T0, 0), T0);
    expect(mayRequest(schedule, T0 + HOUR * 23)).toBe(false);
    expect(mayRequest(schedule, T0 + BLOCKED_PAUSE)).toBe(true);
  });
});
