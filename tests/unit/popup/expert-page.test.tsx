import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { I18nProvider } from '../../../components/I18n';
import { ExpertPage } from '../../../components/popup/ExpertPage';
import { PicksTab } from '../../../components/popup/PicksTab';
import { SyncedFollows } from '../../../components/popup/SyncedFollows';
import type { ExpertPageData, PickEntry, TimelinePage } from '../../../utils/db/picks';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import { askFirstTimelinePage } from '../../../utils/popup/timeline-first-page';
import { cny, expert, fakeRequest, holdFrames, ok, pick, type Handlers } from './fixtures';

const mocked = vi.hoisted(() => ({ request: null as unknown as ReturnType<typeof import('./fixtures').fakeRequest> }));
vi.mock('../../../utils/messaging/client', () => ({ request: (...args: unknown[]) => (mocked.request as (...a: unknown[]) => unknown)(...args) }));

const NOW = Date.UTC(2025, 11, 10);
const ID = 'ed25519:ab12ef00000000000000000000cdcd34';

function show(ui: preact.ComponentChild, handlers: Handlers, language: 'en' | 'zh' = 'en') {
  mocked.request = fakeRequest(handlers);
  render(<I18nProvider language={language} strings={ALL_STRINGS}>{ui}</I18nProvider>);
  return mocked.request;
}
afterEach(cleanup);
beforeEach(() => {
  vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true as never);
});

const entry = (id: string, title: string, overrides: Partial<PickEntry> = {}, rec: Parameters<typeof pick>[1] = {}): PickEntry => ({
  recommendation: pick(`tmall:${id}`, { id, expertId: ID, snapshot: { title, imageUrl: null, price: cny(199) }, reason: `Why ${title}`, updatedAt: NOW - 1000, ...rec }),
  store: 'tmall',
  lastPrice: null,
  plainUrl: `https://detail.tmall.com/item.htm?id=${id}`,
  saved: false,
  ...overrides,
});

const page = (overrides: Partial<ExpertPageData> = {}): ExpertPageData => {
  const picks = overrides.picks ?? [entry('1', 'Linen shirt', { lastPrice: cny(159) }), entry('2', 'Thermos', { store: 'jd', saved: true }, { partnerLink: null })];
  return {
    expert: expert({ id: ID, displayName: 'مي Mei', bio: 'Tea and kettles', feedUrl: 'https://feeds.example/mei.json', feedStatus: { lastFetchedAt: NOW - 3_600_000, lastError: null, etag: null } }),
    staleSince: null,
    collections: [],
    ...overrides,
    picks,
    total: overrides.total ?? picks.length,
  };
};

