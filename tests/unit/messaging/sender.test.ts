import { describe, expect, it } from 'vitest';
import { isExtensionPage, isFromThisExtension } from '../../../utils/messaging/sender';
import { contentSender, optionsTabSender, popupSender } from './wire';

describe('who may call privileged messages', () => {
  it('accepts the popup and an options page open in a tab', () => {
    expect(isExtensionPage(popupSender)).toBe(true);
    expect(isExtensionPage(optionsTabSender)).toBe(true);
  });

  it('refuses a content script on a store page', () => {
    expect(isFromThisExtension(contentSender)).toBe(true);
    expect(isExtensionPage(contentSender)).toBe(false);
  });

  it('refuses look-alike origins, other extensions and missing URLs', () => {
    expect(isExtensionPage({ ...popupSender, url: 'chrome-extension://test-extension-id.evil.example/popup.html', origin: undefined })).toBe(false);
    expect(isExtensionPage({ ...popupSender, url: 'https://evil.example/chrome-extension://test-extension-id/' })).toBe(false);
    expect(isExtensionPage({ ...popupSender, id: 'another-extension' })).toBe(false);
    expect(isExtensionPage({ id: 'test-extension-id' })).toBe(false);
  });

  it('refuses a sender whose reported origin disagrees with its URL', () => {
    expect(isExtensionPage({ ...popupSender, origin: 'https://detail.tmall.com' })).toBe(false);
  });

  it('refuses an extension frame inside a web page’s tab', () => {
    expect(isExtensionPage({ ...popupSender, origin: undefined, tab: { id: 3, url: 'https://evil.example/' }, frameId: 4 })).toBe(false);
  });
});
