// @vitest-environment node
import { unwrap } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDbConnection, type HaowuDb } from '../../../utils/db/open';
import type { ExpertRecord, RecommendationRecord } from '../../../utils/db/schema';
import { signFeed } from '../../../utils/feed/crypto';
import type { FetchLike } from '../../../utils/feed/fetch-feed';
import type { FeedRecommendation, FeedRetraction } from '../../../utils/feed/schema';
import type { SyncDeps } from '../../../utils/feed/sync';
import { verifyFeed } from '../../../utils/feed/verify';
import { resetIndexedDb } from '../db/helpers';
import { newExpert, payloadFor, recommendation, type Expert } from './helpers';
import { getRecommendationsByExpert } from '../../../utils/db/recommendations';

/*
 * Crash safety of a feed refresh. Chrome stops an idle service worker whenever it likes, so a refresh
 * may die at any await: in the database, in the permission check, in the fetch, while the body streams
 * in. Each run below stops the worker at one such point, as the browser would: the JavaScript never
 * runs again (every later step waits forever) and every transaction not yet committed is aborted.
 * Then the state is checked (the expert's picks are the old feed's or the new feed's, never a mix, and
 * the stored publishedAt matches them), a new worker starts (fresh modules: the old one's in-memory
 * state is gone) and runs the scheduled refresh exactly as the background does on start-up, and the
 * data must end as an uninterrupted refresh leaves it.
 *
 * The points are counted by wrapping what the refresh awaits from outside: the database's methods
 * (each transaction it opens; a transaction can also be cut off 1–12 event-loop turns after it opened,
 * i.e. at the awaits inside it), the permission check, the fetch and each chunk of the body.
 */

const FEED_URL = 'https://feeds.example/alice.json';
const HOUR = 3_600_000;
const INTERVAL = 6 * HOUR;
const START = Date.UTC(2025, 5, 1);

type Plan = { at: number; turns: number } | null;

interface Run {
  deps: SyncDeps;
  /** Stop points met so far, by kind. */
  points: string[];
  stopped: () => boolean;
  /** Resolves when the worker is stopped. */
  whenStopped: Promise<void>;
}

const forever = new Promise<never>(() => undefined);
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Deps over the real (fake-indexeddb) database and a server answering `body`, that stop the "worker" as `plan` says. */
function stoppableDeps(db: HaowuDb, body: string, now: () => number, plan: Plan): Run {
  const points: string[] = [];
  let stopped = false;
  let signalStopped = () => undefined as void;
  const whenStopped = new Promise<void>((resolve) => (signalStopped = resolve));
  const live = new Set<IDBTransaction>();
  const stop = () => {
    stopped = true;
    signalStopped();
    for (const tx of live) {
      try {
        tx.abort();
      } catch {
        // Committed already.
      }
    }
  };
  /** One await of the refresh: counts it, and stops here if it is the planned one. Frozen once stopped. */
  const point = (kind: string): Promise<void> => {
    if (stopped) return forever;
    points.push(kind);
    if (plan && points.length === plan.at && plan.turns === 0) {
      stop();
      return forever;
    }
    return Promise.resolve();
  };

  const proxy: HaowuDb = new Proxy(db, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property === 'transaction') {
        return (...args: unknown[]) => {
          // Called on the real database: idb finds its raw IndexedDB object by `this`.
          const tx = (value as (...a: unknown[]) => ReturnType<HaowuDb['transaction']>).apply(target, args);
          const raw = unwrap(tx) as IDBTransaction;
          // Its outcome is read from the database afterwards; an abort here is the simulated stop.
          void tx.done.then(
            () => live.delete(raw),
            () => live.delete(raw),
          );
          if (stopped) {
            raw.abort();
            return tx;
          }
          points.push('transaction');
          live.add(raw);
          if (plan && points.length === plan.at) {
            // Cut off now (turns 0) or after some turns, when the code is at an await inside it.
            if (plan.turns === 0) stop();
            else void (async () => {
              for (let turn = 0; turn < plan.turns; turn++) await nextTurn();
              stop();
            })();
          }
          return tx;
        };
      }
      if (property === 'close') return value.bind(target);
      // A shortcut (get, put, getAllFromIndex …) is one request in its own transaction: a stop before it
      // means it never ran; once given to the browser, it commits or not as a whole.
      return async (...args: unknown[]) => {
        await point(`db.${String(property)}`);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });

  const bytes = new TextEncoder().encode(body);
  const CHUNK = Math.ceil(bytes.length / 3);
  const fetch: FetchLike = async (url) => {
    await point('fetch');
    if (url !== FEED_URL) throw new TypeError('Failed to fetch');
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await point('body chunk');
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(at, at + CHUNK));
        at += CHUNK;
      },
    });
    return new Response(stream, { status: 200, headers: { 'content-type': 'application/json', etag: `"${body.length}"` } });
  };

  const deps: SyncDeps = {
    db: async () => {
      await point('db open');
      return proxy;
    },
    now,
    fetch,
    canRead: async () => {
      await point('permission');
      return true;
    },
    timeoutMs: 60_000,
  };
  return { deps, points, stopped: () => stopped, whenStopped };
}

