import { browser } from 'wxt/browser';
import { announcedFeeds, type AnnouncedFeed, type LinkAttributes } from '../feed/discovery';
import type { Settings } from '../settings';
import { AMAZON_ORIGINS } from '../stores/amazon-storefronts';
import { partnerStoreMatchPatterns } from '../stores/partner-hosts';

/*
 * The feed the page in the current tab announces, for the popup: an expert's window says
 * `<link rel="alternate" type="application/vnd.haowu.feed+json" href="feed.json">` in its head.
 *
 * The popup reads the tab's DOM with one small function (`readDiscoveryLinks`) run in the tab by
 * `scripting.executeScript` (Chrome) or `tabs.executeScript` (Firefox). Haowu holds no permission for
 * arbitrary pages: this works because clicking the toolbar button grants `activeTab`, access to that
 * one tab until it navigates. Nothing is fetched here, and nothing runs in a tab that is not https,
 * nor on a store page (where Haowu's own content script lives). Which tab: the active tab of the last
 * focused normal window, which is the window whose toolbar button opened the popup (and lets a test
 * open popup.html in a popup-type window of its own for the tab it has in front).
 */

export interface TabAnnouncement {
  kind: 'announced';
  tabId: number;
  /** The page's address. */
  pageUrl: string;
  /** The first feed or collection the page announces. */
  feed: AnnouncedFeed;
  /** How many it announces. */
  count: number;
}

/** The page announces a feed only at an address that is not https: said, and nothing is read. */
export interface TabInsecureAnnouncement {
  kind: 'not-https';
  pageUrl: string;
  href: string;
}

/** What runs in the tab: the page's discovery links as written, and its base URL. Self-contained (it is serialized). */
export function readDiscoveryLinks(): { base: string; links: LinkAttributes[] } {
  const links = Array.from(document.getElementsByTagName('link'))
    .filter((link) => /vnd\.haowu\./i.test(link.getAttribute('type') ?? ''))
    .slice(0, 20)
    .map((link) => ({ rel: link.getAttribute('rel'), type: link.getAttribute('type'), href: link.getAttribute('href') }));
  return { base: document.baseURI, links };
}

/** Whether `url` is on a store page Haowu's content script may run on (partner stores, Amazon, stores the user added). */
export function isStorePage(url: string, settings: Pick<Settings, 'otherSiteOrigins'>): boolean {
  const pattern = `${new URL(url).origin}/*`;
  return partnerStoreMatchPatterns().includes(pattern) || AMAZON_ORIGINS.includes(pattern) || settings.otherSiteOrigins.includes(pattern);
}

/** Runs `readDiscoveryLinks` in the tab's top frame; null when the browser does not allow it. */
async function runInTab(tabId: number): Promise<{ base: string; links: LinkAttributes[] } | null> {
  try {
    if (browser.scripting) {
      const [injection] = await browser.scripting.executeScript({ target: { tabId }, func: readDiscoveryLinks });
      return (injection?.result as { base: string; links: LinkAttributes[] } | undefined) ?? null;
    }
    const [result] = (await browser.tabs.executeScript(tabId, { code: `(${readDiscoveryLinks.toString()})()`, runAt: 'document_idle' })) as unknown[];
    return (result as { base: string; links: LinkAttributes[] } | undefined) ?? null;
  } catch {
    // No access to this tab (the popup opened some other way than the toolbar button, or a page the
    // browser protects): nothing to show.
    return null;
  }
}

const isSafeResult = (value: { base: string; links: LinkAttributes[] } | null): value is { base: string; links: LinkAttributes[] } =>
  value !== null && typeof value.base === 'string' && Array.isArray(value.links);

/** The feed the current tab's page announces, or null (not https, a store page, no access, none announced). */
export async function announcedInCurrentTab(settings: Pick<Settings, 'otherSiteOrigins'>): Promise<TabAnnouncement | TabInsecureAnnouncement | null> {
  const window = await browser.windows.getLastFocused({ windowTypes: ['normal'] });
  if (window.id === undefined || window.type !== 'normal') return null;
  const [tab] = await browser.tabs.query({ active: true, windowId: window.id });
  // The address is known only for a tab Haowu may access (activeTab, or a site it holds).
  if (tab?.id === undefined || !tab.url?.startsWith('https://') || isStorePage(tab.url, settings)) return null;
  const read = await runInTab(tab.id);
  if (!isSafeResult(read)) return null;
  // The page's own base only if it is https; otherwise the tab's address.
  const base = read.base.startsWith('https://') ? read.base : tab.url;
  const { announced, refused } = announcedFeeds(read.links.filter((link) => typeof link === 'object' && link !== null), base);
  const [feed] = announced;
  if (feed) return { kind: 'announced', tabId: tab.id, pageUrl: tab.url, feed, count: announced.length };
  const insecure = refused.find((link) => link.reason === 'not-https');
  return insecure ? { kind: 'not-https', pageUrl: tab.url, href: insecure.href } : null;
}
