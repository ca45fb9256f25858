import { backgroundSyncDeps } from '../background/feed-refresh';
import { forgetStoredCollections } from '../feed/followed-collections';
import { feedOverview } from '../feed/overview';
import { previewFollow } from '../feed/preview';
import { followFile, followUrl, refreshCollection, refreshExpertFeed, refreshFeeds, unfollowCollection } from '../feed/sync';
import type { HandlerContext, HandlerMap } from './handler';

export type FeedMessage = 'previewFollow' | 'followFeed' | 'importFeedFile' | 'refreshFeeds' | 'listFeedOverview' | 'unfollowCollection';

const deps = (context: HandlerContext) => backgroundSyncDeps({ get: context.db }, context.now);

/**
 * Following and refreshing feeds: extension pages only (privileged). The popup asks the browser for
 * the address's origin before sending previewFollow or followFeed; the background checks it holds
 * that permission (and, for a web page, the permission for the origin of the feed it announces).
 */
export const feedHandlers: HandlerMap<FeedMessage> = {
  previewFollow: async ({ url }, context) => previewFollow(deps(context), url),
  followFeed: async ({ url, expectedExpertId }, context) => followUrl(deps(context), url, { expectedExpertId }),
  importFeedFile: async ({ text }, context) => followFile(deps(context), text),
  refreshFeeds: async ({ expertId, collectionId }, context) => {
    if (expertId !== undefined) return [await refreshExpertFeed(deps(context), expertId)];
    if (collectionId !== undefined) return [await refreshCollection(deps(context), collectionId)];
    return refreshFeeds(deps(context));
  },
  listFeedOverview: async (_, { db }) => feedOverview(await db()),
  unfollowCollection: async ({ collectionId }, context) => unfollowCollection(deps(context), collectionId),
};

/** Delete-all also forgets a copy of followed collections still in storage.local (from before database version 4). */
export const forgetFeedState = forgetStoredCollections;
