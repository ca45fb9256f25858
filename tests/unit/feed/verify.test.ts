import { describe, expect, it } from 'vitest';
import { fromBase64Url, signFeed, toBase64Url } from '../../../utils/feed/crypto';
import { MAX_FEED_BYTES } from '../../../utils/feed/limits';
import { FeedPayload } from '../../../utils/feed/schema';
import { summarizeFeed, verifyFeed, type FeedVerification } from '../../../utils/feed/verify';
import { newExpert, payloadFor, recommendation, signRaw, signedFeed } from './helpers';

function expectRejected(result: FeedVerification, code: string, message: RegExp) {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.code).toBe(code);
  expect(result.reason).toMatch(message);
}

function accepted(result: FeedVerification) {
  if (!result.ok) throw new Error(`expected an accepted feed, got: ${result.reason}`);
  return result;
}

describe('sign → verify', () => {
  it('round-trips a feed as text, as bytes and as parsed JSON', async () => {
    const expert = await newExpert();
    const envelope = await signedFeed(expert, [recommendation('a'), recommendation('b', { rating: 3 })], [{ id: 'old', retractedAt: '2025-01-05T00:00:00.000Z' }]);
    const text = JSON.stringify(envelope);
    for (const input of [text, new TextEncoder().encode(text), JSON.parse(text) as unknown]) {
      const result = accepted(await verifyFeed(input));
      expect(result.expertId).toMatch(/^ed25519:[0-9a-f]{32}$/);
      expect(result.accepted.map((r) => r.id)).toEqual(['a', 'b']);
      expect(result.accepted[1]?.rating).toBe(3);
      expect(result.retractions).toEqual([{ id: 'old', retractedAt: '2025-01-05T00:00:00.000Z' }]);
      expect(result.skipped).toEqual([]);
      expect(FeedPayload.safeParse(result.payload).success).toBe(true);
      expect(summarizeFeed(result)).toBe('2 recommendations accepted');
    }
  });

  it('the same key is the same expert across feeds; a new key is a different expert', async () => {
    const alice = await newExpert();
    const mallory = await newExpert();
    const first = accepted(await verifyFeed(await signedFeed(alice, [recommendation('a')])));
    const second = accepted(await verifyFeed(await signedFeed(alice, [recommendation('b')])));
    expect(second.expertId).toBe(first.expertId);
    // Mallory copies Alice's name but cannot copy her key.
    const impostor = await signFeed({ ...payloadFor(mallory, [recommendation('a')]), expert: { publicKey: mallory.publicKey, name: 'Test expert' } }, mallory.keyPair.privateKey);
    const third = accepted(await verifyFeed(impostor));
    expect(third.expertId).not.toBe(first.expertId);
    expectRejected(await verifyFeed(impostor, { expectedExpertId: first.expertId }), 'wrong-expert', /different key.*new key is a new expert/);
    expect((await verifyFeed(await signedFeed(alice, [recommendation('c')]), { expectedExpertId: first.expertId })).ok).toBe(true);
  });
});

