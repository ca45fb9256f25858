import { describe, expect, it } from 'vitest';
import { buildCollection, verifyCollection } from '../../../utils/feed/collection';
import { signFeed } from '../../../utils/feed/crypto';
import { MAX_COLLECTION_BYTES } from '../../../utils/feed/limits';
import { newExpert, payloadFor, recommendation, signedFeed } from './helpers';

describe('verifyCollection', () => {
  it('verifies each feed on its own: a forged feed is rejected, the others accepted', async () => {
    const [alice, bob, mallory] = await Promise.all([newExpert(), newExpert(), newExpert()]);
    const aliceFeed = await signedFeed(alice, [recommendation('a1')]);
    const bobFeed = await signedFeed(bob, [recommendation('b1'), recommendation('b2')]);
    // Mallory puts words in Alice's mouth: Alice's key, Mallory's signature.
    const forged = await signFeed(payloadFor(mallory, [recommendation('m1')]), mallory.keyPair.privateKey).then((envelope) => ({
      ...envelope,
      payload: envelope.payload.replace(mallory.publicKey, alice.publicKey),
    }));
    const collection = buildCollection({ name: 'Starter pack', curator: 'Someone' }, [aliceFeed, forged, bobFeed]);
    const result = await verifyCollection(JSON.stringify(collection));
    if (!result.ok) throw new Error(result.reason);
    expect(result.name).toBe('Starter pack');
    expect(result.curator).toBe('Someone');
    const [first, second, third] = result.feeds;
    expect(first?.result.ok && first.result.accepted.map((r) => r.id)).toEqual(['a1']);
    expect(second?.result).toMatchObject({ ok: false, code: 'bad-signature' });
    expect(third?.result.ok && third.result.accepted.map((r) => r.id)).toEqual(['b1', 'b2']);
  });

  it('a damaged entry is rejected alone', async () => {
    const alice = await newExpert();
    const collection = { ...buildCollection({ name: 'Pack' }, [await signedFeed(alice, [recommendation('a1')])]) };
    const result = await verifyCollection({ ...collection, feeds: [...collection.feeds, 'junk', { format: 'haowu-feed', version: 9 }] });
    if (!result.ok) throw new Error(result.reason);
    expect(result.feeds.map((f) => (f.result.ok ? 'ok' : f.result.code))).toEqual(['ok', 'not-a-feed', 'unsupported-version']);
  });

  it('keeps only the newest copy of an expert', async () => {
    const alice = await newExpert();
    const older = await signFeed({ ...payloadFor(alice, [recommendation('old')]), publishedAt: '2025-01-01T00:00:00Z' }, alice.keyPair.privateKey);
    const newer = await signFeed({ ...payloadFor(alice, [recommendation('new')]), publishedAt: '2025-06-01T00:00:00Z' }, alice.keyPair.privateKey);
    const result = await verifyCollection(buildCollection({ name: 'Pack' }, [older, newer]));
    if (!result.ok) throw new Error(result.reason);
    expect(result.feeds[0]?.result).toMatchObject({ ok: false, code: 'duplicate-expert' });
    expect(result.feeds[1]?.result.ok && result.feeds[1].result.accepted[0]?.id).toBe('new');
  });

  it('rejects what is not a collection, with a message that says what it is', async () => {
    const alice = await newExpert();
    expect(await verifyCollection(await signedFeed(alice, []))).toMatchObject({ ok: false, code: 'not-a-feed', reason: expect.stringMatching(/single expert’s feed/) });
    expect(await verifyCollection({ format: 'haowu-collection', version: 2 })).toMatchObject({ ok: false, code: 'unsupported-version' });
    expect(await verifyCollection({ format: 'haowu-collection', version: 1, name: '', feeds: [] })).toMatchObject({ ok: false, code: 'malformed-envelope', reason: expect.stringMatching(/name/) });
    expect(await verifyCollection({ format: 'haowu-collection', version: 1, name: 'x', feeds: Array.from({ length: 501 }, () => ({})) })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/feeds: at most 500\b/),
    });
    expect(await verifyCollection('x'.repeat(MAX_COLLECTION_BYTES + 1))).toMatchObject({ ok: false, code: 'too-large', reason: expect.stringMatching(/20 MB/) });
    expect(await verifyCollection('{')).toMatchObject({ ok: false, code: 'not-json' });
  });

  it('buildCollection refuses what it could not write', () => {
    expect(() => buildCollection({ name: '' }, [])).toThrow(/name/);
  });
});
