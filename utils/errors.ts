// zod/mini: the popup imports this module (via settings), and its bundle carries zod/mini only.
import * as z from 'zod/mini';

/** Codes a UI can branch on (and translate); `message` is a readable English fallback. */
export const ErrorCode = z.enum([
  'invalid-input',
  'not-found',
  'forbidden',
  'quota-exceeded',
  'invalid-backup',
  'too-large',
  'unavailable',
  'internal',
  // A product page's action named a product the background does not have registered for that page
  // (the page moved on, or the background forgot it): the page opens itself again and retries.
  'stale-page',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** `message` as data (a reason code and its parameters), for a UI to say it in its own language. */
export const ErrorDetail = z.object({ reason: z.string(), params: z.optional(z.record(z.string(), z.union([z.string(), z.number()]))) });
export type ErrorDetail = z.infer<typeof ErrorDetail>;

export const ErrorInfo = z.object({ code: ErrorCode, message: z.string(), detail: z.optional(ErrorDetail) });
export type ErrorInfo = z.infer<typeof ErrorInfo>;

/** An error whose message is meant for the person using Haowu. */
export class HaowuError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: ErrorDetail,
  ) {
    super(message);
    this.name = 'HaowuError';
  }
}

export const QUOTA_MESSAGE =
  'Your browser has no storage space left for Haowu, so nothing was changed. Free up disk space (or remove items you no longer need) and try again.';

/** True for a storage quota failure, whether thrown by a request or carried by an aborted transaction. */
export function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const name = (error as { name?: unknown }).name;
  if (name === 'QuotaExceededError') return true;
  const inner = (error as { error?: unknown }).error ?? (error as { cause?: unknown }).cause;
  return inner !== undefined && inner !== error && isQuotaError(inner);
}

/** Turns anything thrown into something safe to show; internals are logged, not shown. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof HaowuError) return { code: error.code, message: error.message, ...(error.detail && { detail: error.detail }) };
  if (isQuotaError(error)) return { code: 'quota-exceeded', message: QUOTA_MESSAGE };
  console.error('[haowu]', error);
  return { code: 'internal', message: 'Something went wrong inside Haowu; your data was not changed. Please try again.' };
}

/** "recommendations[12].rating: must be between 1 and 5" for each of the first few issues. */
export function describeZodError(error: z.core.$ZodError, max = 5): string {
  const lines = error.issues.slice(0, max).map((issue) => {
    const path = formatPath(issue.path);
    const message = issue.code === 'invalid_type' && issue.message.endsWith('received undefined') ? 'is missing' : issue.message;
    return path ? `${path}: ${message}` : message;
  });
  const more = error.issues.length - max;
  return more > 0 ? `${lines.join('; ')}; and ${more} more` : lines.join('; ');
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => {
    if (typeof part === 'number') return `${out}[${part}]`;
    return out ? `${out}.${String(part)}` : String(part);
  }, '');
}
