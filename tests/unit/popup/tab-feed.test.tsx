// The fake browser types these APIs loosely; the spies return what the real ones do.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { I18nProvider } from '../../../components/I18n';
import { TabFeed } from '../../../components/popup/TabFeed';
import type { FollowPreview } from '../../../utils/feed/preview';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import type { Language } from '../../../utils/i18n/translate';
import { announcedInCurrentTab, isStorePage, readDiscoveryLinks } from '../../../utils/popup/tab-feed';
import { DEFAULT_SETTINGS } from '../../../utils/settings';
import { expert, fakeRequest, ok, type Handlers } from './fixtures';

const mocked = vi.hoisted(() => ({ request: null as unknown as ReturnType<typeof import('./fixtures').fakeRequest> }));
vi.mock('../../../utils/messaging/client', () => ({ request: (...args: unknown[]) => (mocked.request as (...a: unknown[]) => unknown)(...args) }));

const WINDOW_PAGE = 'https://mei.example/picks/index.html';
const FEED = 'https://mei.example/picks/feed.json';
const FEED_TYPE = 'application/vnd.haowu.feed+json';
const MEI_ID = 'ed25519:d052bfcfed28308bfabff97096162f15';

/** The browser as the popup sees it: one normal window whose active tab shows `url` with these links. */
function browserWith(tab: { url?: string; links?: { rel: string | null; type: string | null; href: string | null }[]; base?: string } | null, granted = true) {
  vi.spyOn(fakeBrowser.windows, 'getLastFocused').mockResolvedValue({ id: 1, type: 'normal', focused: true, incognito: false, alwaysOnTop: false } as never);
  vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue(tab ? ([{ id: 7, index: 0, windowId: 1, active: true, url: tab.url }] as never) : ([] as never));
  const inject = vi.spyOn(fakeBrowser.scripting, 'executeScript').mockResolvedValue([{ frameId: 0, result: { base: tab?.base ?? tab?.url, links: tab?.links ?? [] } }] as never);
  vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(granted as never);
  return { inject };
}
const announcing = (href = 'feed.json') => [
  { rel: 'stylesheet', type: 'text/css', href: '/s.css' },
  { rel: 'alternate', type: FEED_TYPE, href },
];

beforeEach(() => {
  vi.spyOn(globalThis, 'requestAnimationFrame').mockImplementation((run) => setTimeout(() => run(0), 0) as unknown as number);
});
afterEach(cleanup);

describe('the current tab’s announced feed', () => {
  it('reads the page’s discovery links from its DOM (the function run in the tab)', () => {
    const links = [
      { rel: 'icon', href: '/f.ico' },
      { rel: 'alternate', type: FEED_TYPE, href: 'feed.json' },
      { rel: 'alternate', type: 'application/rss+xml', href: '/rss' },
    ].map((attributes) => {
      const link = document.createElement('link');
      for (const [name, value] of Object.entries(attributes)) link.setAttribute(name, value);
      return document.head.appendChild(link);
    });
    expect(readDiscoveryLinks()).toEqual({ base: document.baseURI, links: [{ rel: 'alternate', type: FEED_TYPE, href: 'feed.json' }] });
    links.forEach((link) => link.remove());
  });

  it('finds the feed a window announces, resolved against the page', async () => {
    const { inject } = browserWith({ url: `${WINDOW_PAGE}#pick-p-1`, links: announcing() });
    expect(await announcedInCurrentTab(DEFAULT_SETTINGS)).toEqual({ kind: 'announced', tabId: 7, pageUrl: `${WINDOW_PAGE}#pick-p-1`, feed: { kind: 'feed', url: FEED }, count: 1 });
    expect(inject).toHaveBeenCalledWith({ target: { tabId: 7 }, func: readDiscoveryLinks });
  });

  it('runs nothing in a tab that is not https, is a store page, or whose address Haowu may not see', async () => {
    for (const url of ['http://mei.example/', 'chrome-extension://abc/popup.html', 'https://detail.tmall.com/item.htm?id=1', 'https://www.amazon.com/dp/B01', 'https://shop.example/p/1', undefined]) {
      const { inject } = browserWith({ url, links: announcing() });
      expect(await announcedInCurrentTab({ ...DEFAULT_SETTINGS, otherSiteOrigins: ['https://shop.example/*'] }), String(url)).toBeNull();
      expect(inject, String(url)).not.toHaveBeenCalled();
      vi.restoreAllMocks();
    }
  });

  it('nothing announced, no access, or only a link that is not https', async () => {
    browserWith({ url: WINDOW_PAGE, links: [] });
    expect(await announcedInCurrentTab(DEFAULT_SETTINGS)).toBeNull();
    vi.spyOn(fakeBrowser.scripting, 'executeScript').mockRejectedValue(new Error('Cannot access contents of the page'));
    expect(await announcedInCurrentTab(DEFAULT_SETTINGS)).toBeNull();
    browserWith({ url: WINDOW_PAGE, links: announcing('http://mei.example/picks/feed.json') });
    expect(await announcedInCurrentTab(DEFAULT_SETTINGS)).toEqual({ kind: 'not-https', pageUrl: WINDOW_PAGE, href: 'http://mei.example/picks/feed.json' });
  });

  it('isStorePage', () => {
    expect(isStorePage('https://item.jd.com/1.html', DEFAULT_SETTINGS)).toBe(true);
    expect(isStorePage('https://www.jd.com/', DEFAULT_SETTINGS)).toBe(false);
    expect(isStorePage('https://mei.example/picks/', DEFAULT_SETTINGS)).toBe(false);
  });
});

