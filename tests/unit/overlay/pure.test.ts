import { describe, expect, it } from 'vitest';
import type { ExpertRecord, RecommendationRecord } from '../../../utils/db/schema';
import { formatPrice } from '../../../utils/format-price';
import { initials } from '../../../utils/overlay/initials';
import { visiblePicksInOrder, type Pick } from '../../../utils/overlay/order-picks';
import { priceChange } from '../../../utils/overlay/price-change';

const cny = (minMinor: number, maxMinor = minMinor) => ({ currency: 'CNY', minMinor, maxMinor });

function pick(id: string, overrides: { followed?: boolean; rating?: number; updatedAt?: number; deleted?: boolean; expiresAt?: number | null } = {}): Pick {
  const expert: ExpertRecord = {
    id: `expert-${id}`,
    kind: 'feed',
    displayName: `Expert ${id}`,
    bio: '',
    avatarUrl: null,
    feedUrl: null,
    followed: overrides.followed ?? false,
    followedAt: null,
    feedStatus: { lastFetchedAt: null, lastError: null, etag: null },
    updatedAt: 0,
  };
  const recommendation: RecommendationRecord = {
    id,
    expertId: expert.id,
    productKey: 'tmall:1',
    snapshot: { title: 't', imageUrl: null, price: null },
    reason: 'a good reason to buy',
    rating: overrides.rating ?? 3,
    stockNote: null,
    tags: [],
    partnerLink: 'https://detail.tmall.com/item.htm?id=1',
    createdAt: 0,
    updatedAt: overrides.updatedAt ?? 0,
    expiresAt: overrides.expiresAt ?? null,
    deleted: overrides.deleted ?? false,
  };
  return { recommendation, expert };
}

describe('visiblePicksInOrder', () => {
  const now = 1_000;
  it('puts followed experts first, then higher rating, then the newest', () => {
    const picks = [pick('a', { rating: 5 }), pick('b', { followed: true, rating: 2 }), pick('c', { rating: 5, updatedAt: 9 }), pick('d', { rating: 4 })];
    expect(visiblePicksInOrder(picks, now, () => true).map((p) => p.recommendation.id)).toEqual(['b', 'c', 'a', 'd']);
  });

  it('hides retracted, expired and disallowed-link picks', () => {
    const picks = [pick('gone', { deleted: true }), pick('old', { expiresAt: now }), pick('later', { expiresAt: now + 1 }), pick('bad-link'), pick('ok')];
    const visible = visiblePicksInOrder(picks, now, (p) => p.recommendation.id !== 'bad-link');
    expect(visible.map((p) => p.recommendation.id).sort()).toEqual(['later', 'ok']);
  });
});

describe('priceChange', () => {
  it('compares the low ends in the same currency', () => {
    expect(priceChange(cny(10000), cny(9000))).toEqual({ direction: 'down', percent: 10 });
    expect(priceChange(cny(10000), cny(12500, 15000))).toEqual({ direction: 'up', percent: 25 });
    expect(priceChange(cny(10000), cny(10000))).toEqual({ direction: 'same', percent: 0 });
  });
  it('never compares across currencies or with unknown prices', () => {
    expect(priceChange(cny(10000), { currency: 'USD', minMinor: 100, maxMinor: 100 })).toBeNull();
    expect(priceChange(null, cny(1))).toBeNull();
    expect(priceChange(cny(1), null)).toBeNull();
  });
});

describe('formatPrice', () => {
  it('formats single prices and ranges in the currency', () => {
    expect(formatPrice(cny(549900, 679900), 'en')).toBe('CN¥5,499.00–6,799.00');
    expect(formatPrice({ currency: 'USD', minMinor: 1598, maxMinor: 1598 }, 'en')).toBe('$15.98');
    expect(formatPrice({ currency: 'JPY', minMinor: 1200, maxMinor: 1200 }, 'en')).toBe('¥1,200');
    expect(formatPrice(cny(14900), 'zh')).toBe('¥149.00');
  });
});

describe('initials', () => {
  it('takes two letters for names and two characters for Chinese names', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('ada')).toBe('A');
    expect(initials('小美 好物')).toBe('小美');
    expect(initials('  ')).toBe('?');
  });
});
