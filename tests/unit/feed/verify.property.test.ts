import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { signFeed } from '../../../utils/feed/crypto';
import { FeedPayload, FeedRecommendation, type FeedRecommendation as Rec } from '../../../utils/feed/schema';
import { verifyFeed, type FeedVerification } from '../../../utils/feed/verify';
import { newExpert, payloadFor, recommendation, signRaw, signedFeed, type Expert } from './helpers';

/** What every result must satisfy, whatever the input. */
function checkInvariants(result: FeedVerification) {
  if (!result.ok) {
    expect(result.reason.length).toBeGreaterThan(10);
    return;
  }
  expect(FeedPayload.safeParse(result.payload).success).toBe(true);
  for (const item of result.accepted) expect(FeedRecommendation.safeParse(item).success).toBe(true);
  expect(result.accepted.length + result.skipped.length).toBe(result.totals.recommendations);
  expect(result.retractions.length + result.skippedRetractions.length).toBe(result.totals.retractions);
}

async function verifyNeverThrows(input: unknown): Promise<FeedVerification> {
  const result = await verifyFeed(input);
  checkInvariants(result);
  return result;
}

const hostileStrings = fc.constantFrom(
  '',
  'https://evil-taobao.com/x',
  'https://taobao.com.evil.cn/x',
  'https://user:pw@s.click.taobao.com/x',
  'https://s.click.taobao.com:8443/x',
  'http://s.click.taobao.com/x',
  'javascript:alert(1)',
  'https://u.jd.com/x',
  'not a url',
  '<img src=x onerror=alert(1)>',
  '\ud800',
  'x'.repeat(3000),
  'tmall:1',
  '2025-13-45T99:99:99Z',
);
const anyValue = fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileStrings, fc.constant(undefined), fc.integer({ min: -10, max: 10 }));

const REC_FIELDS = ['id', 'product', 'reason', 'rating', 'stockNote', 'tags', 'partnerLink', 'createdAt', 'updatedAt', 'expiresAt'];
const PRODUCT_FIELDS = ['key', 'platform', 'productId', 'url', 'title', 'imageUrl', 'price', 'shopName'];

/** A path somewhere in a payload with three recommendations and one retraction. */
const pathInPayload = fc.oneof(
  fc.constantFrom(['expert'], ['expert', 'name'], ['expert', 'publicKey'], ['expert', 'avatarUrl'], ['publishedAt'], ['recommendations'], ['retractions']),
  fc.tuple(fc.constant('recommendations'), fc.integer({ min: 0, max: 3 })),
  fc.tuple(fc.constant('recommendations'), fc.integer({ min: 0, max: 2 }), fc.constantFrom(...REC_FIELDS)),
  fc.tuple(fc.constant('recommendations'), fc.integer({ min: 0, max: 2 }), fc.constant('product'), fc.constantFrom(...PRODUCT_FIELDS)),
  fc.tuple(fc.constant('retractions'), fc.integer({ min: 0, max: 1 }), fc.constantFrom('id', 'retractedAt')),
);

function setPath(root: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
  let node: unknown = root;
  for (const key of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return;
    node = (node as Record<string | number, unknown>)[key];
  }
  if (typeof node !== 'object' || node === null) return;
  const last = path.at(-1)!;
  if (value === undefined) delete (node as Record<string | number, unknown>)[last];
  else (node as Record<string | number, unknown>)[last] = value;
}

/** True when every field of `part` is in `whole` with the same value (objects compared recursively). */
function isSubset(part: unknown, whole: unknown): boolean {
  if (typeof part !== 'object' || part === null) return Object.is(part, whole);
  if (typeof whole !== 'object' || whole === null || Array.isArray(part) !== Array.isArray(whole)) return false;
  if (Array.isArray(part)) return part.length === (whole as unknown[]).length && part.every((v, i) => isSubset(v, (whole as unknown[])[i]));
  return Object.entries(part).every(([key, value]) => isSubset(value, (whole as Record<string, unknown>)[key]));
}

let expertPromise: Promise<Expert> | undefined;
const theExpert = () => (expertPromise ??= newExpert());

const basePayload = (expert: Expert) =>
  payloadFor(
    expert,
    [recommendation('a'), recommendation('b', { partnerLink: 'https://m.tb.cn/h.x' }), recommendation('c', { rating: 1 })],
    [{ id: 'z', retractedAt: '2025-01-09T00:00:00.000Z' }],
  );

