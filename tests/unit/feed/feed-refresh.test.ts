// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { FEED_REFRESH_ALARM, scheduleFeedRefresh, startFeedRefresh } from '../../../utils/background/feed-refresh';
import { DEFAULT_SETTINGS, getSettings, updateSettings, watchSettings, type Settings } from '../../../utils/settings';
import type { RefreshResult } from '../../../utils/feed/sync';
import { newExpert, recommendation, signedFeed } from './helpers';
import { json, syncFixture, type SyncFixture } from './sync-helpers';

let f: SyncFixture;
let stop: (() => void) | undefined;
beforeEach(() => {
  f = syncFixture();
});
afterEach(async () => {
  stop?.();
  stop = undefined;
  await f.connection.close();
});

type Alarm = Parameters<typeof fakeBrowser.alarms.onAlarm.trigger>[0];
const alarm = (name: string) => ({ name, scheduledTime: Date.now(), periodInMinutes: 360 }) as Alarm;
const settled = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('feed refresh alarm', () => {
  it('is created every 6 hours by default and re-created when the setting changes', async () => {
    stop = startFeedRefresh(f.deps);
    await settled();
    expect(await fakeBrowser.alarms.get(FEED_REFRESH_ALARM)).toMatchObject({ periodInMinutes: 6 * 60 });
    await updateSettings({ feedRefreshHours: 24 });
    await settled();
    expect(await fakeBrowser.alarms.get(FEED_REFRESH_ALARM)).toMatchObject({ periodInMinutes: 24 * 60 });
  });

  it('keeps an unchanged alarm (and its next time) instead of pushing it back', async () => {
    await scheduleFeedRefresh(6);
    const first = await fakeBrowser.alarms.get(FEED_REFRESH_ALARM);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await scheduleFeedRefresh(6);
    expect(await fakeBrowser.alarms.get(FEED_REFRESH_ALARM)).toEqual(first);
  });

  it('refreshes due feeds when the alarm fires, and every feed at browser start-up', async () => {
    const alice = await newExpert();
    const url = 'https://feeds.example/a.json';
    f.server.routes.set(url, json(await signedFeed(alice, [recommendation('a1')])));
    const { followUrl } = await import('../../../utils/feed/sync');
    await followUrl(f.deps, url);
    const runs: RefreshResult[][] = [];
    const settings = { get: async (): Promise<Settings> => DEFAULT_SETTINGS, watch: () => () => undefined };
    stop = startFeedRefresh(f.deps, { settings, onRun: (results) => runs.push(results) });
    await settled();
    // At start: nothing is due (just followed).
    expect(runs).toEqual([[]]);

    f.tick(6 * 3_600_000);
    await fakeBrowser.alarms.onAlarm.trigger(alarm(FEED_REFRESH_ALARM));
    await settled();
    expect(runs[1]).toMatchObject([{ kind: 'feed', status: 'updated' }]);

    await fakeBrowser.alarms.onAlarm.trigger(alarm('some-other-alarm'));
    await fakeBrowser.runtime.onStartup.trigger();
    await settled();
    // Another alarm does nothing; start-up refreshes everything, due or not.
    expect(runs).toHaveLength(3);
    expect(runs[2]).toMatchObject([{ status: 'updated' }]);
  });

  it('reads the interval from the real settings item', async () => {
    await updateSettings({ feedRefreshHours: 3 });
    expect((await getSettings()).feedRefreshHours).toBe(3);
    stop = startFeedRefresh(f.deps, { settings: { get: getSettings, watch: watchSettings } });
    await settled();
    expect(await fakeBrowser.alarms.get(FEED_REFRESH_ALARM)).toMatchObject({ periodInMinutes: 180 });
  });
});
