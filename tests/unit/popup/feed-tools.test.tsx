// The fake browser types permissions.request as returning nothing; the real one resolves to "granted".
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { I18nProvider } from '../../../components/I18n';
import { ExpertsTab } from '../../../components/popup/ExpertsTab';
import { FeedTools } from '../../../components/popup/FeedTools';
import { EMPTY_COLLECTION_STATUS, type FollowedCollection } from '../../../utils/feed/followed-collections';
import type { FollowPreview } from '../../../utils/feed/preview';
import type { FeedSummaryInfo } from '../../../utils/feed/status-info';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import type { Language } from '../../../utils/i18n/translate';
import { feedOrigin } from '../../../utils/popup/feed-origin';
import { expert, fakeRequest, failure, ok, type Handlers } from './fixtures';

const mocked = vi.hoisted(() => ({ request: null as unknown as ReturnType<typeof import('./fixtures').fakeRequest> }));
vi.mock('../../../utils/messaging/client', () => ({ request: (...args: unknown[]) => (mocked.request as (...a: unknown[]) => unknown)(...args) }));

function show(ui: preact.ComponentChild, handlers: Handlers, language: Language = 'en') {
  mocked.request = fakeRequest(handlers);
  render(<I18nProvider language={language} strings={ALL_STRINGS}>{ui}</I18nProvider>);
  return mocked.request;
}
afterEach(cleanup);

const FEED = 'https://feeds.example/mei.json';
const starter: FollowedCollection = {
  id: 'https://feeds.example/starter.json',
  url: 'https://feeds.example/starter.json',
  name: 'Starter pack',
  description: null,
  curator: 'Haowu demo',
  expertIds: ['fp-mei', 'fp-wang'],
  followedAt: 1,
  updatedAt: 1,
  status: { ...EMPTY_COLLECTION_STATUS, lastFetchedAt: Date.UTC(2025, 4, 1), summary: '2 of 2 feeds accepted' },
};
/** The data of "{skipped} of {total} recommendations skipped: link host not allowed". */
const linkSkipped = (total: number, skipped: number): FeedSummaryInfo => ({
  total,
  accepted: total - skipped,
  skipped,
  reasons: [{ code: 'link-host', count: skipped }],
  retractions: 0,
  skippedRetractions: 0,
  retractionReasons: [],
});
/** What previewFollow answers for Mei's feed: "signed by ed25519:d052…2f15 — 24 picks on Tmall, JD". */
const MEI_ID = 'ed25519:d052bfcfed28308bfabff97096162f15';
const meiPreview = (overrides: Partial<Extract<FollowPreview, { kind: 'feed' }>> = {}) =>
  ok({
    kind: 'feed' as const,
    url: FEED,
    pageUrl: null,
    announced: 0,
    expert: { id: MEI_ID, name: 'Mei Lin', bio: 'Phones and tea', window: null, picks: 24, stores: ['tmall', 'jd'], followed: false },
    summary: '25 recommendations accepted',
    summaryInfo: linkSkipped(25, 0),
    ...overrides,
  });
const overview = () => ok({ collections: [{ collection: starter, experts: [{ expert: expert(), picks: 2 }, { expert: expert({ id: 'fp-wang', displayName: 'Lao Wang', followed: false, followedAt: null }), picks: 3 }] }] });

describe('feedOrigin', () => {
  it('asks for exactly one https origin', () => {
    expect(feedOrigin(' https://feeds.example/a/b.json?x=1 ')).toEqual({ origin: 'https://feeds.example', pattern: 'https://feeds.example/*' });
    for (const bad of ['http://feeds.example/a.json', 'https://user:pw@feeds.example/a', 'https://feeds.example:8443/a', 'https://localhost/a', 'feeds.example/a', ''])
      expect(feedOrigin(bad), bad).toBeNull();
  });
});