describe('ExpertPage', () => {
  it('shows the profile, the short key, the feed and every pick with both prices, the disclosure and the plain store link', async () => {
    show(<ExpertPage expertId={ID} listHeight={800} onBack={() => undefined} />, { getExpertPage: () => ok(page()) });
    const heading = await screen.findByRole('heading', { name: 'مي Mei' });
    // The name is isolated so a right-to-left name cannot reorder the text around it.
    expect(heading.querySelector('bdi')?.textContent).toBe('مي Mei');
    expect(screen.getByText('Key ed25519:ab12…cd34')).toBeTruthy();
    expect(screen.getByText('https://feeds.example/mei.json')).toBeTruthy();
    expect(screen.getByText('2 picks')).toBeTruthy();
    const shirt = screen.getByRole('article', { name: 'Linen shirt' });
    expect(shirt.textContent).toContain('When recommended: CN¥199.00');
    expect(shirt.textContent).toContain('Last seen: CN¥159.00');
    expect(shirt.textContent).toContain('down 20%');
    expect(within(shirt).getByRole('link', { name: 'Buy via مي Mei' }).getAttribute('href')).toBe('https://s.click.taobao.com/t?e=abc');
    expect(shirt.textContent).toContain('This link may earn مي Mei a commission');
    expect(within(shirt).getByRole('link', { name: 'Store page' }).getAttribute('href')).toBe('https://detail.tmall.com/item.htm?id=1');
    // No partner link: no Buy via, no disclosure.
    const thermos = screen.getByRole('article', { name: 'Thermos' });
    expect(within(thermos).queryByRole('link', { name: /Buy via/ })).toBeNull();
    expect(within(thermos).getByRole('button', { name: 'Thermos is saved' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('draws the newest rows from a first small answer, then reads every pick', async () => {
    const all = Array.from({ length: 45 }, (_, i) => entry(String(i + 1), `Pick ${i + 1}`));
    const request = show(<ExpertPage expertId={ID} listHeight={400} onBack={() => undefined} />, {
      getExpertPage: (data) => {
        const limit = (data as { limit?: number }).limit;
        return ok(page({ picks: limit ? all.slice(0, limit) : all, total: all.length }));
      },
    });
    await screen.findByText('45 picks');
    expect(request).toHaveBeenNthCalledWith(1, 'getExpertPage', { expertId: ID, limit: 40 });
    await waitFor(() => expect(request).toHaveBeenNthCalledWith(2, 'getExpertPage', { expertId: ID }));
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search this expert’s picks' }), { target: { value: 'Pick 45' } });
    await screen.findByRole('article', { name: 'Pick 45' });
  });

  it('asks for every pick only after the frame that painted the first rows, so neither competes with it', async () => {
    const all = Array.from({ length: 45 }, (_, i) => entry(String(i + 1), `Pick ${i + 1}`));
    const { frames, restore } = holdFrames();
    try {
      const request = show(<ExpertPage expertId={ID} listHeight={400} onBack={() => undefined} />, {
        // The first answer found the newest rows without counting them all (total null), as with many picks.
        getExpertPage: (data) => ok((data as { limit?: number }).limit ? { ...page({ picks: all.slice(0, 40) }), total: null } : page({ picks: all })),
      });
      await screen.findByRole('article', { name: 'Pick 1' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      // No frame yet: only the first answer was asked for.
      expect(request).toHaveBeenCalledTimes(1);
      for (const callback of frames.splice(0)) callback(performance.now());
      await waitFor(() => expect(request).toHaveBeenNthCalledWith(2, 'getExpertPage', { expertId: ID }));
      await screen.findByText('45 of 45');
    } finally {
      restore();
    }
  });

  it('draws an answer that came while the page loaded in its first paint, the rows in view only, the others after that frame', async () => {
    const all = Array.from({ length: 45 }, (_, i) => entry(String(i + 1), `Pick ${i + 1}`));
    const { frames, restore } = holdFrames();
    try {
      // The full tab's first script asked, and the answer came, before the page's code ran (utils/popup/expert-first-rows.ts).
      const answer = Promise.resolve(ok({ ...page({ picks: all.slice(0, 40) }), total: null }));
      await answer;
      show(<ExpertPage expertId={ID} prefetched={{ expertId: ID, answer }} listHeight={400} onBack={() => undefined} />, { getExpertPage: () => ok(page({ picks: all })) });
      // No frame has been drawn: the rows are there for the first one, those in view (400 px of 196 px rows) only.
      await screen.findByRole('article', { name: 'Pick 1' });
      expect(frames.length).toBeGreaterThan(0);
      expect(screen.getAllByRole('article').map((row) => row.getAttribute('aria-label'))).toEqual(['Pick 1', 'Pick 2', 'Pick 3']);
      for (const callback of frames.splice(0)) callback(performance.now());
      // After that frame: the rows beyond the view (VirtualList's overscan), and every pick.
      await waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(7));
      await screen.findByText('45 of 45');
    } finally {
      restore();
    }
  });

  it('searches and filters the picks in memory', async () => {
    const request = show(<ExpertPage expertId={ID} listHeight={800} onBack={() => undefined} />, { getExpertPage: () => ok(page()) });
    await screen.findByText('2 of 2');
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search this expert’s picks' }), { target: { value: 'thermos' } });
    await screen.findByText('1 of 2');
    expect(screen.queryByRole('article', { name: 'Linen shirt' })).toBeNull();
    fireEvent.input(screen.getByRole('searchbox', { name: 'Search this expert’s picks' }), { target: { value: '' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Store' }), { target: { value: 'jd' } });
    await screen.findByText('1 of 2');
    expect(screen.getByRole('article', { name: 'Thermos' })).toBeTruthy();
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('saves and adds to the cart through the pick', async () => {
    const request = show(<ExpertPage expertId={ID} listHeight={800} onBack={() => undefined} />, {
      getExpertPage: () => ok(page()),
      savePick: () => ok({ item: { productKey: 'tmall:1', savedAt: NOW, note: '', viaExpertId: ID, updatedAt: NOW }, added: true, productKey: 'tmall:1' }),
      addPickToCart: () => ok({ productKey: 'tmall:1', variant: '', store: 'tmall', quantity: 1, addedAt: NOW, viaRecommendationId: '1', updatedAt: NOW }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Save Linen shirt' }));
    await screen.findByRole('button', { name: 'Linen shirt is saved' });
    expect(request).toHaveBeenCalledWith('savePick', { recommendationId: '1' });
    fireEvent.click(screen.getByRole('button', { name: 'Add Linen shirt to the cart' }));
    await screen.findByText('In the cart: Linen shirt (1)');
    expect(request).toHaveBeenCalledWith('addPickToCart', { recommendationId: '1' });
  });

  it('says when the picks are stale, and switches them off and on for product pages', async () => {
    const request = show(<ExpertPage expertId={ID} listHeight={800} onBack={() => undefined} />, {
      getExpertPage: () => ok(page({ staleSince: Date.UTC(2025, 11, 3, 12) })),
      setExpertOnProductPages: (data) => ok(expert({ id: ID, showOnProductPages: (data as { shown: boolean }).shown })),
    });
    await screen.findByText(/Picks from Dec 3, 2025.*could not update this feed since/);
    expect(screen.getAllByText(/From Dec 3, 2025 — could not update since/).length).toBe(2);
    const toggle = screen.getByRole('checkbox', { name: 'Show this expert’s picks on product pages' }) as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    fireEvent.click(toggle);
    await waitFor(() => expect((screen.getByRole('checkbox', { name: 'Show this expert’s picks on product pages' }) as HTMLInputElement).checked).toBe(false));
    expect(request).toHaveBeenCalledWith('setExpertOnProductPages', { expertId: ID, shown: false });
  });

  it('offers “Allow access again” when the feed’s host permission was removed, asks for it in the click, and refreshes', async () => {
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false as never);
    const ask = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true as never);
    const request = show(<ExpertPage expertId={ID} listHeight={800} onBack={() => undefined} />, {
      getExpertPage: () =>
        ok(page({ expert: expert({ id: ID, displayName: 'Mei', feedUrl: 'https://feeds.example/mei.json', feedStatus: { lastFetchedAt: 1, lastError: 'Haowu may not read https://feeds.example', etag: null, lastErrorInfo: { code: 'permission', params: { origin: 'https://feeds.example' } } } }) })),
      refreshFeeds: () => ok([{ kind: 'feed', id: ID, status: 'updated', message: 'ok' }]),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Allow access again' }));
    expect(ask).toHaveBeenCalledWith({ origins: ['https://feeds.example/*'] });
    await waitFor(() => expect(request).toHaveBeenCalledWith('refreshFeeds', { expertId: ID }));
    expect(screen.getByText(/Haowu may no longer read feeds.example|Last refresh failed/)).toBeTruthy();
  });

  it('unfollows (their picks go) and offers to follow again', async () => {
    let followed = true;
    const request = show(<ExpertPage expertId={ID} listHeight={800} onBack={() => undefined} />, {
      getExpertPage: () => ok(followed ? page() : page({ expert: expert({ id: ID, displayName: 'Mei', followed: false, followedAt: null }), picks: [] })),
      unfollowExpert: () => {
        followed = false;
        return ok({ expert: expert({ id: ID, displayName: 'Mei', followed: false, followedAt: null }), removedRecommendations: 2 });
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Unfollow' }));
    await screen.findByText('You no longer follow مي Mei; their picks were removed.');
    await screen.findByText('Follow this expert to get their picks again.');
    expect(screen.getByRole('button', { name: 'Follow' })).toBeTruthy();
    expect(request).toHaveBeenCalledWith('unfollowExpert', { expertId: ID });
  });

  it('speaks Chinese, with one plural form', async () => {
    show(<ExpertPage expertId={ID} listHeight={800} onBack={() => undefined} />, { getExpertPage: () => ok(page({ picks: [entry('1', '保温杯')] })) }, 'zh');
    await screen.findByText('1条推荐');
    expect(screen.getByRole('checkbox', { name: '在商品页显示此达人的推荐' })).toBeTruthy();
  });
});

describe('PicksTab', () => {
  const following = [{ id: ID, displayName: 'Mei' }];
  const timeline = (entries: PickEntry[], next: TimelinePage['next'] = null): TimelinePage => ({
    entries,
    experts: [{ id: ID, displayName: 'Mei', avatarUrl: null, followed: true, staleSince: null }],
    next,
    lastSeenAt: NOW - 10_000,
  });

  it('lists the newest picks, marks the new ones, says how many, and records the look', async () => {
    const request = show(<PicksTab listHeight={2000} onOpenExpert={() => undefined} />, {
      listTimeline: () => ok(timeline([entry('1', 'Linen shirt', { isNew: true }), entry('2', 'Thermos', { isNew: false })])),
      markPicksSeen: (data) => ok({ lastSeenAt: (data as { at: number }).at }),
      listFollowing: () => ok(following),
    });
    await screen.findByText('1 new pick since you last looked');
    expect(within(screen.getByRole('article', { name: 'Linen shirt' })).getByText('New')).toBeTruthy();
    expect(within(screen.getByRole('article', { name: 'Thermos' })).queryByText('New')).toBeNull();
    await waitFor(() => expect(request).toHaveBeenCalledWith('markPicksSeen', { at: expect.any(Number) }));
    expect(request).toHaveBeenCalledWith('listTimeline', { limit: 60 });
  });

  it('records the look and lists everyone followed only after the frame that painted the first rows', async () => {
    const { frames, restore } = holdFrames();
    try {
      const request = show(<PicksTab listHeight={2000} onOpenExpert={() => undefined} />, {
        listTimeline: () => ok(timeline([entry('1', 'Linen shirt', { isNew: true })])),
        markPicksSeen: (data) => ok({ lastSeenAt: (data as { at: number }).at }),
        listFollowing: () => ok(following),
      });
      await screen.findByRole('article', { name: 'Linen shirt' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(request.mock.calls.map(([name]) => name)).toEqual(['listTimeline']);
      for (const callback of frames.splice(0)) callback(performance.now());
      await waitFor(() => expect(request).toHaveBeenCalledWith('markPicksSeen', { at: expect.any(Number) }));
      await waitFor(() => expect(request).toHaveBeenCalledWith('listFollowing', undefined));
    } finally {
      restore();
    }
  });

  it('filters by store and expert through the background, and opens an expert from a pick', async () => {
    const open = vi.fn();
    const request = show(<PicksTab listHeight={2000} onOpenExpert={open} />, {
      listTimeline: () => ok(timeline([entry('1', 'Linen shirt')])),
      markPicksSeen: () => ok({ lastSeenAt: NOW }),
      listFollowing: () => ok(following),
    });
    await screen.findByRole('article', { name: 'Linen shirt' });
    // Everyone followed comes in its own answer, after the first rows.
    await screen.findByRole('option', { name: 'Mei' });
    fireEvent.change(screen.getByRole('combobox', { name: 'Store' }), { target: { value: 'jd' } });
    await waitFor(() => expect(request).toHaveBeenCalledWith('listTimeline', { store: 'jd', limit: 60 }));
    fireEvent.change(screen.getByRole('combobox', { name: 'Expert' }), { target: { value: ID } });
    await waitFor(() => expect(request).toHaveBeenCalledWith('listTimeline', { store: 'jd', expertId: ID, limit: 60 }));
    fireEvent.click(await screen.findByRole('button', { name: 'See all picks by Mei' }));
    expect(open).toHaveBeenCalledWith(ID);
  });

  it('loads the next page as the list reaches its end', async () => {
    const request = show(<PicksTab listHeight={2000} onOpenExpert={() => undefined} />, {
      listTimeline: (data) => ok((data as { before?: unknown }).before ? timeline([entry('3', 'Kettle')]) : timeline([entry('1', 'Linen shirt')], [NOW - 1000, '1'])),
      markPicksSeen: () => ok({ lastSeenAt: NOW }),
      listFollowing: () => ok(following),
    });
    await screen.findByRole('article', { name: 'Kettle' });
    expect(request).toHaveBeenCalledWith('listTimeline', { limit: 60, before: [NOW - 1000, '1'] });
  });

  it('says how to get picks when nobody is followed', async () => {
    show(<PicksTab listHeight={400} onOpenExpert={() => undefined} />, { listTimeline: () => ok(timeline([])), markPicksSeen: () => ok({ lastSeenAt: NOW }), listFollowing: () => ok([]) });
    await screen.findByText('No picks yet');
  });

  it('draws the first page asked for on the tab’s click, without asking for it again', async () => {
    const early = vi.fn(() => ok(timeline([entry('1', 'Linen shirt')])));
    mocked.request = fakeRequest({ listTimeline: early });
    askFirstTimelinePage();
    const request = show(<PicksTab listHeight={2000} onOpenExpert={() => undefined} />, {
      listTimeline: () => ok(timeline([entry('2', 'Thermos')])),
      markPicksSeen: () => ok({ lastSeenAt: NOW }),
      listFollowing: () => ok(following),
    });
    await screen.findByRole('article', { name: 'Linen shirt' });
    expect(early).toHaveBeenCalledTimes(1);
    expect(request).not.toHaveBeenCalledWith('listTimeline', expect.anything());
    await waitFor(() => expect(request).toHaveBeenCalledWith('markPicksSeen', { at: expect.any(Number) }));
    // Taken once: the next visit asks for itself.
    cleanup();
    const again = show(<PicksTab listHeight={2000} onOpenExpert={() => undefined} />, {
      listTimeline: () => ok(timeline([entry('2', 'Thermos')])),
      markPicksSeen: () => ok({ lastSeenAt: NOW }),
      listFollowing: () => ok(following),
    });
    await screen.findByRole('article', { name: 'Thermos' });
    expect(again).toHaveBeenCalledWith('listTimeline', { limit: 60 });
  });

  it('says so when everyone followed cannot be listed for the expert filter', async () => {
    show(<PicksTab listHeight={2000} onOpenExpert={() => undefined} />, {
      listTimeline: () => ok(timeline([entry('1', 'Linen shirt')])),
      markPicksSeen: () => ok({ lastSeenAt: NOW }),
    });
    await screen.findByRole('article', { name: 'Linen shirt' });
    await screen.findByRole('alert');
  });
});

describe('SyncedFollows', () => {
  it('offers each follow from another browser whose host is not allowed here, asks in the click, then follows', async () => {
    const ask = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true as never);
    let pending = [{ url: 'https://feeds.example/mei.json', kind: 'feed' as const, at: 1, error: null }];
    const request = show(<SyncedFollows />, {
      listSyncPending: () => ok(pending),
      followFeed: () => {
        pending = [];
        return ok({ kind: 'feed', expert: expert(), summary: '', summaryInfo: { recommendations: 0, accepted: 0, skipped: 0, retractions: 0, retractionsSkipped: 0, reasons: [] } } as never);
      },
    });
    await screen.findByText('Allow access to follow feeds.example, synced from your other browser.');
    fireEvent.click(screen.getByRole('button', { name: 'Allow access to feeds.example and follow' }));
    expect(ask).toHaveBeenCalledWith({ origins: ['https://feeds.example/*'] });
    await waitFor(() => expect(request).toHaveBeenCalledWith('followFeed', { url: 'https://feeds.example/mei.json' }));
    await waitFor(() => expect(screen.queryByText(/Allow access to follow/)).toBeNull());
  });
});
