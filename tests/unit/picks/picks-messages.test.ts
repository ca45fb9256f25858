import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { followExpert } from '../../../utils/db/experts';
import { putRecommendations } from '../../../utils/db/recommendations';
import { getPicksLastSeen } from '../../../utils/picks/last-seen';
import { updateSettings } from '../../../utils/settings';
import { detected } from '../db/helpers';
import { expert, recommendation } from '../db/records';
import { contentSender, otherTabSender, popupSender, sendAs, useRegisteredHandlers } from '../messaging/wire';

const NOW = Date.UTC(2025, 11, 10);
const HOUR = 3_600_000;
const handlers = useRegisteredHandlers(NOW);
const db = () => handlers.connection().get();
const KEY = 'tmall:600001';

async function seed() {
  const database = await db();
  await followExpert(database, { id: 'fp-bo', kind: 'feed', displayName: 'Bo', bio: '', avatarUrl: null, feedUrl: 'https://bo.example/feed.json' }, NOW - 100 * HOUR);
  await database.put('experts', expert({ id: 'fp-mei', displayName: 'Mei', followed: false, followedAt: null, feedUrl: null }));
  await database.put('experts', expert({ id: 'fp-elsewhere', displayName: 'Elsewhere' }));
  await putRecommendations(database, [
    recommendation({ id: 'bo/1', expertId: 'fp-bo', rating: 3, partnerLink: null }),
    recommendation({ id: 'mei/1', expertId: 'fp-mei', rating: 5, partnerLink: null }),
    recommendation({ id: 'else/1', expertId: 'fp-elsewhere', productKey: 'tmall:600002', partnerLink: null }),
  ]);
}
const open = () => sendAs(contentSender, 'openProductPage', { product: detected(), arrival: 'load' });

describe('the product page view: the on/off switch and staleness, decided in the background', () => {
  it('leaves out the picks of an expert switched off for product pages, and puts them back when switched on', async () => {
    await seed();
    const before = await open();
    expect(before.ok && before.value.picks.map((p) => p.recommendation.id)).toEqual(['bo/1', 'mei/1']);
    expect(await sendAs(popupSender, 'setExpertOnProductPages', { expertId: 'fp-mei', shown: false })).toMatchObject({ ok: true, value: { showOnProductPages: false } });
    await handlers.settled();
    // The open page was pushed its new view without Mei's pick.
    expect(handlers.pushed.at(-1)?.view.picks.map((p) => p.recommendation.id)).toEqual(['bo/1']);
    const view = await open();
    expect(view.ok && view.value.picks.map((p) => p.recommendation.id)).toEqual(['bo/1']);
    await sendAs(popupSender, 'setExpertOnProductPages', { expertId: 'fp-mei', shown: true });
    const again = await open();
    expect(again.ok && again.value.picks.map((p) => p.recommendation.id)).toEqual(['bo/1', 'mei/1']);
  });

  it('marks each pick whose feed has not refreshed for more than twice the interval with when it last did', async () => {
    await seed();
    const database = await db();
    const bo = (await database.get('experts', 'fp-bo'))!;
    await database.put('experts', { ...bo, feedStatus: { ...bo.feedStatus, lastFetchedAt: NOW - 13 * HOUR } });
    // Mei is known from a collection read an hour ago: current.
    await database.put('collections', { id: 'https://c.example/c.json', url: 'https://c.example/c.json', name: 'C', description: null, curator: null, expertIds: ['fp-mei'], followedAt: 1, status: { lastFetchedAt: NOW - HOUR, lastAttemptAt: null, lastCheckedAt: null, lastError: null, etag: null, lastModified: null, summary: null }, updatedAt: 1 });
    const view = await open();
    if (!view.ok) throw new Error(view.error.message);
    expect(view.value.picks.map((p) => [p.recommendation.id, p.staleSince])).toEqual([
      ['bo/1', NOW - 13 * HOUR],
      ['mei/1', undefined],
    ]);
    // With a longer interval, the same feed is current.
    await updateSettings({ feedRefreshHours: 12 });
    const longer = await open();
    expect(longer.ok && longer.value.picks[0]?.staleSince).toBeUndefined();
  });
});

describe('openHaowuTab from a product page', () => {
  it('opens Haowu at an expert whose pick the page shows', async () => {
    await seed();
    await open();
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    expect(await sendAs(contentSender, 'openHaowuTab', { productKey: KEY, expertId: 'fp-mei' })).toEqual({ ok: true, value: { opened: true } });
    expect(create).toHaveBeenCalledWith({ url: expect.stringMatching(/\/options\.html#expert=fp-mei$/) });
  });

  it('refuses an expert the page does not show, a page that registered another product, and a page that registered none', async () => {
    await seed();
    await open();
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    expect(await sendAs(contentSender, 'openHaowuTab', { productKey: KEY, expertId: 'fp-elsewhere' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await sendAs(contentSender, 'openHaowuTab', { productKey: 'tmall:600002', expertId: 'fp-elsewhere' })).toMatchObject({ ok: false, error: { code: 'stale-page' } });
    expect(await sendAs(otherTabSender, 'openHaowuTab', { productKey: KEY, expertId: 'fp-mei' })).toMatchObject({ ok: false, error: { code: 'stale-page' } });
    // Switched off for product pages: its picks are not on the page any more.
    await sendAs(popupSender, 'setExpertOnProductPages', { expertId: 'fp-mei', shown: false });
    expect(await sendAs(contentSender, 'openHaowuTab', { productKey: KEY, expertId: 'fp-mei' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(create).not.toHaveBeenCalled();
  });

  it('still opens Haowu’s own page without an expert', async () => {
    const openOptions = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    await open();
    expect(await sendAs(contentSender, 'openHaowuTab')).toEqual({ ok: true, value: { opened: true } });
    expect(openOptions).toHaveBeenCalledOnce();
  });
});

describe('the expert page and Picks tab messages', () => {
  it('are for Haowu’s own pages only', async () => {
    await seed();
    for (const [name, data] of [
      ['getExpertPage', { expertId: 'fp-bo' }],
      ['listTimeline', { limit: 10 }],
      ['savePick', { recommendationId: 'bo/1' }],
      ['setExpertOnProductPages', { expertId: 'fp-bo', shown: false }],
      ['markPicksSeen', { at: NOW }],
    ] as const) {
      expect(await sendAs(contentSender, name, data as never), name).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });

  it('answer the expert page and the timeline, and move the last look forward but never into the future', async () => {
    await seed();
    const page = await sendAs(popupSender, 'getExpertPage', { expertId: 'fp-bo' });
    expect(page.ok && page.value.picks.map((p) => p.recommendation.id)).toEqual(['bo/1']);
    const timeline = await sendAs(popupSender, 'listTimeline', { limit: 10 });
    // Followed experts only (not Mei, known from a collection); equal times newest id first.
    expect(timeline.ok && timeline.value.entries.map((e) => e.recommendation.id)).toEqual(['else/1', 'bo/1']);
    expect(await sendAs(popupSender, 'markPicksSeen', { at: NOW + 10 * HOUR })).toEqual({ ok: true, value: { lastSeenAt: NOW } });
    expect(await sendAs(popupSender, 'markPicksSeen', { at: NOW - HOUR })).toEqual({ ok: true, value: { lastSeenAt: NOW } });
    expect(await getPicksLastSeen()).toBe(NOW);
  });
});
