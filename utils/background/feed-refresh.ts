import { browser } from 'wxt/browser';
import { backgroundAvatarDeps } from '../avatar/avatar-sync';
import type { DbConnection } from '../db/open';
import { refreshFeeds, type SyncDeps } from '../feed/sync';
import { getSettings, watchSettings, type Settings } from '../settings';

/*
 * When followed feeds are refreshed: on an alarm every `settings.feedRefreshHours` (default 6),
 * re-scheduled when that setting changes; every feed when the browser starts; and, each time the
 * service worker starts, whatever is due or was cut off mid-refresh (see isDue in feed/sync.ts).
 */

export const FEED_REFRESH_ALARM = 'haowu-feed-refresh';
const HOUR_MS = 3_600_000;

/** (Re)creates the alarm for a new interval; an unchanged interval keeps the alarm and its next time. */
export async function scheduleFeedRefresh(hours: number): Promise<void> {
  const period = hours * 60;
  const existing = await browser.alarms.get(FEED_REFRESH_ALARM);
  if (existing?.periodInMinutes === period) return;
  await browser.alarms.create(FEED_REFRESH_ALARM, { delayInMinutes: period, periodInMinutes: period });
}

/**
 * The real network and permissions, for the background; and the image codec for avatar copies once
 * the background has turned them on (enableAvatarCopies, before this is called).
 */
export function backgroundSyncDeps(connection: Pick<DbConnection, 'get'>, now = Date.now): SyncDeps {
  return {
    db: connection.get,
    now,
    fetch: (url, init) => fetch(url, init),
    canRead: (origin) => browser.permissions.contains({ origins: [origin] }),
    images: backgroundAvatarDeps()?.images ?? null,
  };
}

export interface FeedRefreshOptions {
  settings?: { get: () => Promise<Settings>; watch: (callback: (settings: Settings) => void) => () => void };
  /** Called with each run's results (tests; logging). */
  onRun?: (results: Awaited<ReturnType<typeof refreshFeeds>>) => void;
}

/**
 * Wires the schedule. Listeners are added synchronously, as a service worker woken by an alarm
 * must have them in place before its first turn ends. Returns a function that removes them.
 */
export function startFeedRefresh(deps: SyncDeps, { settings = { get: getSettings, watch: watchSettings }, onRun }: FeedRefreshOptions = {}): () => void {
  const run = async (all: boolean) => {
    const intervalMs = all ? undefined : (await settings.get()).feedRefreshHours * HOUR_MS;
    const results = await refreshFeeds(deps, { intervalMs });
    onRun?.(results);
  };
  const runLogged = (all: boolean) => void run(all).catch((error: unknown) => console.warn('[haowu] feed refresh failed', error));

  const onAlarm = (alarm: { name: string }) => {
    if (alarm.name === FEED_REFRESH_ALARM) runLogged(false);
  };
  const onStartup = () => runLogged(true);
  browser.alarms.onAlarm.addListener(onAlarm);
  browser.runtime.onStartup.addListener(onStartup);
  const stopWatching = settings.watch((next) => void scheduleFeedRefresh(next.feedRefreshHours));
  void settings.get().then((current) => scheduleFeedRefresh(current.feedRefreshHours));
  // Every start of the service worker: resume what a stopped worker left unfinished, catch up what is due.
  runLogged(false);

  return () => {
    browser.alarms.onAlarm.removeListener(onAlarm);
    browser.runtime.onStartup.removeListener(onStartup);
    stopWatching();
  };
}
