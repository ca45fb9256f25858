import type { GetReturnType } from '@webext-core/messaging';
import type { DbConnection } from '../db/open';
import { contentHandlers } from './content-handlers';
import { handleMessage, type Access, type Handler } from './handler';
import { privilegedHandlers } from './privileged-handlers';
import { CONTENT_MESSAGES, Payloads, onMessage as defaultOnMessage, type MessageName, type ProtocolMap } from './protocol';

const ACCESS: Record<MessageName, Access> = Object.fromEntries(
  (Object.keys(Payloads) as MessageName[]).map((name) => [name, (CONTENT_MESSAGES as readonly string[]).includes(name) ? 'content' : 'privileged']),
) as Record<MessageName, Access>;

const HANDLERS = { ...contentHandlers, ...privilegedHandlers } as { [M in MessageName]: Handler<M> };

/** Which senders may call a message: 'content' (any part of Haowu) or 'privileged' (its own pages). */
export const accessOf = (name: MessageName): Access => ACCESS[name];

/** Registers a listener for every message in the protocol; returns a function removing them all. */
export function registerMessageHandlers(connection: Pick<DbConnection, 'get'>, onMessage = defaultOnMessage, now = Date.now): () => void {
  const register = <M extends MessageName>(name: M) =>
    onMessage(name, (message) =>
      // TypeScript cannot see that Result<Values[M]> is the protocol's return type for a generic M.
      handleMessage(name, Payloads[name], HANDLERS[name], ACCESS[name], message.data, {
        db: connection.get,
        sender: message.sender,
        now,
      }) as Promise<GetReturnType<ProtocolMap[M]>>,
    );
  const removers = (Object.keys(Payloads) as MessageName[]).map(register);
  return () => removers.forEach((remove) => remove());
}