describe('whole-feed rejections', () => {
  it('too large, checked before parsing', async () => {
    const huge = `{"format":"haowu-feed",${' '.repeat(MAX_FEED_BYTES)}}`;
    expectRejected(await verifyFeed(huge), 'too-large', /larger than the 5 MB/);
    expectRejected(await verifyFeed(new Uint8Array(MAX_FEED_BYTES + 1)), 'too-large', /5 MB/);
    // Multi-byte characters count as bytes: 2,000,000 × "好" is 6 MB of UTF-8 in 2 M characters.
    expectRejected(await verifyFeed('好'.repeat(2_000_000)), 'too-large', /5 MB/);
  });

  it('a payload over the limit inside parsed JSON', async () => {
    const expert = await newExpert();
    const envelope = await signRaw(expert, JSON.stringify({ pad: '好'.repeat(1_800_000) }));
    expectRejected(await verifyFeed(envelope), 'too-large', /5 MB/);
  });

  it('not text, not JSON', async () => {
    expectRejected(await verifyFeed(new Uint8Array([0xff, 0xfe, 0x7b])), 'not-text', /UTF-8/);
    expectRejected(await verifyFeed('{"format": "haowu-feed", "vers'), 'not-json', /not valid JSON/);
  });

  it('unknown format or a collection where a feed was expected', async () => {
    expectRejected(await verifyFeed({ format: 'rss' }), 'not-a-feed', /not a Haowu feed/);
    expectRejected(await verifyFeed('[1,2]'), 'not-a-feed', /not a Haowu feed/);
    expectRejected(await verifyFeed(null), 'not-a-feed', /not a Haowu feed/);
    expectRejected(await verifyFeed({ format: 'haowu-collection', version: 1 }), 'not-a-feed', /collection/);
  });

  it('a newer version asks for an update; a nonsense version is damage', async () => {
    const expert = await newExpert();
    const envelope = await signedFeed(expert, [recommendation('a')]);
    expectRejected(await verifyFeed({ ...envelope, version: 2 }), 'unsupported-version', /version 2.*Update Haowu/);
    expectRejected(await verifyFeed({ ...envelope, version: '1' }), 'malformed-envelope', /version/);
  });

  it('wrong envelope types', async () => {
    const expert = await newExpert();
    const envelope = await signedFeed(expert, [recommendation('a')]);
    expectRejected(await verifyFeed({ ...envelope, payload: { not: 'a string' } }), 'malformed-envelope', /payload/);
    expectRejected(await verifyFeed({ ...envelope, signature: 'short' }), 'malformed-envelope', /signature/);
    expectRejected(await verifyFeed({ ...envelope, signature: undefined }), 'malformed-envelope', /signature/);
  });

  it('a payload that is not JSON or names no key', async () => {
    const expert = await newExpert();
    expectRejected(await verifyFeed(await signRaw(expert, '{"expert":')), 'malformed-payload', /not valid JSON/);
    expectRejected(await verifyFeed(await signRaw(expert, '{"expert":{}}')), 'malformed-payload', /publicKey/);
  });

  it('a public key that is not an Ed25519 key', async () => {
    const expert = await newExpert();
    const bad = await signRaw(expert, JSON.stringify({ ...payloadFor(expert, []), expert: { publicKey: 'x'.repeat(42), name: 'n' } }));
    expectRejected(await verifyFeed(bad), 'bad-public-key', /not a valid Ed25519 public key/);
  });

  it('a tampered payload byte or signature byte fails, wherever it is', async () => {
    const expert = await newExpert();
    const envelope = await signedFeed(expert, [recommendation('a')]);
    for (const at of [0, 10, Math.floor(envelope.payload.length / 2), envelope.payload.length - 1]) {
      const code = envelope.payload.charCodeAt(at);
      const payload = envelope.payload.slice(0, at) + String.fromCharCode(code ^ 1) + envelope.payload.slice(at + 1);
      const result = await verifyFeed({ ...envelope, payload });
      expect(result.ok).toBe(false);
    }
    const signature = fromBase64Url(envelope.signature)!;
    for (const at of [0, 31, 32, 63]) {
      const changed = signature.slice();
      changed[at]! ^= 0x01;
      expectRejected(await verifyFeed({ ...envelope, signature: toBase64Url(changed) }), 'bad-signature', /changed after the expert signed it/);
    }
  });

  it('reads what the signed bytes say, even when the payload text is not well-formed UTF-16 or starts with a BOM', async () => {
    const expert = await newExpert();
    // A lone surrogate is signed as U+FFFD (TextEncoder's replacement): that is what must be read.
    const lone = await signRaw(expert, JSON.stringify(payloadFor(expert, [recommendation('a', { reason: 'Broken LONE text, still long' })])).replace('LONE', '\ud800'));
    expect(accepted(await verifyFeed(lone)).accepted[0]?.reason).toBe('Broken \ufffd text, still long');
    // A byte-order mark before the JSON is dropped by UTF-8 decoding, as when the feed arrives as bytes.
    const bom = await signRaw(expert, `\ufeff${JSON.stringify(payloadFor(expert, [recommendation('b')]))}`);
    expect(accepted(await verifyFeed(bom)).accepted.map((r) => r.id)).toEqual(['b']);
  });

  it('an edited rating with the old signature fails', async () => {
    const expert = await newExpert();
    const envelope = await signedFeed(expert, [recommendation('a', { rating: 2 })]);
    const payload = envelope.payload.replace('"rating":2', '"rating":5');
    expect(payload).not.toBe(envelope.payload);
    expectRejected(await verifyFeed({ ...envelope, payload }), 'bad-signature', /signature/);
  });

  it('a key swapped in for the signer’s fails', async () => {
    const alice = await newExpert();
    const mallory = await newExpert();
    const envelope = await signedFeed(alice, [recommendation('a')]);
    const payload = envelope.payload.replace(alice.publicKey, mallory.publicKey);
    expectRejected(await verifyFeed({ ...envelope, payload }), 'bad-signature', /signature/);
  });

  it('a signed payload with invalid expert or lists', async () => {
    const expert = await newExpert();
    const noName = await signRaw(expert, JSON.stringify({ ...payloadFor(expert, []), expert: { publicKey: expert.publicKey, name: '' } }));
    expectRejected(await verifyFeed(noName), 'malformed-payload', /expert\.name/);
    const noList = await signRaw(expert, JSON.stringify({ ...payloadFor(expert, []), recommendations: 'none' }));
    expectRejected(await verifyFeed(noList), 'malformed-payload', /recommendations/);
    const tooMany = await signRaw(expert, JSON.stringify({ ...payloadFor(expert, []), retractions: Array.from({ length: 20_001 }, () => 0) }));
    expectRejected(await verifyFeed(tooMany), 'malformed-payload', /retractions: at most 20,000\b/);
  });
});

