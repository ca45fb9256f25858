import type { GetReturnType } from '@webext-core/messaging';
import type { z } from 'zod';
import { createProductPages, type ProductPages } from '../background/product-pages';
import { createRecordLimiter, type RecordLimiter } from '../background/record-rate';
import type { DbConnection } from '../db/open';
import { contentHandlers } from './content-handlers';
import { handleMessage, type Access, type Handler, type HandlerContext } from './handler';
import { pageChangeAfter } from './page-effects';
import { privilegedHandlers } from './privileged-handlers';
import { CONTENT_MESSAGES, Payloads, onMessage as defaultOnMessage, type MessageName, type ProtocolMap, type Values } from './protocol';

const ACCESS: Record<MessageName, Access> = Object.fromEntries(
  (Object.keys(Payloads) as MessageName[]).map((name) => [name, (CONTENT_MESSAGES as readonly string[]).includes(name) ? 'content' : 'privileged']),
) as Record<MessageName, Access>;

const HANDLERS = { ...contentHandlers, ...privilegedHandlers } as { [M in MessageName]: Handler<M> };

/** Which senders may call a message: 'content' (any part of Haowu) or 'privileged' (its own pages). */
export const accessOf = (name: MessageName): Access => ACCESS[name];

export interface BackgroundServices {
  pages: ProductPages;
  recordLimiter: RecordLimiter;
  /** Called after each successful message (sync records the follows and switches it carries). */
  afterSuccess?: <M extends MessageName>(name: M, data: z.output<Payloads[M]>, value: Values[M]) => void;
}

/**
 * A handler that, once it succeeded, has the open product pages its change concerns pushed their new
 * view (page-effects.ts). The page that sent the message has its view in the answer already.
 */
function withPagePushes<M extends MessageName>(name: M, handler: Handler<M>, afterSuccess?: BackgroundServices['afterSuccess']): Handler<M> {
  return async (data, context) => {
    const value = await handler(data, context);
    afterSuccess?.(name, data as z.output<Payloads[M]>, value as Values[M]);
    const change = pageChangeAfter(name, data as z.output<Payloads[M]>, value as Values[M]);
    if (change) {
      const tabId = context.sender.tab?.id;
      const except = tabId === undefined ? undefined : { tabId, frameId: context.sender.frameId ?? 0 };
      void context.pages.changed(change, except).catch((error: unknown) => console.warn('[haowu] could not update open product pages', error));
    }
    return value;
  };
}

/** Registers a listener for every message in the protocol; returns a function removing them all. */
export function registerMessageHandlers(
  connection: Pick<DbConnection, 'get'>,
  onMessage = defaultOnMessage,
  now = Date.now,
  services: BackgroundServices = { pages: createProductPages({ db: connection.get, now }), recordLimiter: createRecordLimiter() },
): () => void {
  const register = <M extends MessageName>(name: M) =>
    onMessage(name, (message) => {
      const context: HandlerContext = { db: connection.get, sender: message.sender, now, pages: services.pages, recordLimiter: services.recordLimiter };
      // TypeScript cannot see that Result<Values[M]> is the protocol's return type for a generic M.
      return handleMessage(name, Payloads[name], withPagePushes(name, HANDLERS[name], services.afterSuccess), ACCESS[name], message.data, context) as Promise<GetReturnType<ProtocolMap[M]>>;
    });
  const removers = (Object.keys(Payloads) as MessageName[]).map(register);
  return () => removers.forEach((remove) => remove());
}
