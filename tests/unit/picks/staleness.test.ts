import { describe, expect, it } from 'vitest';
import { expertStaleSince, lastGoodRefresh, needsCollections, staleSince, STALE_AFTER_INTERVALS } from '../../../utils/feed/staleness';
import { expert } from '../db/records';

const HOUR = 3_600_000;
const NOW = Date.UTC(2025, 11, 10);
const status = (lastFetchedAt: number | null) => ({ lastFetchedAt, lastError: null, etag: null });
const collection = (expertIds: string[], lastFetchedAt: number | null, url: string | null = 'https://feeds.example/c.json') => ({ url, expertIds, status: { lastFetchedAt } });

describe('staleSince: more than twice the refresh interval without a good refresh', () => {
  it('is fresh up to exactly twice the interval and stale after it', () => {
    expect(STALE_AFTER_INTERVALS).toBe(2);
    expect(staleSince(NOW - 12 * HOUR, 6, NOW)).toBeNull();
    expect(staleSince(NOW - 12 * HOUR - 1, 6, NOW)).toBe(NOW - 12 * HOUR - 1);
    expect(staleSince(NOW - 47 * HOUR, 24, NOW)).toBeNull();
    expect(staleSince(NOW - 49 * HOUR, 24, NOW)).toBe(NOW - 49 * HOUR);
  });

  it('never calls picks stale that nothing refreshes or that were never refreshed', () => {
    expect(staleSince(undefined, 6, NOW)).toBeNull();
    expect(staleSince(null, 6, NOW)).toBeNull();
  });
});

describe('lastGoodRefresh: where an expert’s picks are refreshed from', () => {
  it('uses the expert’s own feed when the user follows them by address, whatever a collection did', () => {
    const followed = expert({ feedStatus: status(NOW - 30 * HOUR) });
    expect(lastGoodRefresh(followed, [collection([followed.id], NOW - HOUR)])).toBe(NOW - 30 * HOUR);
    expect(expertStaleSince(followed, [collection([followed.id], NOW - HOUR)], 6, NOW)).toBe(NOW - 30 * HOUR);
  });

  it('uses the newest good read of any followed collection with an address that lists an expert known only from collections', () => {
    const known = expert({ followed: false, followedAt: null, feedUrl: null, feedStatus: status(NOW - 100 * HOUR) });
    const lists = [collection([known.id], NOW - 50 * HOUR), collection([known.id], NOW - 2 * HOUR), collection(['someone-else'], NOW)];
    expect(lastGoodRefresh(known, lists)).toBe(NOW - 2 * HOUR);
    expect(expertStaleSince(known, lists, 6, NOW)).toBeNull();
    // A 304 of the collection does not touch the expert's own time, only the collection's.
    expect(expertStaleSince(known, [collection([known.id], NOW - 20 * HOUR)], 6, NOW)).toBe(NOW - 20 * HOUR);
  });

  it('treats an expert followed from a collection (no own address) like one known from it', () => {
    const followedFromCollection = expert({ feedUrl: null, feedStatus: status(NOW - 30 * HOUR) });
    expect(expertStaleSince(followedFromCollection, [collection([followedFromCollection.id], NOW - HOUR)], 6, NOW)).toBeNull();
  });

  it('says "nothing refreshes these" for the user’s own picks, a file import, and an unfollowed expert no collection lists', () => {
    expect(lastGoodRefresh(expert({ kind: 'local', feedUrl: null }), [])).toBeUndefined();
    const fromFile = expert({ feedUrl: null, feedStatus: status(NOW - 1000 * HOUR) });
    expect(lastGoodRefresh(fromFile, [collection([fromFile.id], NOW, null)])).toBeUndefined();
    expect(expertStaleSince(fromFile, [], 6, NOW)).toBeNull();
    const unfollowed = expert({ followed: false, followedAt: null, feedStatus: status(NOW - 1000 * HOUR) });
    expect(expertStaleSince(unfollowed, [], 6, NOW)).toBeNull();
  });

  it('reads collections only when some expert can depend on them', () => {
    expect(needsCollections([expert()])).toBe(false);
    expect(needsCollections([expert(), expert({ feedUrl: null })])).toBe(true);
    expect(needsCollections([expert({ kind: 'local', feedUrl: null })])).toBe(false);
  });
});