describe('skipping bad recommendations', () => {
  it('accepts the good ones and says why each bad one was skipped', async () => {
    const expert = await newExpert();
    const items: unknown[] = [
      recommendation('good-1'),
      recommendation('evil-link', { partnerLink: 'https://evil-taobao.com/t' }),
      recommendation('good-2'),
      recommendation('bad-rating', { rating: 6 }),
      { ...recommendation('no-reason'), reason: 'short' },
      recommendation('good-1'),
      'not an object',
      recommendation('wrong-key', { product: { ...recommendation('x').product, key: 'jd:605258110430' } }),
      recommendation('http-link', { partnerLink: 'http://s.click.taobao.com/t' }),
      recommendation('product-elsewhere', { product: { ...recommendation('x').product, url: 'https://detail.tmall.com.evil.cn/item.htm' } }),
      recommendation('retracted'),
      recommendation('time-travel', { updatedAt: '2024-01-01T00:00:00Z' }),
      recommendation('expiry', { expiresAt: '2024-01-01T00:00:00Z' }),
      recommendation('evil-link-2', { partnerLink: 'https://u.jd.com/x' }),
    ];
    const envelope = await signRaw(expert, JSON.stringify(payloadFor(expert, items, [{ id: 'retracted', retractedAt: '2025-01-03T00:00:00Z' }, { id: 7 }])));
    const result = accepted(await verifyFeed(envelope));
    expect(result.accepted.map((r) => r.id)).toEqual(['good-1', 'good-2']);
    const skipped = Object.fromEntries(result.skipped.map((s) => [s.index, [s.id, s.reason]]));
    expect(skipped).toEqual({
      1: ['evil-link', 'link host not allowed'],
      3: ['bad-rating', 'invalid rating'],
      4: ['no-reason', 'invalid reason'],
      5: ['good-1', 'duplicate id'],
      6: [undefined, 'not an object'],
      7: ['wrong-key', 'invalid product.key'],
      8: ['http-link', 'invalid partnerLink'],
      9: ['product-elsewhere', 'product URL not on its store'],
      10: ['retracted', 'retracted in the same feed'],
      11: ['time-travel', 'invalid updatedAt'],
      12: ['expiry', 'invalid expiresAt'],
      13: ['evil-link-2', 'link host not allowed'],
    });
    expect(result.skipped.find((s) => s.id === 'evil-link')?.detail).toMatch(/partnerLink: goes to evil-taobao\.com/);
    expect(result.skippedRetractions).toEqual([expect.objectContaining({ index: 1, reason: 'invalid id' })]);
    expect(FeedPayload.safeParse(result.payload).success).toBe(true);
    expect(summarizeFeed(result)).toBe(
      '12 of 14 recommendations skipped: link host not allowed (2), duplicate id (1), invalid expiresAt (1), invalid partnerLink (1), invalid product.key (1), invalid rating (1), invalid reason (1), invalid updatedAt (1), not an object (1), product URL not on its store (1), retracted in the same feed (1); 1 of 2 retractions skipped: invalid id',
    );
  });

  it('summarises a single kind of skip in one phrase', async () => {
    const expert = await newExpert();
    const items = Array.from({ length: 120 }, (_, i) => recommendation(`r${i}`, i < 3 ? { partnerLink: 'https://evil.example/x' } : {}));
    const result = accepted(await verifyFeed(await signRaw(expert, JSON.stringify(payloadFor(expert, items)))));
    expect(result.accepted).toHaveLength(117);
    expect(summarizeFeed(result)).toBe('3 of 120 recommendations skipped: link host not allowed');
  });

  it('drops fields the format does not know', async () => {
    const expert = await newExpert();
    const items = [{ ...recommendation('a'), script: '<script>alert(1)</script>' }];
    const result = accepted(await verifyFeed(await signRaw(expert, JSON.stringify(payloadFor(expert, items)))));
    expect(result.accepted[0]).not.toHaveProperty('script');
  });

  it('summarizeFeed passes a rejection reason through', async () => {
    const result = await verifyFeed('nope');
    expect(summarizeFeed(result)).toMatch(/not valid JSON/);
  });
});

describe('signFeed', () => {
  it('refuses to sign an invalid payload or with a key that is not the expert’s', async () => {
    const alice = await newExpert();
    const mallory = await newExpert();
    await expect(signFeed(payloadFor(alice, [recommendation('a', { rating: 0 })]), alice.keyPair.privateKey)).rejects.toThrow(/rating/);
    await expect(signFeed(payloadFor(alice, [recommendation('a')]), mallory.keyPair.privateKey)).rejects.toThrow(/does not belong to the expert/);
    await expect(signFeed(payloadFor(alice, [recommendation('a'), recommendation('a')]), alice.keyPair.privateKey)).rejects.toThrow(/recommendations\[1\]\.id is not valid/);
  });
});
