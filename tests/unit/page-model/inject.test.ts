import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { injectPageModel } from '../../../utils/background/inject-overlay-panel';
import type { Sender } from '../../../utils/messaging/sender';

const sender = { tab: { id: 7 }, frameId: 0 } as Sender;

describe('the background adds the page model', () => {
  it('to an other store’s page, in the sender’s own tab and frame', async () => {
    const executeScript = vi.fn(async () => []);
    Object.assign(browser, { scripting: { executeScript } });
    await injectPageModel(sender, 'https://www.kettles.example.de/products/blue-kettle');
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 7, frameIds: [0] }, files: ['/page-model.js'] });
  });

  it.each(['https://detail.tmall.com/item.htm?id=1', 'https://item.jd.com/100012043978.html', 'https://www.amazon.de/dp/B00SVBPJI8', 'http://www.kettles.example.de/p/1', undefined])(
    'never to %s (partner stores and Amazon have their own modules; http is no store page)',
    async (address) => {
      const executeScript = vi.fn(async () => []);
      Object.assign(browser, { scripting: { executeScript } });
      await expect(injectPageModel(sender, address)).rejects.toMatchObject({ code: 'forbidden' });
      expect(executeScript).not.toHaveBeenCalled();
    },
  );
});
