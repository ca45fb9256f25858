import { describe, expect, it, vi } from 'vitest';
import { FeedPayload } from '../../../utils/feed/schema';
import type { LocalPick } from '../../../utils/feed/publish';
import { verifyFeed } from '../../../utils/feed/verify';
import { newExpert } from './helpers';

/*
 * Publishing again (issue 19): buildFeedPayload keeps the picks it checked last time, by their feed
 * form, and signCheckedPayload signs without checking them all once more. Whatever was kept, each
 * payload is the one a fresh module builds, passes the full FeedPayload schema, and signs into a feed
 * that verifies; a pick the schema refuses is refused every time.
 */

const DAY = 86_400_000;
const NOW = Date.parse('2025-03-01T00:00:00Z');
type Publish = typeof import('../../../utils/feed/publish');

const freshPublish = async (): Promise<Publish> => {
  vi.resetModules();
  return import('../../../utils/feed/publish');
};

function pick(i: number, overrides: Partial<LocalPick['recommendation']> = {}): LocalPick {
  return {
    recommendation: {
      id: `pick-${i}`,
      snapshot: { title: `京东 保温杯 ${i}`, imageUrl: null, price: { currency: 'CNY', minMinor: 5900 + i, maxMinor: 5900 + i } },
      reason: `Cheap, sturdy and keeps drinks hot for hours (${i}).`,
      rating: 1 + (i % 5),
      stockNote: null,
      tags: [`tag-${i % 3}`],
      partnerLink: 'https://u.jd.com/abc',
      createdAt: NOW - 10 * DAY,
      updatedAt: NOW - 5 * DAY + i,
      expiresAt: null,
      deleted: false,
      ...overrides,
    },
    product: { key: `jd:1000${i}`, platform: 'jd', productId: `1000${i}`, canonicalUrl: `https://item.jd.com/1000${i}.html`, shopName: null },
  };
}

describe('publishing the feed again', () => {
  it('gives the payload a fresh build gives, a valid one, signed into a feed that verifies', async () => {
    const expert = await newExpert();
    const profile = { publicKey: expert.publicKey, name: 'Me' };
    const kept = await freshPublish();
    const { signCheckedPayload } = await import('../../../utils/feed/crypto');
    let picks = Array.from({ length: 30 }, (_, i) => pick(i));
    const edits: ((picks: LocalPick[]) => LocalPick[])[] = [
      (all) => all.map((p, i) => (i === 3 ? { ...p, recommendation: { ...p.recommendation, reason: 'Edited: still the best.', updatedAt: NOW } } : p)),
      // A link the feed refuses (another store's host): left out, this time and the next.
      (all) => all.map((p, i) => (i === 7 ? { ...p, recommendation: { ...p.recommendation, partnerLink: 'https://evil.example/jd', updatedAt: NOW + 1 } } : p)),
      (all) => all,
      (all) => all.map((p, i) => (i === 7 ? { ...p, recommendation: { ...p.recommendation, partnerLink: 'https://u.jd.com/fixed', updatedAt: NOW + 2 } } : p)),
      (all) => all.map((p, i) => (i === 9 ? { ...p, recommendation: { ...p.recommendation, deleted: true, updatedAt: NOW + 3 } } : p)),
    ];
    kept.buildFeedPayload(profile, picks, [], NOW);
    for (const [step, edit] of edits.entries()) {
      picks = edit(picks);
      const built = kept.buildFeedPayload(profile, picks, [], NOW + step);
      const fresh = (await freshPublish()).buildFeedPayload(profile, picks, [], NOW + step);
      expect(built, `step ${step}`).toEqual(fresh);
      expect(FeedPayload.safeParse(built.payload).success).toBe(true);
      expect(built.omitted.map((o) => o.id)).toEqual(step === 1 || step === 2 ? ['pick-7'] : []);
      const verified = await verifyFeed(JSON.stringify(await signCheckedPayload(built.payload, expert.keyPair.privateKey)));
      expect(verified).toMatchObject({ ok: true });
    }
  });
});
