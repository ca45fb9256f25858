// Bundled by the benchmark and evaluated in an extension page: the feed figures run the modules the
// extension ships, in Chromium, with the extension origin's real IndexedDB.
import '../../utils/zod-jitless';
export { openHaowuDb } from '../../utils/db/open';
export { deleteAllData } from '../../utils/db/backup';
export { storeFeedFile } from '../../utils/db/feed-store';
export { exportPublicKey, fromBase64Url, generateExpertKeyPair, importPublicKey, signFeed, verifyBytes } from '../../utils/feed/crypto';
export { refreshFeeds } from '../../utils/feed/sync';

import type { HaowuDb } from '../../utils/db/open';
import type { SyncDeps } from '../../utils/feed/sync';

/** Sync dependencies for the page: Chromium's own fetch; the host permission is taken as granted. */
export const pageSyncDeps = (db: HaowuDb): SyncDeps => ({
  db: async () => db,
  now: () => Date.now(),
  fetch: (url, init) => fetch(url, init),
  canRead: async () => true,
});
