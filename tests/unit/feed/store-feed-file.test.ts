// @vitest-environment node
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { storeFeedFile, storeVerifiedFeed } from '../../../utils/db/feed-store';
import type { HaowuDb } from '../../../utils/db/open';
import { storedRecommendationId } from '../../../utils/feed/records';
import { summarizeFeed, summarizeFeedInfo, verifyFeed } from '../../../utils/feed/verify';
import { freshDb, storedPicks } from '../db/helpers';
import { newExpert, payloadFor, recommendation, signedFeed, signRaw, type Expert } from './helpers';

/*
 * storeFeedFile reads each recommendation and puts it in the same transaction. It must leave the
 * database exactly as verifyFeed followed by storeVerifiedFeed does, and return the same summary.
 */

const NOW = Date.UTC(2025, 5, 1);
let alice: Expert;
beforeEach(async () => {
  alice ??= await newExpert();
});

const contents = async (db: HaowuDb) => ({ experts: await db.getAll('experts'), recommendations: await storedPicks(db) });

/** Two databases in the same state: one for each way of storing. */
async function twin(prepare: (db: HaowuDb) => Promise<void>): Promise<[HaowuDb, HaowuDb]> {
  const a = await freshDb();
  await prepare(a);
  const b = await freshDb();
  await prepare(b);
  return [a, b];
}

async function storeBothWays(prepare: (db: HaowuDb) => Promise<void>, text: string) {
  const [viaFile, viaVerified] = await twin(prepare);
  const file = await storeFeedFile(viaFile, text, { follow: 'follow', feedUrl: 'https://feeds.example/a.json' }, NOW);
  const verified = await verifyFeed(text);
  if (!verified.ok || !file.ok) throw new Error('expected an accepted feed');
  const summary = summarizeFeed(verified);
  const stored = await storeVerifiedFeed(
    viaVerified,
    {
      expertId: verified.expertId,
      expert: verified.expert,
      accepted: verified.accepted,
      retractions: verified.retractions,
      publishedAt: verified.payload.publishedAt,
      skippedIds: verified.skipped.flatMap((item) => (item.id === undefined ? [] : [item.id])),
      summary,
      summaryInfo: summarizeFeedInfo(verified),
      feedUrl: 'https://feeds.example/a.json',
      follow: 'follow',
    },
    NOW,
  );
  return { file, stored, summary, verified, a: await contents(viaFile), b: await contents(viaVerified) };
}

describe('storeFeedFile', () => {
  it('replaces, retracts, removes and keeps picks exactly as verifyFeed + storeVerifiedFeed', async () => {
    const first = JSON.stringify(await signedFeed(alice, ['keep', 'edit', 'drop', 'retract', 'skip'].map((id) => recommendation(id))));
    const opened = await verifyFeed(first);
    if (!opened.ok) throw new Error(opened.reason);
    const { expertId } = opened;
    const prepare = async (db: HaowuDb) => {
      const stored = await storeFeedFile(db, first, { follow: 'follow' }, NOW - 1000);
      expect(stored).toMatchObject({ ok: true, stored: 5 });
    };
    const next = JSON.stringify(
      await signRaw(
        alice,
        JSON.stringify(
          payloadFor(
            alice,
            [
              recommendation('keep'),
              recommendation('edit', { rating: 2, updatedAt: '2025-03-01T00:00:00.000Z' }),
              recommendation('skip', { partnerLink: 'https://evil.example/x' }),
              recommendation('new'),
              recommendation('new', { rating: 1 }),
              { id: 'broken' },
            ],
            [{ id: 'retract', retractedAt: '2025-04-01T00:00:00.000Z' }],
          ),
        ),
      ),
    );
    const { file, stored, summary, a, b } = await storeBothWays(prepare, next);
    expect(a).toEqual(b);
    expect(file.summary).toBe(summary);
    expect(summary).toBe('3 of 6 recommendations skipped: duplicate id (1), invalid product (1), link host not allowed (1)');
    expect(file.summaryInfo).toEqual({
      total: 6,
      accepted: 3,
      skipped: 3,
      reasons: [
        { code: 'duplicate-id', count: 1 },
        { code: 'invalid-field', field: 'product', count: 1 },
        { code: 'link-host', count: 1 },
      ],
      retractions: 1,
      skippedRetractions: 0,
      retractionReasons: [],
    });
    expect(a.experts[0]?.feedStatus).toMatchObject({ summary, summaryInfo: file.summaryInfo, lastErrorInfo: null });
    const { expert, retracted, removed, refused, keptRetracted } = file;
    expect({ expert, stored: file.stored, retracted, removed, refused, keptRetracted }).toEqual(stored);
    expect(file).toMatchObject({ stored: 3, retracted: 1, removed: 1, refused: 0 });
    const byId = new Map(a.recommendations.map((record) => [record.id, record]));
    expect(byId.get(storedRecommendationId(expertId, 'edit'))?.rating).toBe(2);
    expect(byId.get(storedRecommendationId(expertId, 'retract'))).toMatchObject({ deleted: true, updatedAt: Date.parse('2025-04-01T00:00:00.000Z') });
    // Skipped by verification: its last good copy stays. No longer listed: gone.
    expect(byId.get(storedRecommendationId(expertId, 'skip'))?.partnerLink).toBe('https://s.click.taobao.com/t?e=abc');
    expect(byId.has(storedRecommendationId(expertId, 'drop'))).toBe(false);
  });

  it('stores the same as the two-step path for any mix of good and bad items', async () => {
    const item = fc.oneof(
      fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd'), rating: fc.integer({ min: 0, max: 6 }) }).map(({ id, rating }) => recommendation(id, { rating })),
      fc.constantFrom({ id: 'x' }, 'not an object', null, recommendation('e', { partnerLink: 'https://u.jd.com/x' })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(item, { maxLength: 8 }), fc.array(item, { maxLength: 8 }), fc.subarray(['a', 'b', 'z']), async (before, after, retracted) => {
        const sign = async (items: unknown[], retractions: string[]) =>
          JSON.stringify(await signRaw(alice, JSON.stringify(payloadFor(alice, items, retractions.map((id) => ({ id, retractedAt: '2025-04-01T00:00:00.000Z' }))))));
        const earlier = await sign(before, []);
        const { a, b, file, summary } = await storeBothWays(async (db) => {
          await storeFeedFile(db, earlier, { follow: 'follow' }, NOW - 1000);
        }, await sign(after, retracted));
        expect(a).toEqual(b);
        expect(file.summary).toBe(summary);
      }),
      { numRuns: 40 },
    );
  });

  it('changes nothing for a rejected feed, and never overwrites the user’s own profile', async () => {
    const db = await freshDb();
    const good = JSON.stringify(await signedFeed(alice, [recommendation('a')]));
    const verified = await verifyFeed(good);
    if (!verified.ok) throw new Error(verified.reason);
    await db.put('experts', {
      id: verified.expertId,
      kind: 'local',
      displayName: 'Me',
      bio: '',
      avatarUrl: null,
      feedUrl: null,
      followed: false,
      followedAt: null,
      feedStatus: { lastFetchedAt: null, lastError: null, etag: null },
      updatedAt: 1,
    });
    const before = await contents(db);
    const tampered = good.replace('Keeps tea hot', 'Keeps tea HOT');
    expect(await storeFeedFile(db, tampered, { follow: 'follow' }, NOW)).toMatchObject({ ok: false, code: 'bad-signature' });
    await expect(storeFeedFile(db, good, { follow: 'follow' }, NOW)).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('your own expert profile') });
    expect(await contents(db)).toEqual(before);
  });
});
