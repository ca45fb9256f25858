import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/I18n';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import { ExpertsTab } from '../../../components/popup/ExpertsTab';
import { StudioTab } from '../../../components/popup/StudioTab';
import { PopupApp } from '../../../components/PopupApp';
import { updateSettings } from '../../../utils/settings';
import { cny, expert, failure, fakeRequest, ok, pick, type Handlers } from './fixtures';

const mocked = vi.hoisted(() => ({ request: null as unknown as ReturnType<typeof import('./fixtures').fakeRequest> }));
vi.mock('../../../utils/messaging/client', () => ({ request: (...args: unknown[]) => (mocked.request as (...a: unknown[]) => unknown)(...args) }));

function show(ui: preact.ComponentChild, handlers: Handlers) {
  mocked.request = fakeRequest(handlers);
  render(<I18nProvider language="en" strings={ALL_STRINGS}>{ui}</I18nProvider>);
  return mocked.request;
}

afterEach(() => {
  cleanup();
  delete document.documentElement.dataset.theme;
});

describe('ExpertsTab', () => {
  const rows = () => [
    { expert: expert({ feedStatus: { lastFetchedAt: Date.UTC(2025, 4, 1, 8), lastError: null, etag: null } }), picks: 12 },
    { expert: expert({ id: 'fp-wang', displayName: 'Lao Wang', feedStatus: { lastFetchedAt: null, lastError: 'The feed’s signature does not match its key.', etag: null } }), picks: 0 },
  ];

  it('shows feed status, errors and pick counts; unfollow keeps the row to follow again', async () => {
    const request = show(<ExpertsTab />, {
      listExpertSummaries: () => ok(rows()),
      unfollowExpert: () => ok({ expert: expert({ followed: false, followedAt: null }), removedRecommendations: 12 }),
      followExpert: () => ok(expert()),
    });
    await waitFor(() => expect(screen.getByText('Mei Lin')).toBeTruthy());
    expect(screen.getByText(/Feed refreshed May 1, 2025/)).toBeTruthy();
    expect(screen.getByText(/12 picks/)).toBeTruthy();
    expect(screen.getByText('Last refresh failed: The feed’s signature does not match its key.')).toBeTruthy();
    expect(screen.getByText(/Feed not refreshed yet/)).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Unfollow Mei Lin' }));
    const again = await screen.findByRole('button', { name: 'Follow Mei Lin again' });
    expect(again.getAttribute('aria-pressed')).toBe('false');
    expect(request).toHaveBeenCalledWith('unfollowExpert', { expertId: 'fp-mei' });
    fireEvent.click(again);
    await screen.findByRole('button', { name: 'Unfollow Mei Lin' });
    expect(request).toHaveBeenCalledWith('followExpert', { id: 'fp-mei', kind: 'feed', displayName: 'Mei Lin', bio: 'Phones and tea', avatarUrl: null, feedUrl: 'https://feeds.example/mei.json' });
  });

  it('shows a failed unfollow in plain words', async () => {
    show(<ExpertsTab />, { listExpertSummaries: () => ok(rows()), unfollowExpert: () => failure('That expert is not in your list.', 'not-found') });
    fireEvent.click(await screen.findByRole('button', { name: 'Unfollow Lao Wang' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('That expert is not in your list.'));
  });

  it('says how to follow someone when the list is empty, and shows the feed tools slot only when given', async () => {
    show(<ExpertsTab />, { listExpertSummaries: () => ok([]) });
    await screen.findByText('No experts followed one by one yet');
    expect(screen.queryByRole('region', { name: 'Find and manage feeds' })).toBeNull();
    cleanup();
    show(<ExpertsTab feedTools={<button type="button">Refresh now</button>} />, { listExpertSummaries: () => ok([]) });
    const slot = await screen.findByRole('region', { name: 'Find and manage feeds' });
    expect(slot.textContent).toBe('Refresh now');
  });
});

describe('StudioTab', () => {
  it('lists the user’s own picks, or an empty state', async () => {
    show(<StudioTab />, { listOwnPicks: () => ok([{ expert: expert({ id: 'local-me', kind: 'local' }), recommendations: [pick('tmall:1', { id: 'mine', snapshot: { title: 'My kettle', imageUrl: null, price: cny(99) }, reason: 'Quiet' })] }]) });
    await screen.findByText('My kettle');
    expect(screen.getByText(/Rated 4 of 5/)).toBeTruthy();
    cleanup();
    show(<StudioTab />, { listOwnPicks: () => ok([]) });
    await screen.findByText('You have no recommendations yet');
  });
});

describe('PopupApp', () => {
  const handlers: Handlers = { listAllSaved: () => ok([]), listCheckout: () => ok([]), listExpertSummaries: () => ok([]), listOwnPicks: () => ok([]), listFollowedExperts: () => ok([]) };

  it('renders the shell at once, moves between tabs with arrow keys, and links to the full tab', async () => {
    mocked.request = fakeRequest(handlers);
    render(<PopupApp />);
    expect(screen.getByRole('heading', { name: 'Haowu' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Open in a tab' }).getAttribute('href')).toMatch(/\/options\.html$/);
    const saved = screen.getByRole('tab', { name: 'Saved' });
    expect(saved.getAttribute('aria-selected')).toBe('true');
    expect(screen.queryByRole('tab', { name: 'Studio' })).toBeNull();
    saved.focus();
    fireEvent.keyDown(saved, { key: 'ArrowRight' });
    const cart = screen.getByRole('tab', { name: 'Cart' });
    expect(cart.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(cart);
    await screen.findByText('Your cart is empty');
    fireEvent.keyDown(cart, { key: 'End' });
    expect(screen.getByRole('tab', { name: 'Settings' }).getAttribute('aria-selected')).toBe('true');
  });

  it('follows settings: Chinese, dark theme, and the Studio tab in expert mode', async () => {
    await updateSettings({ language: 'zh', theme: 'dark', expertMode: true });
    mocked.request = fakeRequest(handlers);
    render(<PopupApp fullTab />);
    await screen.findByRole('tab', { name: '工作室' });
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(screen.queryByRole('link', { name: '在标签页中打开' })).toBeNull();
    await updateSettings({ expertMode: false, theme: 'auto' });
    await waitFor(() => expect(screen.queryByRole('tab', { name: '工作室' })).toBeNull());
    await waitFor(() => expect(document.documentElement.dataset.theme).toBeUndefined());
  });
});