describe('FeedTools', () => {
  it('asks for the feed’s origin in the click, previews it, and follows only on the preview’s Follow', async () => {
    const asked = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true as never);
    const onChange = vi.fn();
    const request = show(<FeedTools onChange={onChange} />, {
      listFeedOverview: () => ok({ collections: [] }),
      previewFollow: () => meiPreview(),
      followFeed: () => ok({ kind: 'feed' as const, expert: expert(), summary: '1 of 3 recommendations skipped: link host not allowed', summaryInfo: linkSkipped(3, 1) }),
    });
    fireEvent.input(screen.getByLabelText('Follow a feed or collection by its address'), { target: { value: FEED } });
    fireEvent.click(screen.getByRole('button', { name: 'Follow' }));
    // Asked synchronously, before any message: the click's user gesture is still there.
    expect(asked).toHaveBeenCalledWith({ origins: ['https://feeds.example/*'] });
    const preview = await screen.findByRole('region', { name: 'Follow this expert?' });
    expect(preview.textContent).toContain('signed by ed25519:d052…2f15 — 24 picks on Tmall, JD');
    expect(request).toHaveBeenCalledWith('previewFollow', { url: FEED });
    expect(request).not.toHaveBeenCalledWith('followFeed', expect.anything());

    asked.mockClear();
    fireEvent.click(within(preview).getByRole('button', { name: 'Follow' }));
    // The preview's Follow asks again for the feed's origin in its own click (granted already: no prompt).
    expect(asked).toHaveBeenCalledWith({ origins: ['https://feeds.example/*'] });
    await screen.findByText('Following Mei Lin. 1 of 3 recommendations skipped: link host not allowed');
    expect(request).toHaveBeenCalledWith('followFeed', { url: FEED, expectedExpertId: MEI_ID });
    expect(onChange).toHaveBeenCalled();
    expect(screen.queryByRole('region', { name: 'Follow this expert?' })).toBeNull();
  });

  it('Cancel on the preview stores nothing; the preview says what the feed would leave out', async () => {
    vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true as never);
    const request = show(<FeedTools onChange={() => undefined} />, {
      listFeedOverview: () => ok({ collections: [] }),
      previewFollow: () => meiPreview({ summary: '1 of 25 recommendations skipped: link host not allowed', summaryInfo: linkSkipped(25, 1) }),
    });
    fireEvent.input(screen.getByLabelText('Follow a feed or collection by its address'), { target: { value: FEED } });
    fireEvent.click(screen.getByRole('button', { name: 'Follow' }));
    const preview = await screen.findByRole('region', { name: 'Follow this expert?' });
    expect(preview.textContent).toContain('1 of 25 recommendations skipped: link host not allowed');
    fireEvent.click(within(preview).getByRole('button', { name: 'Cancel' }));
    await screen.findByText('Nothing was followed.');
    expect(request).not.toHaveBeenCalledWith('followFeed', expect.anything());
  });

  it('says a refusal of the preview in the UI language, with no Follow button', async () => {
    vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true as never);
    const request = show(
      <FeedTools onChange={() => undefined} />,
      {
        listFeedOverview: () => ok({ collections: [] }),
        previewFollow: () => ok({ kind: 'refused' as const, url: FEED, message: 'This address is a web page, not a Haowu feed, and it announces none.', error: { code: 'no-discovery' as const } }),
      },
      'zh',
    );
    fireEvent.input(screen.getByLabelText('按地址关注订阅或合集'), { target: { value: FEED } });
    fireEvent.click(screen.getByRole('button', { name: '关注' }));
    await screen.findByText('此地址是一个网页，不是好物订阅，网页中也没有声明任何订阅。');
    expect(screen.queryByRole('region', { name: '关注这位达人？' })).toBeNull();
    expect(request).not.toHaveBeenCalledWith('followFeed', expect.anything());
  });

  it('a page whose feed is on another site: that site is asked for in the next click, then previewed', async () => {
    const asked = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true as never);
    const PAGE = 'https://mei.example/index.html';
    const CDN_FEED = 'https://cdn.example/mei/feed.json';
    const request = show(<FeedTools onChange={() => undefined} />, {
      listFeedOverview: () => ok({ collections: [] }),
      previewFollow: (data) =>
        (data as { url: string }).url === PAGE
          ? ok({ kind: 'needs-origin' as const, url: CDN_FEED, pageUrl: PAGE, origin: 'https://cdn.example', pattern: 'https://cdn.example/*', linkKind: 'feed' as const })
          : meiPreview({ url: CDN_FEED, pageUrl: null }),
    });
    fireEvent.input(screen.getByLabelText('Follow a feed or collection by its address'), { target: { value: PAGE } });
    fireEvent.click(screen.getByRole('button', { name: 'Follow' }));
    expect(asked).toHaveBeenLastCalledWith({ origins: ['https://mei.example/*'] });
    await screen.findByText('This page’s feed is on another site, https://cdn.example. Haowu reads it only if you allow that site.');
    expect(request).not.toHaveBeenCalledWith('previewFollow', { url: CDN_FEED });
    fireEvent.click(screen.getByRole('button', { name: 'Allow and show' }));
    expect(asked).toHaveBeenLastCalledWith({ origins: ['https://cdn.example/*'] });
    await screen.findByRole('region', { name: 'Follow this expert?' });
    expect(request).toHaveBeenCalledWith('previewFollow', { url: CDN_FEED });
  });

  it('sends nothing when the permission is refused, and says why', async () => {
    vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(false as never);
    const request = show(<FeedTools onChange={() => undefined} />, { listFeedOverview: () => ok({ collections: [] }) });
    fireEvent.input(screen.getByLabelText('Follow a feed or collection by its address'), { target: { value: FEED } });
    fireEvent.click(screen.getByRole('button', { name: 'Follow' }));
    await screen.findByText('Haowu needs your permission to read https://feeds.example, so nothing was followed.');
    expect(request).not.toHaveBeenCalledWith('followFeed', expect.anything());
  });

  it('refuses a non-https address without asking the browser', async () => {
    const asked = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true as never);
    show(<FeedTools onChange={() => undefined} />, { listFeedOverview: () => ok({ collections: [] }) });
    fireEvent.input(screen.getByLabelText('Follow a feed or collection by its address'), { target: { value: 'http://feeds.example/a.json' } });
    fireEvent.click(screen.getByRole('button', { name: 'Follow' }));
    await screen.findByText('Enter the full https:// address of a feed or collection.');
    expect(asked).not.toHaveBeenCalled();
  });

  it('imports a file and shows the verifier’s reason when it is refused', async () => {
    const request = show(<FeedTools onChange={() => undefined} />, {
      listFeedOverview: () => ok({ collections: [] }),
      importFeedFile: () => failure('This is not a Haowu feed (it has no "format": "haowu-feed").'),
    });
    const input = screen.getByLabelText('Import a feed or collection file') as HTMLInputElement;
    const file = new File(['{"format":"x"}'], 'feed.json', { type: 'application/json' });
    Object.defineProperty(input, 'files', { value: [file] });
    fireEvent.change(input);
    await screen.findByText(/This is not a Haowu feed/);
    expect(request).toHaveBeenCalledWith('importFeedFile', { text: '{"format":"x"}' });
  });

  it('lists collections with their experts: Follow for those not followed, unfollow the collection, refresh all', async () => {
    const request = show(<FeedTools onChange={() => undefined} />, {
      listFeedOverview: overview,
      setExpertFollowed: () => ok(expert({ id: 'fp-wang' })),
      unfollowCollection: () => ok({ collection: starter, removedExperts: 1 }),
      refreshFeeds: () => ok([
        { kind: 'feed' as const, id: 'fp-mei', status: 'updated' as const, message: '2 recommendations accepted' },
        { kind: 'collection' as const, id: starter.id, status: 'failed' as const, message: 'The collection’s server had a problem (500).' },
      ]),
    });
    await screen.findByText('Starter pack');
    expect(screen.getByText(/by Haowu demo · https:\/\/feeds.example\/starter.json/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Follow Mei Lin' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Follow Lao Wang' }));
    await waitFor(() => expect(request).toHaveBeenCalledWith('setExpertFollowed', { expertId: 'fp-wang', followed: true }));

    fireEvent.click(screen.getByRole('button', { name: 'Refresh all now' }));
    await screen.findByText('Refreshed: 1 updated, 0 unchanged, 1 failed');

    fireEvent.click(screen.getByRole('button', { name: 'Unfollow the collection Starter pack' }));
    await screen.findByText('Unfollowed Starter pack; 1 expert known only from it was removed with their picks.');
    expect(request).toHaveBeenCalledWith('unfollowCollection', { collectionId: starter.id });
  });
});

