// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import type { ProductRecord, RecommendationRecord } from '../../../utils/db/schema';
import type { OwnPick } from '../../../utils/expert/publish-own';
import { testExpert } from './window';

/*
 * Publishing signs the feed from a payload text put together from each pick's text kept with its check
 * (issue 19), not from JSON.stringify of the whole payload. Ed25519 signatures are deterministic, so the
 * feed file must be byte for byte the one the code before made: a fresh module's buildFeedPayload,
 * signFeed (the full schema check, then JSON.stringify) and encodeFeedForDownload. Checked on a first
 * publish and on publishes after edits of every kind, with texts JSON escapes in every way.
 */

const DAY = 86_400_000;
const NOW = Date.parse('2025-06-01T00:00:00Z');

const TITLES = ['保温杯 500ml "特价"', 'Mug \\ with <b>tags</b> & more', 'Emoji 🍵🫖 tea set', 'Line\u2028separator\u2029and\ttab', 'Quote \' and "double" \u0000'.replace('\u0000', ''), 'Café crème'];

function own(i: number): OwnPick {
  const key = `jd:${100_000 + i}`;
  // The fields a feed takes from the product (LocalPick's).
  const product = { key, platform: 'jd', productId: String(100_000 + i), canonicalUrl: `https://item.jd.com/${100_000 + i}.html`, shopName: i % 2 ? null : `店 "${i}"` } as ProductRecord;
  const recommendation = {
    id: `pick-${i}`,
    expertId: 'ed25519:x',
    productKey: key,
    snapshot: { title: TITLES[i % TITLES.length]!, imageUrl: i % 3 ? `https://img.example.com/${i}.jpg` : null, price: i % 4 ? { currency: 'CNY', minMinor: 990 + i, maxMinor: 990 + i } : null },
    reason: `${TITLES[(i + 1) % TITLES.length]}: good for ${i} reasons, and “quoted” words.`,
    rating: 1 + (i % 5),
    stockNote: i % 5 === 0 ? '现货 \\ 48h' : i % 5 === 1 ? '' : null,
    tags: i % 3 ? [`tag-${i % 4}`, '厨房'] : [],
    partnerLink: i % 11 === 10 ? null : 'https://u.jd.com/abc',
    createdAt: NOW - 30 * DAY + i,
    updatedAt: NOW - 10 * DAY + i,
    expiresAt: i % 7 === 6 ? NOW - DAY : i % 7 === 5 ? NOW + 30 * DAY : null,
    deleted: i % 13 === 12,
  } as RecommendationRecord;
  return { recommendation, product: i % 17 === 16 ? null : product };
}

const edit = (picks: OwnPick[], i: number, change: Partial<RecommendationRecord>, at: number): OwnPick[] =>
  picks.map((pick, n) => (n === i ? { ...pick, recommendation: { ...pick.recommendation, ...change, updatedAt: at } } : pick));

describe('the feed publishing signs', () => {
  it('is byte for byte the file the code before made, on a first publish and after edits', { timeout: 60_000 }, async () => {
    const expert = await testExpert();
    const identity = { expertId: expert.expertId, publicKey: expert.publicKey, keyPair: expert.keyPair, profile: { name: 'Me “quoted”', bio: 'Tea\nand "mugs"' }, createdAt: NOW, updatedAt: NOW };
    vi.resetModules();
    const { signOwnFeed } = await import('../../../utils/expert/publish-own');
    let picks = Array.from({ length: 120 }, (_, i) => own(i));
    const steps: ((all: OwnPick[]) => OwnPick[])[] = [
      (all) => all,
      (all) => edit(all, 3, { reason: 'Edited: still the best at this price. 🍵' }, NOW - DAY),
      (all) => edit(all, 8, { deleted: true }, NOW - DAY + 1),
      (all) => edit(all, 9, { partnerLink: 'https://evil.example/x' }, NOW - DAY + 2),
      (all) => [...all, own(500)],
      (all) => all,
    ];
    for (const [step, change] of steps.entries()) {
      picks = change(picks);
      const now = NOW + step * 1000;
      const signed = await signOwnFeed(identity, picks, now, { window: 'https://me.example/window/index.html' });
      // The code before: a fresh module (nothing kept), the whole payload checked and stringified.
      vi.resetModules();
      const before = await import('../../../utils/feed/publish');
      const { signFeed } = await import('../../../utils/feed/crypto');
      const { payload } = before.buildFeedPayload({ publicKey: identity.publicKey, ...identity.profile, window: 'https://me.example/window/index.html' }, picks, [], now);
      expect(signed.text, `step ${step}`).toBe(before.encodeFeedForDownload(await signFeed(payload, expert.keyPair.privateKey)));
      expect(signed.envelope.payload).toBe(JSON.stringify(payload));
    }
  });
});
