import { describe, expect, it } from 'vitest';
import { RecommendationRecord } from '../../../utils/db/schema';
import { storedRecommendationId, toRecommendationRecord } from '../../../utils/feed/records';
import { recommendation } from './helpers';

describe('toRecommendationRecord', () => {
  const expertId = `ed25519:${'ab'.repeat(16)}`;

  it('maps a feed pick to a valid database record with an expert-scoped id and epoch times', () => {
    const record = toRecommendationRecord(expertId, recommendation('r1', { expiresAt: '2026-01-01T00:00:00+08:00', stockNote: 'low' }));
    expect(RecommendationRecord.safeParse(record).success).toBe(true);
    expect(record).toMatchObject({
      id: `${expertId}/r1`,
      expertId,
      productKey: 'tmall:605258110430',
      snapshot: { title: '保温杯 500ml', imageUrl: null, price: { currency: 'CNY', minMinor: 9900, maxMinor: 12900 } },
      stockNote: 'low',
      tags: ['kitchen'],
      createdAt: Date.parse('2025-01-01T08:00:00Z'),
      expiresAt: Date.parse('2025-12-31T16:00:00Z'),
      deleted: false,
    });
  });

  it('the same feed id from two experts gives two records', () => {
    expect(storedRecommendationId('ed25519:a', 'x')).not.toBe(storedRecommendationId('ed25519:b', 'x'));
    const longest = storedRecommendationId(expertId, 'x'.repeat(80));
    expect(RecommendationRecord.shape.id.safeParse(longest).success).toBe(true);
  });
});