let alice: Expert;
const feedAt = (publishedAt: string, recommendations: FeedRecommendation[], retractions: FeedRetraction[] = []) =>
  signFeed({ ...payloadFor(alice, recommendations, retractions), publishedAt }, alice.keyPair.privateKey).then((envelope) => JSON.stringify(envelope));

/** What a feed leaves stored: each pick's id, reason and whether it is withdrawn. */
const picksOf = (records: RecommendationRecord[]) => records.map((r) => `${r.id.split('/')[1]}:${r.deleted ? 'deleted' : r.reason.slice(0, 12)}`).sort();

interface Stored {
  picks: string[];
  expert: ExpertRecord;
}

async function stored(expertId: string): Promise<Stored> {
  const connection = createDbConnection();
  const db = await connection.get();
  const picks = picksOf(await getRecommendationsByExpert(db, expertId));
  const expert = (await db.get('experts', expertId))!;
  connection.close();
  return { picks, expert };
}

/** A fresh "service worker": modules loaded anew, so nothing of the stopped one's memory remains. */
async function freshWorker() {
  vi.resetModules();
  return import('../../../utils/feed/sync');
}

interface Scenario {
  expertId: string;
  oldPicks: string[];
  newPicks: string[];
  newFeed: string;
  oldPublishedAt: number;
  newPublishedAt: number;
}

/** Follows Alice's March 1 feed, then serves her March 2 feed (a1 edited, a2 withdrawn, a3 dropped, a4 new) six hours later. */
async function scenario(): Promise<Scenario> {
  alice ??= await newExpert();
  const probe = await verifyFeed(await signFeed(payloadFor(alice, []), alice.keyPair.privateKey));
  if (!probe.ok) throw new Error(probe.reason);
  const oldFeed = await feedAt('2025-03-01T08:00:00.000Z', [recommendation('a1'), recommendation('a2'), recommendation('a3')]);
  const newFeed = await feedAt(
    '2025-03-02T08:00:00.000Z',
    [recommendation('a1', { reason: 'Edited: the lid leaks after a year.', updatedAt: '2025-03-02T08:00:00.000Z' }), recommendation('a4')],
    [{ id: 'a2', retractedAt: '2025-03-02T07:00:00.000Z' }],
  );
  resetIndexedDb();
  const sync = await freshWorker();
  const connection = createDbConnection();
  const db = await connection.get();
  const setup = stoppableDeps(db, oldFeed, () => START, null);
  const followed = await sync.followUrl(setup.deps, FEED_URL);
  if (followed.kind !== 'feed') throw new Error('expected a feed');
  connection.close();
  const oldPicks = (await stored(probe.expertId)).picks;
  return {
    expertId: probe.expertId,
    oldPicks,
    newPicks: ['a1:Edited: the ', 'a2:deleted', 'a4:Keeps tea ho'],
    newFeed,
    oldPublishedAt: Date.parse('2025-03-01T08:00:00.000Z'),
    newPublishedAt: Date.parse('2025-03-02T08:00:00.000Z'),
  };
}

