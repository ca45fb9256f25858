import { browser } from 'wxt/browser';
import { getExpert, setExpertFollowed, setExpertOnProductPages, unfollowExpert } from '../db/experts';
import type { HaowuDb } from '../db/open';
import type { ExpertRecord } from '../db/schema';
import { listCollections } from '../feed/followed-collections';
import { followUrl, originPattern, unfollowCollection, type SyncDeps } from '../feed/sync';
import type { ExpertEntry, Flag, FollowEntry } from './model';
import type { LocalChange, LocalFollowing } from './service';

/*
 * What this browser follows, as the sync state names it, and how the background follows, unfollows
 * and flips an expert's switches when a change comes from another browser (no message, no echo).
 */

export interface LocalFollows {
  follows: FollowEntry[];
  experts: Record<string, ExpertEntry>;
}

/** An expert's follow as sync names it: by their address when they have one, else by their id. */
export function expertFollowChange(expert: Pick<ExpertRecord, 'id' | 'kind' | 'feedUrl'>, followed: boolean): LocalChange | null {
  if (expert.kind !== 'feed') return null;
  return expert.feedUrl ? { type: 'follow', url: expert.feedUrl, kind: 'feed', followed, expertId: expert.id } : { type: 'expert', id: expert.id, followed };
}

/** An expert entry with the flags of `change` set at `at`. */
export function followExpertFlag(entry: ExpertEntry | undefined, change: { followed?: boolean; shown?: boolean }, at: number): ExpertEntry {
  const flag = (value: boolean | undefined, old: Flag | undefined): Flag | undefined => (value === undefined ? old : { value, at });
  const followed = flag(change.followed, entry?.followed);
  const shown = flag(change.shown, entry?.shown);
  return { ...(followed && { followed }), ...(shown && { shown }) };
}

/** What the database (experts and collections) says this browser follows, with the times it did. */
export async function localFollowSnapshot(db: HaowuDb): Promise<LocalFollows> {
  const [experts, collections] = await Promise.all([db.getAll('experts'), listCollections(db)]);
  const follows: FollowEntry[] = [];
  const flags: Record<string, ExpertEntry> = {};
  for (const expert of experts) {
    // The user's own profile that took over their followed feed (expert/identity-restore.ts) keeps its
    // address: sync counts it as followed here, so it neither follows it again nor drops it elsewhere.
    if (expert.kind === 'local' && expert.feedUrl) {
      follows.push({ url: expert.feedUrl, kind: 'feed', followed: true, at: expert.updatedAt, expertId: expert.id });
    }
    if (expert.kind !== 'feed') continue;
    if (expert.followed && expert.feedUrl) follows.push({ url: expert.feedUrl, kind: 'feed', followed: true, at: expert.followedAt ?? expert.updatedAt, expertId: expert.id });
    const entry: ExpertEntry = {};
    if (expert.followed && !expert.feedUrl) entry.followed = { value: true, at: expert.followedAt ?? expert.updatedAt };
    if (expert.showOnProductPages === false) entry.shown = { value: false, at: expert.updatedAt };
    if (entry.followed || entry.shown) flags[expert.id] = entry;
  }
  for (const collection of collections) {
    if (collection.url) follows.push({ url: collection.url, kind: 'collection', followed: true, at: collection.followedAt });
  }
  return { follows, experts: flags };
}


/** The background's LocalFollowing: the real database, feeds and permissions. */
export function backgroundFollowing(db: () => Promise<HaowuDb>, feeds: SyncDeps): LocalFollowing {
  return {
    snapshot: async () => localFollowSnapshot(await db()),
    follow: async (url) => void (await followUrl(feeds, url)),
    unfollow: async (entry) => {
      if (entry.kind === 'collection') {
        const collection = (await listCollections(await db())).find((c) => c.url === entry.url);
        if (collection) await unfollowCollection(feeds, collection.id);
        return;
      }
      const database = await db();
      // Followed here at that address (an expert who moved since is followed at the new one, and stays).
      const expert = (await database.getAll('experts')).find((e) => e.kind === 'feed' && e.followed && e.feedUrl === entry.url);
      if (expert) await unfollowExpert(database, expert.id, feeds.now());
    },
    setExpert: async (id, flags) => {
      const database = await db();
      const expert = await getExpert(database, id);
      if (!expert || expert.kind !== 'feed') return false;
      let changed = false;
      // Followed by address here: that address's entry decides, not the collection-level flag.
      if (flags.followed !== undefined && !expert.feedUrl && expert.followed !== flags.followed) {
        await setExpertFollowed(database, id, flags.followed, feeds.now());
        changed = true;
      }
      if (flags.shown !== undefined && (expert.showOnProductPages ?? true) !== flags.shown) {
        await setExpertOnProductPages(database, id, flags.shown, feeds.now());
        changed = true;
      }
      return changed;
    },
    canRead: (url) => browser.permissions.contains({ origins: [originPattern(url)] }),
  };
}
