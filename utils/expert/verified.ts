import type { ExpertRecord } from '../db/schema';

/*
 * Haowu's verified mark means one thing: this browser checked a signed feed of this expert's key and
 * stored it. Every such store (a followed feed, a collection's copy, a feed file) sets
 * `feedStatus.lastFetchedAt` (utils/db/feed-store.ts); a 304 sets it too, but only after a feed was
 * stored with the validators it answers to. Nothing else does: a new follow from a message starts with
 * it null, and a backup import resets it (with the validators, so the next refresh reads and verifies
 * the whole feed: utils/expert/restored-expert.ts). So an expert restored from a backup shows as not
 * verified until their feed is read here. What a name says ("✓ official") never counts.
 */

/** Whether this browser verified a signed feed of this expert (see above). */
export const verifiedHere = (expert: Pick<ExpertRecord, 'kind' | 'feedStatus'>): boolean => expert.kind === 'feed' && expert.feedStatus.lastFetchedAt !== null;
