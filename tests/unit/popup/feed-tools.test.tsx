// The fake browser types permissions.request as returning nothing; the real one resolves to "granted".
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { I18nProvider } from '../../../components/I18n';
import { ExpertsTab } from '../../../components/popup/ExpertsTab';
import { FeedTools } from '../../../components/popup/FeedTools';
import { EMPTY_COLLECTION_STATUS, type FollowedCollection } from '../../../utils/feed/followed-collections';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import { feedOrigin } from '../../../utils/popup/feed-origin';
import { expert, fakeRequest, failure, ok, type Handlers } from './fixtures';

const mocked = vi.hoisted(() => ({ request: null as unknown as ReturnType<typeof import('./fixtures').fakeRequest> }));
vi.mock('../../../utils/messaging/client', () => ({ request: (...args: unknown[]) => (mocked.request as (...a: unknown[]) => unknown)(...args) }));

function show(ui: preact.ComponentChild, handlers: Handlers) {
  mocked.request = fakeRequest(handlers);
  render(<I18nProvider language="en" strings={ALL_STRINGS}>{ui}</I18nProvider>);
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
  status: { ...EMPTY_COLLECTION_STATUS, lastFetchedAt: Date.UTC(2025, 4, 1), summary: '2 of 2 feeds accepted' },
};
const overview = () => ok({ collections: [{ collection: starter, experts: [{ expert: expert(), picks: 2 }, { expert: expert({ id: 'fp-wang', displayName: 'Lao Wang', followed: false, followedAt: null }), picks: 3 }] }] });

describe('feedOrigin', () => {
  it('asks for exactly one https origin', () => {
    expect(feedOrigin(' https://feeds.example/a/b.json?x=1 ')).toEqual({ origin: 'https://feeds.example', pattern: 'https://feeds.example/*' });
    for (const bad of ['http://feeds.example/a.json', 'https://user:pw@feeds.example/a', 'https://feeds.example:8443/a', 'https://localhost/a', 'feeds.example/a', ''])
      expect(feedOrigin(bad), bad).toBeNull();
  });
});

describe('FeedTools', () => {
  it('asks for the feed’s origin in the click, then follows it and reloads the list', async () => {
    const asked = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true as never);
    const onChange = vi.fn();
    const request = show(<FeedTools onChange={onChange} />, {
      listFeedOverview: () => ok({ collections: [] }),
      followFeed: () => ok({ kind: 'feed' as const, expert: expert(), summary: '1 of 3 recommendations skipped: link host not allowed' }),
    });
    fireEvent.input(screen.getByLabelText('Follow a feed or collection by its address'), { target: { value: FEED } });
    fireEvent.click(screen.getByRole('button', { name: 'Follow' }));
    // Asked synchronously, before any message: the click's user gesture is still there.
    expect(asked).toHaveBeenCalledWith({ origins: ['https://feeds.example/*'] });
    await screen.findByText('Following Mei Lin. 1 of 3 recommendations skipped: link host not allowed');
    expect(request).toHaveBeenCalledWith('followFeed', { url: FEED });
    expect(onChange).toHaveBeenCalled();
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
    await screen.findByText('Unfollowed Starter pack; 1 experts known only from it were removed with their picks.');
    expect(request).toHaveBeenCalledWith('unfollowCollection', { collectionId: starter.id });
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