describe('FeedTools: experts known from a collection', () => {
  it('open their page from their name, followed or not', async () => {
    const opened: string[] = [];
    show(<FeedTools onChange={() => undefined} onOpenExpert={(id) => opened.push(id)} />, { listFeedOverview: overview });
    fireEvent.click(await screen.findByRole('button', { name: 'See all picks by Lao Wang' }));
    fireEvent.click(screen.getByRole('button', { name: 'See all picks by Mei Lin' }));
    expect(opened).toEqual(['fp-wang', 'fp-mei']);
  });
});

describe('ExpertsTab with feed tools', () => {
  it('refreshes one feed, shows its skipped summary, and reloads when the tools change something', async () => {
    let refreshed = false;
    const summaries = () =>
      ok([{ expert: expert({ feedStatus: { lastFetchedAt: 1, lastError: null, etag: null, summary: refreshed ? '1 of 120 recommendations skipped: link host not allowed' : null } }), picks: 119 }]);
    const request = show(<ExpertsTab feedTools={(reload) => <button onClick={reload}>tools</button>} />, {
      listExpertSummaries: summaries,
      refreshFeeds: () => {
        refreshed = true;
        return ok([{ kind: 'feed' as const, id: 'fp-mei', status: 'updated' as const, message: '' }]);
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Refresh the feed of Mei Lin' }));
    await screen.findByText('Last feed: 1 of 120 recommendations skipped: link host not allowed');
    expect(request).toHaveBeenCalledWith('refreshFeeds', { expertId: 'fp-mei' });
    const loads = request.mock.calls.filter(([name]) => name === 'listExpertSummaries').length;
    fireEvent.click(screen.getByRole('button', { name: 'tools' }));
    await waitFor(() => expect(request.mock.calls.filter(([name]) => name === 'listExpertSummaries').length).toBe(loads + 1));
  });
});

describe('feed statuses in the UI language', () => {
  const timeout = { code: 'timeout' as const, params: { what: 'feed', seconds: 15 } };
  const TIMEOUT_EN = 'The feed’s server did not answer within 15 seconds. Haowu will try again at the next refresh.';

  it('ExpertsTab says a stored summary and error in Chinese, and an older record’s English as it is', async () => {
    // A failed refresh hides the last feed's line (its picks are older than the error), so the
    // summaries and the errors are on different experts.
    const mei = expert({ feedStatus: { lastFetchedAt: 1, lastError: null, etag: null, summary: '3 of 120 recommendations skipped: link host not allowed', summaryInfo: linkSkipped(120, 3) } });
    const failed = expert({ id: 'fp-failed', displayName: 'Failed Li', feedStatus: { lastFetchedAt: 1, lastError: TIMEOUT_EN, lastErrorInfo: timeout, etag: null } });
    const old = expert({ id: 'fp-old', displayName: 'Old Zhang', feedStatus: { lastFetchedAt: 1, lastError: null, etag: null, summary: '2 recommendations accepted' } });
    const oldFailed = expert({ id: 'fp-old-failed', displayName: 'Old Wang', feedStatus: { lastFetchedAt: 1, lastError: 'An error from an older Haowu.', etag: null } });
    show(<ExpertsTab />, { listExpertSummaries: () => ok([mei, failed, old, oldFailed].map((e) => ({ expert: e, picks: 2 }))) }, 'zh');
    await screen.findByText('上次订阅：120条推荐中跳过了3条：推广链接的域名不被允许');
    expect(screen.getByText('上次更新失败：订阅服务器在15秒内没有响应。好物会在下次更新时重试。')).toBeTruthy();
    expect(screen.queryByText(/did not answer/)).toBeNull();
    // Stored before the data was: its English is shown.
    expect(screen.getByText('上次订阅：2 recommendations accepted')).toBeTruthy();
    expect(screen.getByText('上次更新失败：An error from an older Haowu.')).toBeTruthy();
  });

  it('FeedTools says a follow’s summary, a collection’s status and a refresh in Chinese', async () => {
    vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true as never);
    const collection: FollowedCollection = {
      ...starter,
      status: {
        ...starter.status,
        summary: '1 of 2 feeds accepted; feeds[1]: This feed’s signature does not match its contents…',
        summaryInfo: { total: 2, accepted: 1, firstRejected: { index: 1, error: { code: 'bad-signature' } }, moreRejected: 0, notStored: [] },
        lastError: 'The collection’s server had a problem (502). Haowu will try again at the next refresh.',
        lastErrorInfo: { code: 'http-server', params: { what: 'collection', status: 502 } },
      },
    };
    show(
      <FeedTools onChange={() => undefined} />,
      {
        listFeedOverview: () => ok({ collections: [{ collection, experts: [] }] }),
        previewFollow: () => meiPreview(),
        followFeed: () => ok({ kind: 'feed' as const, expert: expert(), summary: '1 of 3 recommendations skipped: link host not allowed', summaryInfo: linkSkipped(3, 1) }),
        refreshFeeds: () =>
          ok([{ kind: 'collection' as const, id: starter.id, status: 'failed' as const, message: 'The collection could not be reached …', detail: { type: 'error' as const, info: { code: 'network' as const, params: { what: 'collection' } } } }]),
      },
      'zh',
    );
    await screen.findByText(/2个订阅中接收了1个；feeds\[1\]：此订阅的签名与内容不符/);
    expect(screen.getByText('上次更新失败：合集服务器出现问题（502）。好物会在下次更新时重试。')).toBeTruthy();

    fireEvent.input(screen.getByLabelText('按地址关注订阅或合集'), { target: { value: FEED } });
    fireEvent.click(screen.getByRole('button', { name: '关注' }));
    const preview = await screen.findByRole('region', { name: '关注这位达人？' });
    expect(preview.textContent).toContain('签名：ed25519:d052…2f15 — 天猫、京东上的24条推荐');
    fireEvent.click(within(preview).getByRole('button', { name: '关注' }));
    await screen.findByText('已关注Mei Lin。3条推荐中跳过了1条：推广链接的域名不被允许');

    const refresh = screen.getByRole('button', { name: '更新合集Starter pack' }) as HTMLButtonElement;
    await waitFor(() => expect(refresh.disabled).toBe(false));
    fireEvent.click(refresh);
    await screen.findByText('已更新：0个有变化，0个无变化，1个失败. 无法连接到合集（可能离线，或服务器已停止）。好物会在下次更新时重试。');
  });
});
