import { afterEach, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createDbConnection, type DbConnection } from '../../../utils/db/open';
import { registerMessageHandlers } from '../../../utils/messaging/register';
import { createProductPages, type PageRef } from '../../../utils/background/product-pages';
import { createRecordLimiter } from '../../../utils/background/record-rate';
import type { ProductPageView } from '../../../utils/overlay/page-view';
import { resetIndexedDb } from '../db/helpers';
import type { MessageName, ProtocolMap } from '../../../utils/messaging/protocol';
import type { Sender } from '../../../utils/messaging/sender';

/*
 * WXT's fake browser delivers runtime messages with an empty sender, which cannot show who is
 * calling. This sends a message in @webext-core/messaging's wire format to the registered
 * runtime.onMessage listeners with a sender we choose, so the real listener code runs.
 */
export async function sendAs<M extends MessageName>(sender: Sender, type: M, data?: Parameters<ProtocolMap[M]>[0]): Promise<ReturnType<ProtocolMap[M]>> {
  let respond!: (response: unknown) => void;
  const response = new Promise<unknown>((resolve) => (respond = resolve));
  // Through JSON, as a real message would be.
  const message = JSON.parse(JSON.stringify({ id: 1, type, data, timestamp: Date.now() }));
  // The fake's types say listeners return promises; @webext-core's returns `true` (will respond).
  const handled: unknown[] = await fakeBrowser.runtime.onMessage.trigger(message, sender as Parameters<typeof fakeBrowser.runtime.onMessage.trigger>[1], respond);
  if (!handled.includes(true)) throw new Error(`no listener answered "${type}"`);
  const { res, err } = JSON.parse(JSON.stringify(await response)) as { res?: ReturnType<ProtocolMap[M]>; err?: unknown };
  if (err !== undefined) throw new Error(`listener threw: ${JSON.stringify(err)}`);
  return res!;
}

const EXTENSION = 'chrome-extension://test-extension-id/';
export const popupSender: Sender = { id: 'test-extension-id', url: `${EXTENSION}popup.html`, origin: 'chrome-extension://test-extension-id' };
export const optionsTabSender: Sender = { id: 'test-extension-id', url: `${EXTENSION}options.html`, tab: { id: 7, url: `${EXTENSION}options.html` }, frameId: 0 };
export const contentSender: Sender = {
  id: 'test-extension-id',
  url: 'https://detail.tmall.com/item.htm?id=600001',
  origin: 'https://detail.tmall.com',
  tab: { id: 3, url: 'https://detail.tmall.com/item.htm?id=600001' },
  frameId: 0,
};

/** A content script on the product page at `url`, in tab `tabId`. */
export const pageSender = (url: string, tabId = 3): Sender => ({ id: 'test-extension-id', url, origin: new URL(url).origin, tab: { id: tabId, url }, frameId: 0 });

/** Another tab showing the same product page as contentSender. */
export const otherTabSender: Sender = { ...contentSender, tab: { id: 4, url: contentSender.url } };

export interface Pushed {
  page: PageRef;
  view: ProductPageView;
}

/**
 * A fresh database and the real message handlers for each test, with the clock fixed at `now`.
 * Call at the top of a test file; `connection()` is the current test's database connection, and
 * `pushed` what the background pushed to product pages (each page answers, as an open page would).
 */
export function useRegisteredHandlers(now: number): { connection: () => DbConnection; pushed: Pushed[]; settled: () => Promise<void> } {
  let current: DbConnection;
  let unregister: () => void;
  const pushed: Pushed[] = [];
  let pending: Promise<unknown>[] = [];
  beforeEach(() => {
    resetIndexedDb();
    pushed.length = 0;
    current = createDbConnection();
    const pages = createProductPages({
      db: current.get,
      now: () => now,
      push: async (page, view) => {
        pushed.push({ page: { tabId: page.tabId, frameId: page.frameId }, view });
        return true;
      },
    });
    // Pushes run after the answer; tests wait for them through settled().
    const changed = pages.changed;
    pages.changed = (...args) => {
      const run = changed(...args);
      pending.push(run);
      return run;
    };
    unregister = registerMessageHandlers(current, undefined, () => now, { pages, recordLimiter: createRecordLimiter() });
  });
  afterEach(async () => {
    unregister();
    await current.close();
  });
  return {
    connection: () => current,
    pushed,
    settled: async () => {
      while (pending.length) {
        const running = pending;
        pending = [];
        await Promise.all(running);
      }
    },
  };
}
