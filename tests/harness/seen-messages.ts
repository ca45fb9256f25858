import type { ExtensionSession } from './chromium';

/**
 * From now on, the type of every message Haowu's background gets (a listener that answers nothing,
 * beside Haowu's own): to tell whether a page asked the background or read the database itself.
 * Returns the reader of the list.
 */
export async function watchBackgroundMessages(session: ExtensionSession): Promise<() => Promise<string[]>> {
  const worker = await session.background();
  await worker.evaluate(() => {
    const scope = globalThis as unknown as { chrome: { runtime: { onMessage: { addListener: (listener: (message: { type?: string }) => void) => void } } } };
    const seen: string[] = [];
    Object.assign(globalThis, { __seenMessages: seen });
    scope.chrome.runtime.onMessage.addListener((message) => void seen.push(String(message.type)));
  });
  return () => worker.evaluate(() => (globalThis as unknown as { __seenMessages: string[] }).__seenMessages);
}