const meiPreview = (followed = false): FollowPreview => ({
  kind: 'feed',
  url: FEED,
  pageUrl: null,
  announced: 0,
  expert: { id: MEI_ID, name: 'Mei Lin', bio: 'Phones and tea', window: 'https://mei.example/picks/', picks: 24, stores: ['tmall', 'jd'], followed },
  summary: '24 recommendations accepted',
  summaryInfo: { total: 24, accepted: 24, skipped: 0, reasons: [], retractions: 0, skippedRetractions: 0, retractionReasons: [] },
});

function show(handlers: Handlers, language: Language = 'en') {
  mocked.request = fakeRequest(handlers);
  const onFollowed = vi.fn();
  const view = render(
    <I18nProvider language={language} strings={ALL_STRINGS}>
      <TabFeed onFollowed={onFollowed} />
    </I18nProvider>,
  );
  return { request: mocked.request, onFollowed, view };
}

describe('TabFeed at the top of the popup', () => {
  it('on a window whose site Haowu may read: the expert is previewed after the first paint, and Follow stores them', async () => {
    browserWith({ url: WINDOW_PAGE, links: announcing() });
    const asked = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true as never);
    const { request, onFollowed } = show({
      previewFollow: () => ok(meiPreview()),
      followFeed: () => ok({ kind: 'feed' as const, expert: expert({ id: MEI_ID }), summary: '24 recommendations accepted', summaryInfo: (meiPreview() as Extract<FollowPreview, { kind: 'feed' }>).summaryInfo }),
    });
    // Nothing in the first frame: the shell paints first.
    expect(screen.queryByRole('region')).toBeNull();
    const preview = await screen.findByRole('region', { name: 'Follow this expert?' });
    expect(preview.textContent).toContain('signed by ed25519:d052…2f15 — 24 picks on Tmall, JD');
    expect(request).toHaveBeenCalledWith('previewFollow', { url: FEED });
    expect(request).not.toHaveBeenCalledWith('followFeed', expect.anything());
    fireEvent.click(within(preview).getByRole('button', { name: 'Follow' }));
    expect(asked).toHaveBeenCalledWith({ origins: ['https://mei.example/*'] });
    await screen.findByText('Following Mei Lin. 24 recommendations accepted');
    expect(request).toHaveBeenCalledWith('followFeed', { url: FEED, expectedExpertId: MEI_ID });
    expect(onFollowed).toHaveBeenCalledOnce();
  });

  it('on a site Haowu may not read: nothing is fetched until “Show who it is” asks for that site', async () => {
    browserWith({ url: WINDOW_PAGE, links: announcing() }, false);
    const asked = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true as never);
    const { request } = show({ previewFollow: () => ok(meiPreview()) }, 'zh');
    await screen.findByText('此网页声明了位于mei.example的好物订阅。只有在你允许该网站后，好物才会读取它。');
    expect(request).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: '看看是谁' }));
    expect(asked).toHaveBeenCalledWith({ origins: ['https://mei.example/*'] });
    await screen.findByRole('region', { name: '关注这位达人？' });
    expect(request).toHaveBeenCalledWith('previewFollow', { url: FEED });
  });

  it('an expert already followed is said so, with no Follow', async () => {
    browserWith({ url: WINDOW_PAGE, links: announcing() });
    show({ previewFollow: () => ok(meiPreview(true)) });
    // The name is its own <bdi> inside the sentence.
    await screen.findByText((_, node) => node?.tagName === 'P' && node.textContent === 'You follow Mei Lin.');
    expect(screen.queryByRole('button', { name: 'Follow' })).toBeNull();
  });

  it('a refusal (a feed that fails verification) is said in the UI language', async () => {
    browserWith({ url: WINDOW_PAGE, links: announcing() });
    show({ previewFollow: () => ok({ kind: 'refused' as const, url: FEED, message: 'This feed’s signature does not match …', error: { code: 'bad-signature' as const } }) }, 'zh');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/签名/);
    expect(screen.queryByRole('button', { name: '关注' })).toBeNull();
  });

  it('a page announcing a feed that is not https says so and fetches nothing', async () => {
    browserWith({ url: WINDOW_PAGE, links: announcing('http://mei.example/picks/feed.json') });
    const { request } = show({});
    await screen.findByText('This web page announces a Haowu feed at http://mei.example/picks/feed.json, which is not an https address, so Haowu does not read it.');
    expect(request).not.toHaveBeenCalled();
  });

  it('on an ordinary page: nothing is shown and nothing is asked', async () => {
    const { inject } = browserWith({ url: 'https://news.example/today', links: [] });
    const { request, view } = show({});
    await waitFor(() => expect(inject).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(view.container.textContent).toBe('');
    expect(request).not.toHaveBeenCalled();
  });
});
