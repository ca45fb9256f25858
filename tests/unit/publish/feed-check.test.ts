// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifiedHere } from '../../../utils/feed/crypto';
import { encodeFeedFile, encodeFeedForDownload, encodedFeedOf } from '../../../utils/feed/publish';
import type { FeedEnvelope } from '../../../utils/feed/schema';
import { checkFeedToUpload } from '../../../utils/publish/feed-check';
import type { PreparedFile } from '../../../utils/publish/window-files';
import { newExpert, recommendation, signRaw, signedFeed } from '../feed/helpers';
import { testExpert } from './window';

/*
 * feed.json is checked before it is uploaded (utils/publish/feed-check.ts). A feed signed and verified
 * in this background is checked by comparing the bytes with that envelope, not verified a second
 * time; any other feed is verified whole. Either way, bytes that are not the expert's signed feed are
 * refused.
 */

const asFile = (text: string | Uint8Array): PreparedFile => ({
  path: 'feed.json',
  contentType: 'application/json',
  cacheControl: 'public, max-age=300',
  bytes: typeof text === 'string' ? new TextEncoder().encode(text) : text,
});

afterEach(() => vi.restoreAllMocks());

describe('checking feed.json before the upload', () => {
  it('passes the bytes of an envelope signed here without verifying its signature again', async () => {
    const expert = await testExpert();
    const envelope = await signedFeed(expert, [recommendation('a'), recommendation('b', { reason: '中文理由，写得足够长，说清楚为什么推荐它。' })]);
    expect(verifiedHere(envelope)).toMatchObject({ publicKey: expert.publicKey, publishedAt: '2025-02-01T00:00:00.000Z' });
    const verify = vi.spyOn(crypto.subtle, 'verify');
    expect(await checkFeedToUpload(asFile(encodeFeedForDownload(envelope)), envelope, expert.expertId)).toEqual({ publishedAt: '2025-02-01T00:00:00.000Z' });
    expect(verify).not.toHaveBeenCalled();
  });

  it('knows the very bytes encodeFeedFile made from that envelope without decoding them; others are decoded and compared', async () => {
    const expert = await testExpert();
    const envelope = await signedFeed(expert, [recommendation('a'), recommendation('b', { reason: '中文理由，写得足够长，说清楚为什么推荐它。' })]);
    const other = await signedFeed(expert, [recommendation('c')]);
    const made = encodeFeedFile(envelope);
    expect(made.text).toBe(encodeFeedForDownload(envelope));
    expect(made.bytes).toEqual(new TextEncoder().encode(made.text));
    expect(encodedFeedOf(made.bytes)).toBe(envelope);
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    expect(await checkFeedToUpload(asFile(made.bytes), envelope, expert.expertId)).toEqual({ publishedAt: '2025-02-01T00:00:00.000Z' });
    expect(decode).not.toHaveBeenCalled();
    // Equal bytes in another object: decoded and compared, and they pass.
    expect(await checkFeedToUpload(asFile(made.bytes.slice()), envelope, expert.expertId)).toEqual({ publishedAt: '2025-02-01T00:00:00.000Z' });
    expect(decode).toHaveBeenCalledTimes(1);
    // Bytes made from another envelope are not this one's file.
    await expect(checkFeedToUpload(asFile(encodeFeedFile(other).bytes), envelope, expert.expertId)).rejects.toMatchObject({ code: 'invalid-window', params: { reason: 'bad-signature' } });
    // Made here, but signed by another key than the expert's: refused all the same.
    const stranger = await testExpert();
    const theirs = await signedFeed(stranger, [recommendation('a')]);
    await expect(checkFeedToUpload(asFile(encodeFeedFile(theirs).bytes), theirs, expert.expertId)).rejects.toMatchObject({ code: 'invalid-window', params: { reason: 'wrong-expert' } });
  });

  it('refuses bytes that are not the envelope signed: another payload, another signature, damage, not JSON', async () => {
    const expert = await testExpert();
    const envelope = await signedFeed(expert, [recommendation('a')]);
    const other = await signedFeed(expert, [recommendation('b')]);
    const text = encodeFeedForDownload(envelope);
    const bytes = new TextEncoder().encode(text);
    const damaged = bytes.slice();
    damaged[text.indexOf('Keeps tea hot')] = 'k'.charCodeAt(0);
    const cases: (string | Uint8Array)[] = [
      encodeFeedForDownload(other),
      encodeFeedForDownload({ ...envelope, signature: other.signature }),
      encodeFeedForDownload({ ...envelope, format: 'haowu-collection' } as unknown as FeedEnvelope),
      damaged,
      text.slice(0, -10),
      new Uint8Array([0xff, 0xfe, ...bytes]),
      'null',
    ];
    for (const given of cases) {
      await expect(checkFeedToUpload(asFile(given), envelope, expert.expertId)).rejects.toMatchObject({
        code: 'invalid-window',
        step: 'check',
        file: 'feed.json',
        params: { reason: 'bad-signature' },
      });
    }
  });

  it('refuses a feed signed here by another key than the expert’s', async () => {
    const expert = await testExpert();
    const someoneElse = await testExpert();
    const envelope = await signedFeed(someoneElse, [recommendation('a')]);
    await expect(checkFeedToUpload(asFile(encodeFeedForDownload(envelope)), envelope, expert.expertId)).rejects.toMatchObject({
      code: 'invalid-window',
      params: { reason: 'wrong-expert' },
    });
  });

  it('verifies whole a feed not signed here, or one whose envelope is only a copy of one signed here', async () => {
    const expert = await testExpert();
    const envelope = await signedFeed(expert, [recommendation('a')]);
    const copy = { ...envelope };
    expect(verifiedHere(copy)).toBeUndefined();
    const verify = vi.spyOn(crypto.subtle, 'verify');
    expect(await checkFeedToUpload(asFile(encodeFeedForDownload(envelope)), copy, expert.expertId)).toEqual({ publishedAt: '2025-02-01T00:00:00.000Z' });
    expect(await checkFeedToUpload(asFile(encodeFeedForDownload(envelope)), undefined, expert.expertId)).toEqual({ publishedAt: '2025-02-01T00:00:00.000Z' });
    expect(verify).toHaveBeenCalledTimes(2);
    // Signed with the expert's key over a payload that does not name it: refused as a follower would.
    const stranger = await newExpert();
    const forged = await signRaw(expert, JSON.stringify({ expert: { publicKey: stranger.publicKey, name: 'x' }, publishedAt: '2025-02-01T00:00:00.000Z', recommendations: [], retractions: [] }));
    await expect(checkFeedToUpload(asFile(encodeFeedForDownload(forged)), forged, expert.expertId)).rejects.toMatchObject({ code: 'invalid-window', params: { reason: 'bad-signature' } });
  });

  it('keeps what it verified unchangeable: an envelope signed here is frozen', async () => {
    const expert = await testExpert();
    const envelope = await signedFeed(expert, [recommendation('a')]);
    expect(Object.isFrozen(envelope)).toBe(true);
    expect(() => Object.assign(envelope, { payload: '{}' })).toThrow(TypeError);
  });
});
