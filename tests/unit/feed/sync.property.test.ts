// @vitest-environment node
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAllowedPartnerLink } from '../../../utils/db/partner-link';
import { ExpertRecord, RecommendationRecord } from '../../../utils/db/schema';
import { followUrl, refreshExpertFeed } from '../../../utils/feed/sync';
import { verifyFeed } from '../../../utils/feed/verify';
import { newExpert, payloadFor, recommendation, signedFeed, signRaw, type Expert } from './helpers';
import { syncFixture, type SyncFixture } from './sync-helpers';
import { storedPicks } from '../db/helpers';

/*
 * Whatever a feed's server sends (random bytes, a valid feed with bytes changed, or a correctly
 * signed payload full of odd values), a refresh never throws and the database only ever holds
 * records that pass the database's own schemas and partner-link check.
 */

const URL_A = 'https://feeds.example/a.json';
let f: SyncFixture;
let alice: Expert;
let aliceId: string;
let goodText: string;

beforeAll(async () => {
  f = syncFixture();
  alice = await newExpert();
  const feed = await signedFeed(alice, [recommendation('a1'), recommendation('a2')], [{ id: 'gone', retractedAt: '2025-01-01T00:00:00Z' }]);
  goodText = JSON.stringify(feed);
  const verified = await verifyFeed(feed);
  if (!verified.ok) throw new Error(verified.reason);
  aliceId = verified.expertId;
  f.server.routes.set(URL_A, { body: goodText });
  await followUrl(f.deps, URL_A);
});
afterAll(() => f.connection.close());

async function expectDatabaseValid(): Promise<void> {
  const db = await f.deps.db();
  for (const expert of await db.getAll('experts')) {
    const parsed = ExpertRecord.safeParse(expert);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  }
  for (const record of await storedPicks(db)) {
    const parsed = RecommendationRecord.safeParse(record);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(record.partnerLink === null || isAllowedPartnerLink(record.partnerLink, record.productKey), record.partnerLink ?? '').toBe(true);
    expect(record.expertId).toBe(aliceId);
  }
}

async function refreshWith(body: string | Uint8Array): Promise<void> {
  f.server.routes.set(URL_A, () => new Response(body as BodyInit));
  const result = await refreshExpertFeed(f.deps, aliceId);
  expect(['updated', 'failed']).toContain(result.status);
  await expectDatabaseValid();
}

const odd = {
  time: fc.constantFrom('1900-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '2025-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2025-02-30T00:00:00Z', '2025-01-01T00:00:00+14:00', 'yesterday', 7),
  link: fc.constantFrom('https://s.click.taobao.com/x', 'https://u.jd.com/x', 'http://s.click.taobao.com/x', 'https://tmall.com.evil.cn/x', 'https://a:b@tmall.com/x', 'javascript:alert(1)', ''),
  text: fc.oneof(fc.string({ maxLength: 40 }), fc.string({ minLength: 990, maxLength: 1200 }), fc.constant(null), fc.integer()),
};

/** Mostly absent, so most items keep the valid base and the odd value under test gets through verification. */
const sometimes = <T,>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary, weight: 1 });

const oddRecommendation = fc
  .record({
    id: sometimes(fc.oneof(fc.string({ maxLength: 90 }), fc.integer())),
    createdAt: sometimes(odd.time),
    updatedAt: sometimes(odd.time),
    expiresAt: sometimes(odd.time),
    partnerLink: sometimes(odd.link),
    rating: sometimes(fc.oneof(fc.integer({ min: -1, max: 7 }), fc.double(), fc.constant('5'))),
    reason: sometimes(odd.text),
    stockNote: sometimes(odd.text),
    tags: sometimes(fc.oneof(fc.array(fc.string({ maxLength: 40 }), { maxLength: 12 }), fc.constant('tag'))),
    key: sometimes(fc.constantFrom('tmall:605258110430', 'tmall:1', 'site:shop.example/1', 'jd:605258110430')),
  })
  .map(({ key, ...overrides }) => {
    const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
    const base = recommendation('x') as unknown as Record<string, unknown>;
    const product = key === undefined ? base.product : { ...(base.product as object), key };
    return { ...base, ...defined, product } as Record<string, unknown>;
  });
const oddRecommendations = fc
  .array(oddRecommendation, { maxLength: 6 })
  .map((list) => list.map((item, index) => (item.id === 'x' ? { ...item, id: `r${index}` } : item)));

describe('feed refresh (property)', () => {
  it('random bodies never throw and never write invalid data', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json(), fc.uint8Array({ maxLength: 200 })), async (body) => refreshWith(body)),
      { numRuns: 60 },
    );
  });

  it('a signed feed with bytes changed, cut or inserted never throws and never writes invalid data', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat(), kind: fc.constantFrom('replace', 'delete', 'insert'), char: fc.string({ minLength: 1, maxLength: 2 }) }), { minLength: 1, maxLength: 4 }),
        async (edits) => {
          let text = goodText;
          for (const { at, kind, char } of edits) {
            const i = at % (text.length + 1);
            text = kind === 'delete' ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + char + text.slice(i + (kind === 'replace' ? 1 : 0));
          }
          await refreshWith(text);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('correctly signed payloads full of odd values never throw and store only valid records', async () => {
    await fc.assert(
      fc.asyncProperty(
        oddRecommendations,
        fc.array(fc.record({ id: fc.oneof(fc.constantFrom('a1', 'a2', 'x'), fc.string({ maxLength: 5 })), retractedAt: odd.time }), { maxLength: 3 }),
        async (recommendations, retractions) => {
          const envelope = await signRaw(alice, JSON.stringify(payloadFor(alice, recommendations, retractions)));
          await refreshWith(JSON.stringify(envelope));
        },
      ),
      { numRuns: 150 },
    );
  });
});
