// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HaowuDb } from '../../../utils/db/open';
import type { ExpertRecord } from '../../../utils/db/schema';
import { refreshExpertFeed, refreshFeeds, type SyncDeps } from '../../../utils/feed/sync';
import { expert as expertRecord } from '../db/records';
import { syncFixture, type SyncFixture } from './sync-helpers';

/*
 * A refresh round (issue 19): the feeds' state is read in one transaction, their starts written in
 * one, and the 304s and failures in one more as the round ends, not two readwrite transactions per
 * feed; the requests, their validators and the statuses written are what they were.
 */

const FEEDS = 12;
const idOf = (i: number) => `ed25519:${String(i).padStart(32, '0')}`;
const urlOf = (i: number) => `https://feeds${i % 3}.example/${i}.json`;

let f: SyncFixture;
beforeEach(async () => {
  f = syncFixture();
  const db = await f.deps.db();
  for (let i = 0; i < FEEDS; i++) {
    await db.put(
      'experts',
      expertRecord({
        id: idOf(i),
        kind: 'feed',
        feedUrl: urlOf(i),
        followed: true,
        followedAt: 1000 + i,
        feedStatus: { lastFetchedAt: 1000, lastError: null, etag: `"v${i}"`, lastCheckedAt: 1000, lastAttemptAt: 1000 },
      }),
    );
    // Every third feed's server is down; the others answer 304 to their own ETag only.
    if (i % 3 !== 2) f.server.routes.set(urlOf(i), (init) => new Response(null, { status: (init.headers as Record<string, string>)['if-none-match'] === `"v${i}"` ? 304 : 412 }));
  }
});
afterEach(() => f.connection.close());

/** Deps whose database counts the readwrite transactions opened on `experts`, and whose permission check counts its calls. */
function counting(deps: SyncDeps) {
  const counts = { readwrite: 0, permission: 0 };
  const wrap = (db: HaowuDb): HaowuDb =>
    new Proxy(db, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property !== 'transaction') return typeof value === 'function' ? value.bind(target) : value;
        return (stores: string | string[], mode?: IDBTransactionMode) => {
          if (mode === 'readwrite' && [stores].flat().includes('experts')) counts.readwrite++;
          return target.transaction(stores as never, mode);
        };
      },
    });
  return {
    counts,
    deps: {
      ...deps,
      db: async () => wrap(await deps.db()),
      canRead: async (pattern: string) => {
        counts.permission++;
        return deps.canRead(pattern);
      },
    } satisfies SyncDeps,
  };
}

const statusOf = async (i: number) => ((await (await f.deps.db()).get('experts', idOf(i))) as ExpertRecord).feedStatus;

describe('a refresh round', () => {
  it('writes the statuses of every feed in two transactions, asks each site’s permission once, and records what each feed answered', async () => {
    const now = f.tick(60_000);
    const { counts, deps } = counting(f.deps);
    const results = await refreshFeeds(deps);

    expect(results).toHaveLength(FEEDS);
    expect(results.filter((r) => r.status === 'not-modified')).toHaveLength(8);
    expect(results.filter((r) => r.status === 'failed')).toHaveLength(4);
    expect(counts.readwrite).toBe(2);
    expect(counts.permission).toBe(3);
    // Each request carried its own feed's validator.
    expect(f.server.requests).toHaveLength(FEEDS);
    for (const request of f.server.requests) expect(request.headers['if-none-match']).toBe(`"v${request.url.match(/\/(\d+)\.json$/)![1]}"`);

    for (let i = 0; i < FEEDS; i++) {
      const status = await statusOf(i);
      expect(status.lastAttemptAt).toBe(now);
      expect(status.lastCheckedAt).toBe(now);
      if (i % 3 === 2) expect(status).toMatchObject({ lastFetchedAt: 1000, lastErrorInfo: { code: 'network' }, lastError: expect.stringContaining('could not be reached') });
      else expect(status).toMatchObject({ lastFetchedAt: now, lastError: null, etag: `"v${i}"` });
    }
  });

  it('does not write a 304 over a newer status that a refresh of that feed alone wrote before the round ended', async () => {
    f.tick(60_000);
    // Feed 1 holds the round open until released; feed 0 has answered 304 by then.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    f.server.routes.set(urlOf(1), async () => {
      await released;
      return new Response(null, { status: 304 });
    });
    const round = refreshFeeds(f.deps);
    while (!f.server.requests.some((request) => request.url === urlOf(0))) await new Promise((resolve) => setTimeout(resolve, 1));
    await new Promise((resolve) => setTimeout(resolve, 10));
    f.server.routes.set(urlOf(0), { status: 500 });
    const later = f.tick(5_000);
    expect(await refreshExpertFeed(f.deps, idOf(0))).toMatchObject({ status: 'failed' });
    release();
    await round;
    expect(await statusOf(0)).toMatchObject({ lastCheckedAt: later, lastErrorInfo: { code: 'http-server' } });
    expect(await statusOf(1)).toMatchObject({ lastError: null, lastFetchedAt: later });
  });
});
