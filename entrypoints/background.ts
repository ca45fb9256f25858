// Must stay the first import: see utils/zod-jitless.ts.
import '../utils/zod-jitless';
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { z } from 'zod';
import { enableAvatarCopies } from '../utils/avatar/avatar-sync';
import { createDbConnection } from '../utils/db/open';
import { requestPersistentStorage } from '../utils/db/persist';
import { registerMessageHandlers } from '../utils/messaging/register';
import { createProductPages } from '../utils/background/product-pages';
import { createRecordLimiter } from '../utils/background/record-rate';
import { listenForRecommendMenu } from '../utils/background/recommend-menu';
import { listenForToggleOverlayCommand } from '../utils/background/toggle-overlay-command';
import { backgroundSyncDeps, startFeedRefresh } from '../utils/background/feed-refresh';
import { keepOptInContentScriptsInSync } from '../utils/background/opt-in-content-scripts';
import { openWelcomeOnInstall, startPicksAndSync } from '../utils/background/picks-and-sync';
import { startAutoPublish } from '../utils/publish/service';
import { startPriceChecks } from '../utils/price-tracking/service';
import { watchSettings } from '../utils/settings';

export default defineBackground(() => {
  // Extension CSP forbids `new Function`, which zod probes for its JIT; set before any schema runs
  // (already set by the first import; repeated here so the rule is visible where it matters).
  z.config({ jitless: true });

  // The background owns the database; content scripts and pages reach it through messages.
  const connection = createDbConnection();
  // Experts' avatars are fetched here, once, and stored as small copies (utils/avatar/); before the
  // handlers and the feed refresh, which use it.
  enableAvatarCopies();
  // The product pages open in tabs: what each shows, pushed its new view when data or settings change.
  const productPages = createProductPages({ db: connection.get, now: Date.now });
  const recordLimiter = createRecordLimiter();
  // The first-run guide, the new-picks badge and sync across the user's browsers (utils/sync/).
  openWelcomeOnInstall();
  const picksAndSync = startPicksAndSync(connection, productPages, backgroundSyncDeps(connection));
  const pages = picksAndSync.pages;
  registerMessageHandlers(connection, undefined, Date.now, { pages, recordLimiter, afterSuccess: picksAndSync.afterSuccess });
  watchSettings(() => void pages.changed('all'));
  browser.tabs.onRemoved.addListener((tabId) => {
    recordLimiter.forget(tabId);
    void pages.forgetTab(tabId);
  });
  listenForToggleOverlayCommand();
  // Followed feeds: on an alarm, at browser start-up, and resuming any refresh cut off last time.
  startFeedRefresh(backgroundSyncDeps(connection), {
    onRun: (results) => {
      if (results.some((result) => result.status === 'updated')) void pages.changed('all');
      picksAndSync.feedsRefreshed(results);
    },
  });
  // The expert's window, published again after their own picks or profile change, when they asked for it.
  startAutoPublish({ db: connection.get });
  // Saved items' and cart lines' prices re-read on a schedule, when the user turned it on (issue 17).
  startPriceChecks(connection, { onRun: (results) => results.length > 0 && void pages.changed('all') });
  keepOptInContentScriptsInSync((sync) => watchSettings(sync));
  listenForRecommendMenu();

  void requestPersistentStorage().catch((error: unknown) => console.warn('[haowu] could not ask for persistent storage', error));
});
