import type { z } from 'zod';
import { zodDetail, errorInfo, toErrorInfo } from '../errors';
import type { HaowuDb } from '../db/open';
import type { ProductPages } from '../background/product-pages';
import type { RecordLimiter } from '../background/record-rate';
import type { MessageName, Payloads, Values } from './protocol';
import { fail, ok, type Result } from './result';
import { isExtensionPage, isFromThisExtension, type Sender } from './sender';

export interface HandlerContext {
  db: () => Promise<HaowuDb>;
  sender: Sender;
  now: () => number;
  /** The product pages open in the browser: who shows what, and where changes are pushed. */
  pages: ProductPages;
  /** How often a tab may have a product recorded. */
  recordLimiter: RecordLimiter;
}

/** A handler gets a payload already checked against its schema. */
export type Handler<M extends MessageName> = (data: z.output<Payloads[M]>, context: HandlerContext) => Promise<Values[M]>;
export type HandlerMap<M extends MessageName> = { [K in M]: Handler<K> };

export type Access = 'content' | 'privileged';

/**
 * The one path every message takes: check the sender, check the payload, run, and answer with a
 * Result whatever happens.
 */
export async function handleMessage<M extends MessageName>(
  name: M,
  schema: Payloads[M],
  handler: Handler<M>,
  access: Access,
  data: unknown,
  context: HandlerContext,
): Promise<Result<Values[M]>> {
  const allowed = access === 'privileged' ? isExtensionPage(context.sender) : isFromThisExtension(context.sender);
  if (!allowed) {
    return fail(errorInfo('forbidden', 'request.forbidden'));
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    // The message's name stays out of the sentence: it is Haowu's internal word, not the user's.
    return fail(errorInfo('invalid-input', 'request.invalid', zodDetail(parsed.error)));
  }
  return toResult(() => handler(parsed.data as z.output<Payloads[M]>, context));
}

/** Runs `work` and turns whatever it throws into a readable failure. */
async function toResult<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await work());
  } catch (error) {
    return fail(toErrorInfo(error));
  }
}
