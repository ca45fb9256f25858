import { describe, expect, it } from 'vitest';
import { signFeed } from '../../../utils/feed/crypto';
import { buildFeedPayload, encodeFeedForDownload, type LocalPick } from '../../../utils/feed/publish';
import { verifyFeed } from '../../../utils/feed/verify';
import { newExpert } from './helpers';

const DAY = 86_400_000;
const NOW = Date.parse('2025-03-01T00:00:00Z');

function pick(id: string, overrides: Partial<LocalPick['recommendation']> = {}): LocalPick {
  return {
    recommendation: {
      id,
      snapshot: { title: '京东 保温杯', imageUrl: null, price: { currency: 'CNY', minMinor: 5900, maxMinor: 5900 } },
      reason: 'Cheap, sturdy and keeps drinks hot for hours.',
      rating: 4,
      stockNote: null,
      tags: [],
      partnerLink: 'https://u.jd.com/abc',
      createdAt: NOW - 10 * DAY,
      updatedAt: NOW - 5 * DAY,
      expiresAt: null,
      deleted: false,
      ...overrides,
    },
    product: { key: 'jd:100012043978', platform: 'jd', productId: '100012043978', canonicalUrl: 'https://item.jd.com/100012043978.html', shopName: null },
  };
}

describe('buildFeedPayload', () => {
  it('publishes live picks, retracts deleted ones, leaves expired ones out', async () => {
    const expert = await newExpert();
    const { payload, omitted } = buildFeedPayload(
      { publicKey: expert.publicKey, name: 'Me' },
      [
        pick('live', { stockNote: 'Often sold out on weekends', tags: ['kitchen'], expiresAt: NOW + DAY }),
        pick('gone', { deleted: true, updatedAt: NOW - DAY }),
        pick('expired', { expiresAt: NOW - 1 }),
      ],
      [{ id: 'hard-deleted', retractedAt: NOW - 2 * DAY }],
      NOW,
    );
    expect(omitted).toEqual([]);
    expect(payload.publishedAt).toBe('2025-03-01T00:00:00.000Z');
    expect(payload.recommendations).toEqual([
      {
        id: 'live',
        product: {
          key: 'jd:100012043978',
          platform: 'jd',
          productId: '100012043978',
          url: 'https://item.jd.com/100012043978.html',
          title: '京东 保温杯',
          price: { currency: 'CNY', minMinor: 5900, maxMinor: 5900 },
        },
        reason: 'Cheap, sturdy and keeps drinks hot for hours.',
        rating: 4,
        stockNote: 'Often sold out on weekends',
        tags: ['kitchen'],
        partnerLink: 'https://u.jd.com/abc',
        createdAt: '2025-02-19T00:00:00.000Z',
        updatedAt: '2025-02-24T00:00:00.000Z',
        expiresAt: '2025-03-02T00:00:00.000Z',
      },
    ]);
    expect(payload.retractions).toEqual([
      { id: 'gone', retractedAt: '2025-02-28T00:00:00.000Z' },
      { id: 'hard-deleted', retractedAt: '2025-02-27T00:00:00.000Z' },
    ]);
    // What Publish builds, signFeed signs and verifyFeed accepts in full.
    const result = await verifyFeed(encodeFeedForDownload(await signFeed(payload, expert.keyPair.privateKey)));
    expect(result).toMatchObject({ ok: true, skipped: [], accepted: payload.recommendations, retractions: payload.retractions });
  });

  it('lists picks the format cannot carry, with reasons, and publishes the rest', async () => {
    const expert = await newExpert();
    const { payload, omitted } = buildFeedPayload(
      { publicKey: expert.publicKey, name: 'Me' },
      [
        pick('ok'),
        pick('no-link', { partnerLink: null }),
        pick('other-store', { partnerLink: 'https://s.click.taobao.com/t' }),
        pick('terse', { reason: 'good' }),
        { ...pick('orphan'), product: null },
      ],
      [],
      NOW,
    );
    expect(payload.recommendations.map((r) => r.id)).toEqual(['ok']);
    expect(Object.fromEntries(omitted.map((o) => [o.id, o.reason]))).toEqual({
      'no-link': 'it has no partner link',
      'other-store': expect.stringMatching(/partnerLink: goes to s\.click\.taobao\.com/),
      terse: expect.stringMatching(/reason: must be at least 10 characters/),
      orphan: expect.stringMatching(/no longer in your data/),
    });
  });

  it('a retraction never contradicts a live pick, and is listed once', () => {
    const { payload } = buildFeedPayload(
      { publicKey: 'A'.repeat(43), name: 'Me' },
      [pick('back')],
      [{ id: 'back', retractedAt: NOW - DAY }, { id: 'x', retractedAt: NOW - 3 * DAY }, { id: 'x', retractedAt: NOW - 2 * DAY }],
      NOW,
    );
    expect(payload.recommendations.map((r) => r.id)).toEqual(['back']);
    expect(payload.retractions).toEqual([{ id: 'x', retractedAt: '2025-02-27T00:00:00.000Z' }]);
  });

  it('refuses an invalid profile', () => {
    expect(() => buildFeedPayload({ publicKey: 'short', name: 'Me' }, [], [], NOW)).toThrow(/publicKey/);
  });
});

describe('encodeFeedForDownload', () => {
  it('pretty-prints the envelope and keeps the payload string byte for byte', async () => {
    const expert = await newExpert();
    const envelope = await signFeed(buildFeedPayload({ publicKey: expert.publicKey, name: 'Me' }, [pick('a')], [], NOW).payload, expert.keyPair.privateKey);
    const text = encodeFeedForDownload(envelope);
    expect(text).toMatch(/^\{\n {2}"format": "haowu-feed",\n {2}"version": 1,/);
    expect(text.endsWith('}\n')).toBe(true);
    expect((JSON.parse(text) as { payload: string }).payload).toBe(envelope.payload);
  });
});
