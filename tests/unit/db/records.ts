import { cleanDisplayName } from '../../../utils/expert/display-name';
import type { ExpertRecord, RecommendationRecord } from '../../../utils/db/schema';

/** Valid records for tests; override what a test is about. */
export function expert(overrides: Partial<ExpertRecord> = {}): ExpertRecord {
  return {
    id: 'fp-alice',
    kind: 'feed',
    displayName: 'Alice',
    bio: 'Kitchen things',
    avatarUrl: null,
    feedUrl: 'https://alice.example.com/feed.json',
    followed: true,
    followedAt: 1000,
    feedStatus: { lastFetchedAt: null, lastError: null, etag: null },
    updatedAt: 1000,
    ...overrides,
  };
}

export function recommendation(overrides: Partial<RecommendationRecord> = {}): RecommendationRecord {
  return {
    id: 'rec-1',
    expertId: 'fp-alice',
    productKey: 'tmall:600001',
    snapshot: { title: 'Linen shirt', imageUrl: null, price: { currency: 'CNY', minMinor: 19900, maxMinor: 19900 } },
    reason: 'Breathes well',
    rating: 4,
    stockNote: null,
    tags: ['summer'],
    partnerLink: 'https://s.click.taobao.com/abc',
    createdAt: 1000,
    updatedAt: 1000,
    expiresAt: null,
    deleted: false,
    ...overrides,
  };
}

/**
 * An expert as a backup restores it: the feed state of the browser that wrote the backup is not kept
 * (utils/expert/restored-expert.ts), so the expert is not verified here until their feed is read; the
 * name is cleaned like every name.
 */
export function restored(record: ExpertRecord): ExpertRecord {
  const expert = { ...record, displayName: cleanDisplayName(record.displayName) };
  if (expert.kind !== 'feed') return expert;
  return { ...expert, feedStatus: { ...expert.feedStatus, lastFetchedAt: null, lastCheckedAt: null, lastAttemptAt: null, etag: null, lastModified: null } };
}
