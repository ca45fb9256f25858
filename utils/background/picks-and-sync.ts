import { browser } from 'wxt/browser';
import type { z } from 'zod';
import { getExpert } from '../db/experts';
import type { DbConnection } from '../db/open';
import { countNewSince } from '../db/picks';
import type { RefreshResult, SyncDeps } from '../feed/sync';
import type { MessageName, Payloads, Values } from '../messaging/protocol';
import { getPicksLastSeen, startPicksLastSeen, watchPicksLastSeen } from '../picks/last-seen';
import { DEFAULT_SETTINGS, getSettings, updateSettings, watchSettings } from '../settings';
import { backgroundFollowing, expertFollowChange } from '../sync/local-state';
import { syncedSettingsOf } from '../sync/model';
import { browserSyncArea, createSyncService, type LocalChange, type SyncService } from '../sync/service';
import { unseenPriceAlerts, watchUnseenPriceAlerts } from '../price-tracking/check-state';
import { badgeText, type PageChange, type ProductPages } from './product-pages';

/*
 * The background's part of the expert page, the Picks tab and sync: the welcome page on install, the
 * "new picks" count on the toolbar badge, and sync across the user's browsers (utils/sync/).
 */

/** The welcome page, once, when Haowu is installed (not on updates or browser starts). Nothing is fetched. */
export function openWelcomeOnInstall(): void {
  browser.runtime.onInstalled.addListener((details) => {
    if (details.reason !== 'install') return;
    void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') }).catch((error: unknown) => console.warn('[haowu] could not open the welcome page', error));
  });
}

/**
 * The toolbar badge's count of picks new since the user last looked at the Picks tab, when the
 * setting is on. Set without a tab: a product page's own count (set for its tab) takes its place there.
 */
export function createNewPicksBadge(connection: Pick<DbConnection, 'get'>, now = Date.now) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const update = async () => {
    const action = browser.action ?? browser.browserAction;
    const settings = await getSettings();
    const count = settings.newPicksBadge ? await countNewSince(await connection.get(), await getPicksLastSeen(), now()) : 0;
    // Price alerts the user has not seen (issue 17) take the badge's place while there are any: ↓ and their number.
    const alerts = await unseenPriceAlerts();
    await action.setBadgeText({ text: alerts > 0 ? `↓${alerts > 9 ? '9+' : alerts}` : badgeText(count) });
  };
  return {
    update,
    /** Soon, once for a burst of changes. */
    schedule: () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        void update().catch((error: unknown) => console.warn('[haowu] could not set the new-picks badge', error));
      }, 300);
    },
  };
}

/** Which local changes a successful message made that sync carries to the user's other browsers. */
export async function syncChangesOf<M extends MessageName>(
  name: M,
  data: z.output<Payloads[M]>,
  value: Values[M],
  expertOf: (id: string) => Promise<{ id: string; kind: 'feed' | 'local'; feedUrl: string | null } | undefined>,
): Promise<LocalChange[]> {
  const one = (change: LocalChange | null) => (change ? [change] : []);
  switch (name) {
    case 'followFeed': {
      const result = value as Values['followFeed'];
      if (result.kind === 'feed') return result.expert.feedUrl ? [{ type: 'follow', url: result.expert.feedUrl, kind: 'feed', followed: true, expertId: result.expert.id }] : [];
      return result.collection.url ? [{ type: 'follow', url: result.collection.url, kind: 'collection', followed: true }] : [];
    }
    case 'unfollowCollection': {
      const { collection } = value as Values['unfollowCollection'];
      return collection.url ? [{ type: 'follow', url: collection.url, kind: 'collection', followed: false }] : [];
    }
    case 'unfollowExpert':
      return one(expertFollowChange((value as Values['unfollowExpert']).expert, false));
    case 'followExpert':
      return one(expertFollowChange(value as Values['followExpert'], true));
    case 'setExpertFollowed': {
      const { followed } = data as z.output<Payloads['setExpertFollowed']>;
      return one(expertFollowChange(value as Values['setExpertFollowed'], followed));
    }
    case 'followFromPage': {
      const { expertId, followed } = data as z.output<Payloads['followFromPage']>;
      const expert = await expertOf(expertId);
      return expert ? one(expertFollowChange(expert, followed)) : [];
    }
    case 'setExpertOnProductPages': {
      const { expertId, shown } = data as z.output<Payloads['setExpertOnProductPages']>;
      return [{ type: 'expert', id: expertId, shown }];
    }
    default:
      return [];
  }
}

export interface PicksAndSync {
  /** The product pages, also telling the badge when data changed. */
  pages: ProductPages;
  /** For registerMessageHandlers: records what sync carries, after each successful message. */
  afterSuccess: <M extends MessageName>(name: M, data: z.output<Payloads[M]>, value: Values[M]) => void;
  /** After a scheduled or manual feed refresh. */
  feedsRefreshed: (results: readonly RefreshResult[]) => void;
  sync: SyncService;
}

/** Wires the badge and sync. Listeners are added synchronously (a woken service worker needs them at once). */
export function startPicksAndSync(connection: Pick<DbConnection, 'get'>, pages: ProductPages, feeds: SyncDeps): PicksAndSync {
  const badge = createNewPicksBadge(connection);
  const sync = createSyncService({
    now: Date.now,
    area: browserSyncArea(),
    local: backgroundFollowing(connection.get, feeds),
    settings: {
      get: async () => syncedSettingsOf(await getSettings()),
      defaults: syncedSettingsOf(DEFAULT_SETTINGS),
      update: async (patch) => void (await updateSettings(patch)),
    },
    changed: () => {
      void pages.changed('all').catch(() => undefined);
      badge.schedule();
    },
  });

  // Changes in storage.sync (another browser, or this one's own write: merging it changes nothing).
  browser.storage.sync.onChanged.addListener(() => sync.schedule());
  // Settings: a change made here is stamped and synced; removed (delete-all) brings the synced ones back.
  browser.storage.local.onChanged.addListener((changes) => {
    const change = changes['settings'];
    if (change) void sync.settingsChanged(change.newValue === undefined).catch(() => undefined);
  });
  // A host granted (e.g. in a tab of the options page): pending synced follows may now go ahead.
  browser.permissions.onAdded.addListener(() => sync.schedule());
  watchSettings(() => badge.schedule());
  watchPicksLastSeen(() => badge.schedule());
  watchUnseenPriceAlerts(() => badge.schedule());

  void startPicksLastSeen(Date.now())
    .then(() => badge.update())
    .catch((error: unknown) => console.warn('[haowu] could not set the new-picks badge', error));
  void sync.start().catch((error: unknown) => console.warn('[haowu] sync could not start', error));

  const withBadge: ProductPages = {
    ...pages,
    changed: (change: PageChange, except) => {
      badge.schedule();
      return pages.changed(change, except);
    },
  };

  return {
    pages: withBadge,
    sync,
    afterSuccess: (name, data, value) => {
      void (async () => {
        const changes = await syncChangesOf(name, data, value, async (id) => getExpert(await connection.get(), id));
        for (const change of changes) await sync.record(change);
      })().catch((error: unknown) => console.warn('[haowu] could not record a change for sync', error));
    },
    feedsRefreshed: (results) => {
      badge.schedule();
      // A collection may have brought experts whose synced switches wait to be applied.
      if (results.some((result) => result.status === 'updated')) sync.schedule();
    },
  };
}
