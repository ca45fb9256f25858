import { browser } from 'wxt/browser';

/** The parts of runtime.MessageSender the checks read (Chrome's and Firefox's both fit). */
export interface Sender {
  id?: string;
  url?: string;
  origin?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

/** Messages reach runtime.onMessage only from this extension; checked anyway as a second line. */
export const isFromThisExtension = (sender: Sender): boolean => sender.id === browser.runtime.id;

/**
 * True only for this extension's own pages (popup, options, an extension page in a tab). A content
 * script's sender carries the web page's URL and origin, so a page that takes over a content script
 * still cannot pass this.
 */
export function isExtensionPage(sender: Sender): boolean {
  const base = browser.runtime.getURL('');
  // Not `new URL(base).origin`: for moz-extension: URLs that can be the opaque "null".
  const origin = base.replace(/\/$/, '');
  if (!isFromThisExtension(sender) || typeof sender.url !== 'string' || !sender.url.startsWith(base)) return false;
  // Chrome also reports the frame's origin; when present it must agree.
  if (sender.origin !== undefined && sender.origin !== origin) return false;
  // An extension frame inside a web page's tab (should a page ever embed one) is not trusted: the
  // page around it could drive it. An extension page opened in its own tab is.
  return sender.tab?.url === undefined || sender.tab.url.startsWith(base);
}