describe('verifyFeed never throws and never accepts invalid data', () => {
  it('random JSON values and text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.string(), fc.uint8Array({ maxLength: 200 })), async (input) => {
        const result = await verifyNeverThrows(input);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('random envelopes around random payload text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.record({ format: fc.constant('haowu-feed'), version: fc.constant(1), payload: fc.oneof(fc.string(), fc.json()), signature: fc.string() }), async (envelope) => {
        const result = await verifyNeverThrows(envelope);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('a valid feed cut short anywhere', async () => {
    const text = JSON.stringify(await signedFeed(await theExpert(), [recommendation('a'), recommendation('b')]));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: text.length - 1 }), async (length) => {
        const result = await verifyNeverThrows(text.slice(0, length));
        expect(result.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('a valid feed with flipped bits: never accepted with changed content', async () => {
    const envelope = await signedFeed(await theExpert(), [recommendation('a'), recommendation('b')]);
    const bytes = new TextEncoder().encode(JSON.stringify(envelope));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat({ max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }), async (flips) => {
        const changed = bytes.slice();
        for (const [at, mask] of flips) changed[at]! ^= mask;
        const result = await verifyNeverThrows(changed);
        // Only a flip outside the payload and signature (e.g. in the envelope's own key names) can leave it readable.
        if (result.ok) expect(result.payload).toEqual(JSON.parse(envelope.payload));
      }),
      { numRuns: 300 },
    );
  });

  it('mutated fields of a validly signed feed: bad items skipped, the rest accepted', async () => {
    const expert = await theExpert();
    let acceptedWithSkips = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(pathInPayload, anyValue), { minLength: 1, maxLength: 3 }), async (mutations) => {
        const payload = structuredClone(basePayload(expert)) as unknown as Record<string, unknown>;
        for (const [path, value] of mutations) setPath(payload, path, value);
        const signed = JSON.stringify(payload);
        const result = await verifyNeverThrows(await signRaw(expert, signed));
        if (!result.ok) return;
        if (result.skipped.length > 0) acceptedWithSkips++;
        const sources = (JSON.parse(signed) as { recommendations: unknown[] }).recommendations;
        // Nothing is invented: every accepted item is (a subset of) an item that was signed.
        for (const item of result.accepted) expect(sources.some((source) => isSubset(item, source))).toBe(true);
        // Every recommendation no mutation touched is still accepted, unless a mutated retraction names it.
        const retracted = new Set(result.retractions.map((r) => r.id));
        ['a', 'b', 'c'].forEach((id, index) => {
          const touched = mutations.some(([path]) => path[0] === 'recommendations' && (path.length === 1 || path[1] === index));
          if (!touched && !retracted.has(id)) expect(result.accepted.map((r) => r.id)).toContain(id);
        });
      }),
      { numRuns: 300 },
    );
    // The property is about partly bad feeds: make sure the runs produced some.
    expect(acceptedWithSkips).toBeGreaterThan(20);
  });
});

const isoDate = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());

const validRecommendation: fc.Arbitrary<Rec> = fc
  .record({
    id: fc.stringMatching(/^[A-Za-z0-9._:-]{1,30}$/),
    reason: fc.string({ minLength: 10, maxLength: 200 }),
    rating: fc.integer({ min: 1, max: 5 }),
    tags: fc.option(fc.array(fc.string({ minLength: 1, maxLength: 32 }), { maxLength: 10 }), { nil: undefined }),
    stockNote: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
    times: fc.tuple(isoDate, isoDate).map(([a, b]) => (a <= b ? [a, b] : [b, a])),
    link: fc.constantFrom('https://s.click.taobao.com/t?e=1', 'https://uland.taobao.com/x', 'https://detail.tmall.com/item.htm?id=1', 'https://m.tb.cn/h.1'),
  })
  .map(({ id, reason, rating, tags, stockNote, times, link }) =>
    recommendation(id, {
      reason,
      rating,
      partnerLink: link,
      createdAt: times[0]!,
      updatedAt: times[1]!,
      ...(tags !== undefined && { tags }),
      ...(stockNote !== undefined && { stockNote }),
    }),
  );

describe('sign → verify round trip for random valid feeds', () => {
  it('accepts every recommendation exactly as published', async () => {
    const expert = await theExpert();
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(validRecommendation, { selector: (r) => r.id, maxLength: 8 }), async (items) => {
        const envelope = await signFeed(payloadFor(expert, items), expert.keyPair.privateKey);
        const result = await verifyFeed(JSON.stringify(envelope));
        if (!result.ok) throw new Error(result.reason);
        expect(result.skipped).toEqual([]);
        expect(result.accepted).toEqual(items);
      }),
      { numRuns: 100 },
    );
  });
});