/** The scheduled refresh the background runs (on the alarm, and each time the worker starts), stopped as `plan` says. */
async function stoppedRefresh(s: Scenario, plan: Plan, at: number): Promise<Run> {
  const sync = await freshWorker();
  const connection = createDbConnection();
  const run = stoppableDeps(await connection.get(), s.newFeed, () => at, plan);
  // Until it finished, or the worker was stopped (signatures are checked off the event loop, so this waits on time, not turns).
  await Promise.race([sync.refreshFeeds(run.deps, { intervalMs: INTERVAL }), run.whenStopped]);
  // Every aborted transaction settles.
  for (let turn = 0; turn < 20; turn++) await nextTurn();
  return run;
}

afterEach(() => {
  vi.resetModules();
});

describe('a feed refresh stopped at any await', () => {
  it('counts the awaits of an uninterrupted refresh (the points the runs below stop at)', { timeout: 30_000 }, async () => {
    const s = await scenario();
    const run = await stoppedRefresh(s, null, START + INTERVAL);
    expect(run.stopped()).toBe(false);
    expect((await stored(s.expertId)).picks).toEqual(s.newPicks);
    // At least: the database, the permission, the fetch, the body, and the transaction that stores the feed.
    expect(run.points).toEqual(expect.arrayContaining(['db open', 'permission', 'fetch', 'body chunk', 'transaction']));
    expect(run.points.length).toBeGreaterThanOrEqual(8);
  });

  it('leaves the old feed or the new one, never a mix, and the next start finishes it', { timeout: 120_000 }, async () => {
    const probe = await scenario();
    const total = (await stoppedRefresh(probe, null, START + INTERVAL)).points;
    const plans: NonNullable<Plan>[] = total.flatMap((kind, index) => [
      { at: index + 1, turns: 0 },
      ...(kind === 'transaction' ? Array.from({ length: 12 }, (_, i) => i + 1).map((turns) => ({ at: index + 1, turns })) : []),
    ]);
    const outcomes = new Set<string>();
    for (const plan of plans) {
      const s = await scenario();
      const stoppedAt = START + INTERVAL;
      const run = await stoppedRefresh(s, plan, stoppedAt);
      const label = `stopped at ${plan.at} (${total[plan.at - 1]}, +${plan.turns} turns)`;
      expect(run.stopped(), label).toBe(true);

      // Right after the stop: whole old feed or whole new feed, with the matching publishedAt.
      const after = await stored(s.expertId);
      const isNew = after.picks.join() === s.newPicks.join();
      expect([s.oldPicks.join(), s.newPicks.join()], label).toContain(after.picks.join());
      expect(after.expert.feedStatus.publishedAt, label).toBe(isNew ? s.newPublishedAt : s.oldPublishedAt);
      outcomes.add(isNew ? 'new' : 'old');

      // The next worker start runs what is due or was cut off (isDue), a little later.
      const sync = await freshWorker();
      const connection = createDbConnection();
      const restartAt = stoppedAt + sync.STALE_ATTEMPT_MS;
      const restart = stoppableDeps(await connection.get(), s.newFeed, () => restartAt, null);
      const results = await sync.refreshFeeds(restart.deps, { intervalMs: INTERVAL });
      connection.close();
      expect(results.every((result) => result.status === 'updated' || result.status === 'not-modified'), `${label}: ${JSON.stringify(results)}`).toBe(true);

      const final = await stored(s.expertId);
      expect(final.picks, label).toEqual(s.newPicks);
      expect(final.expert.feedStatus, label).toMatchObject({ publishedAt: s.newPublishedAt, lastError: null });
      // Nothing is left looking cut off: the next alarm will not redo it.
      const { lastAttemptAt, lastCheckedAt } = final.expert.feedStatus;
      expect(lastCheckedAt! >= (lastAttemptAt ?? 0), label).toBe(true);
      expect(sync.isDue(final.expert.feedStatus, restartAt, INTERVAL), label).toBe(false);
    }
    // Both sides of the one commit were reached.
    expect([...outcomes].sort()).toEqual(['new', 'old']);
  });
});
