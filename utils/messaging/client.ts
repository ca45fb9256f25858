import { errorInfo } from '../error-info';
import { fail, type Result } from './result';
import { sendMessage } from './messenger';
import type { MessageName, ProtocolMap } from './protocol';

type Data<M extends MessageName> = Parameters<ProtocolMap[M]>[0];
type Value<M extends MessageName> = ReturnType<ProtocolMap[M]> extends Result<infer T> ? T : never;

/**
 * Sends a message and always resolves to a Result, also when the background cannot be reached
 * (extension updated or reloaded under an open page), so callers have one error path to render.
 */
export async function request<M extends MessageName>(name: M, data: Data<M>): Promise<Result<Value<M>>> {
  try {
    const send = sendMessage as (name: M, data: Data<M>) => Promise<Result<Value<M>> | undefined>;
    const result = await send(name, data);
    return result ?? fail(errorInfo('unavailable', 'background.noAnswer'));
  } catch {
    return fail(errorInfo('unavailable', 'background.unreachable'));
  }
}
