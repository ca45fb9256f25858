import { keptAvatarCopy } from '../avatar/stored-avatar';
import { HaowuError } from '../errors';
import { abortTransaction } from './abort';
import type { HaowuDb } from './open';
import { PICK_STORES, countPicks, openPickWriter, putExpertIn } from './pick-chunks';
import type { AvatarCopy, ExpertRecord } from './schema';

/** What following needs to know about an expert; the rest is Haowu's own bookkeeping. */
export type ExpertProfile = Pick<ExpertRecord, 'id' | 'kind' | 'displayName' | 'bio' | 'avatarUrl' | 'feedUrl'>;

/** Follows (or refreshes the profile of) an expert, keeping the feed status already known. */
export async function followExpert(db: HaowuDb, profile: ExpertProfile, now = Date.now()): Promise<ExpertRecord> {
  const tx = db.transaction(PICK_STORES, 'readwrite');
  const existing = await tx.objectStore('experts').get(profile.id);
  // Field by field: a caller's object may carry more than a profile (an avatar copy of its own, say).
  const expert: ExpertRecord = {
    id: profile.id,
    kind: profile.kind,
    displayName: profile.displayName,
    bio: profile.bio,
    avatarUrl: profile.avatarUrl,
    feedUrl: profile.feedUrl,
    ...keptAvatarCopy(existing, profile.avatarUrl),
    followed: true,
    followedAt: existing?.followed ? existing.followedAt : now,
    feedStatus: existing?.feedStatus ?? { lastFetchedAt: null, lastError: null, etag: null },
    // Haowu's own bookkeeping stays: the expert page's switch, and when picks last arrived.
    ...(existing?.showOnProductPages !== undefined && { showOnProductPages: existing.showOnProductPages }),
    ...(existing?.lastArrivalAt !== undefined && { lastArrivalAt: existing.lastArrivalAt }),
    updatedAt: now,
  };
  await Promise.all([putExpertIn(tx, expert, existing), tx.done]);
  return expert;
}

/**
 * Writes an expert record as it is given (the user's own profile: utils/expert/profile.ts), with the
 * cards their chunks carry, in one transaction.
 */
export async function putExpert(db: HaowuDb, expert: ExpertRecord): Promise<void> {
  const tx = db.transaction(PICK_STORES, 'readwrite');
  await Promise.all([putExpertIn(tx, expert, await tx.objectStore('experts').get(expert.id)), tx.done]);
}

/**
 * Whether an expert's picks show on product pages (the expert page's switch). Their picks stay in
 * Haowu either way: the expert page and the Picks tab still list them.
 */
export async function setExpertOnProductPages(db: HaowuDb, expertId: string, shown: boolean, now = Date.now()): Promise<ExpertRecord> {
  const tx = db.transaction(PICK_STORES, 'readwrite');
  const existing = await tx.objectStore('experts').get(expertId);
  if (!existing) {
    await abortTransaction(tx);
    throw new HaowuError('not-found', 'expert.gone');
  }
  const expert: ExpertRecord = { ...existing, showOnProductPages: shown, updatedAt: now };
  await Promise.all([putExpertIn(tx, expert, existing), tx.done]);
  return expert;
}

/**
 * Stops following an expert and removes their picks in the same transaction. Saved items and cart
 * lines stay: they belong to the user, not to the expert.
 */
export async function unfollowExpert(db: HaowuDb, expertId: string, now = Date.now()): Promise<{ expert: ExpertRecord; removedRecommendations: number }> {
  const tx = db.transaction(['experts', ...PICK_STORES], 'readwrite');
  const experts = tx.objectStore('experts');
  const existing = await experts.get(expertId);
  if (!existing) {
    await abortTransaction(tx);
    throw new HaowuError('not-found', 'expert.notListed');
  }
  const expert: ExpertRecord = { ...existing, followed: false, followedAt: null, updatedAt: now };
  const picks = await openPickWriter(tx, expertId);
  void putExpertIn(tx, expert, existing, picks);
  const removed = picks.clear();
  picks.flush();
  await tx.done;
  return { expert, removedRecommendations: removed };
}

/**
 * Writes an avatar copy made from `copy.sourceUrl`, in its own small transaction, only if the expert
 * still has that avatar address: the fetch ran outside any transaction, and a feed stored meanwhile
 * may have changed it. Returns the record written, or null when nothing was.
 */
export async function storeAvatarCopy(db: HaowuDb, expertId: string, copy: AvatarCopy, now: number): Promise<ExpertRecord | null> {
  const tx = db.transaction(PICK_STORES, 'readwrite');
  const existing = await tx.objectStore('experts').get(expertId);
  if (!existing || existing.avatarUrl !== copy.sourceUrl) {
    await tx.done;
    return null;
  }
  const expert: ExpertRecord = { ...existing, avatarCopy: copy, updatedAt: now };
  await Promise.all([putExpertIn(tx, expert, existing), tx.done]);
  return expert;
}

export const getExpert = (db: HaowuDb, id: string): Promise<ExpertRecord | undefined> => db.get('experts', id);

/** Followed experts, most recently followed first. */
export async function listFollowedExperts(db: HaowuDb): Promise<ExpertRecord[]> {
  return (await db.getAllFromIndex('experts', 'by-followedAt')).reverse();
}

/** Followed experts (most recently followed first) with how many picks of theirs Haowu holds. */
export async function listFollowedWithPickCounts(db: HaowuDb): Promise<{ expert: ExpertRecord; picks: number }[]> {
  const tx = db.transaction(['experts', 'pickCounts'], 'readonly');
  const experts = (await tx.objectStore('experts').index('by-followedAt').getAll()).reverse();
  const counts = await Promise.all(experts.map((expert) => countPicks(tx, expert.id)));
  await tx.done;
  return experts.map((expert, i) => ({ expert, picks: counts[i] ?? 0 }));
}

/**
 * Follows or stops following an expert Haowu already knows (from a followed feed or a collection),
 * as the overlay's Follow button does. Their picks stay either way: removing picks is what
 * `unfollowExpert` (from Haowu's own pages) does.
 */
export async function setExpertFollowed(db: HaowuDb, expertId: string, followed: boolean, now = Date.now()): Promise<ExpertRecord> {
  const tx = db.transaction(PICK_STORES, 'readwrite');
  const existing = await tx.objectStore('experts').get(expertId);
  if (!existing) {
    await abortTransaction(tx);
    throw new HaowuError('not-found', 'expert.goneRefresh');
  }
  const expert: ExpertRecord = { ...existing, followed, followedAt: followed ? (existing.followed ? existing.followedAt : now) : null, updatedAt: now };
  await Promise.all([putExpertIn(tx, expert, existing), tx.done]);
  return expert;
}
