import { afterEach, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createDbConnection, type DbConnection } from '../../../utils/db/open';
import { registerMessageHandlers } from '../../../utils/messaging/register';
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

/**
 * A fresh database and the real message handlers for each test, with the clock fixed at `now`.
 * Call at the top of a test file; `connection()` is the current test's database connection.
 */
export function useRegisteredHandlers(now: number): { connection: () => DbConnection } {
  let current: DbConnection;
  let unregister: () => void;
  beforeEach(() => {
    resetIndexedDb();
    current = createDbConnection();
    unregister = registerMessageHandlers(current, undefined, () => now);
  });
  afterEach(async () => {
    unregister();
    await current.close();
  });
  return { connection: () => current };
}
