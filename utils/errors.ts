// zod/mini: the popup imports this module (via settings), and its bundle carries zod/mini only.
import * as z from 'zod/mini';

import { englishError, errorInfo, isErrorReason, type ErrorParams, type ErrorReason } from './error-info';
import { describeIssues, type Issue, type IssueList } from './i18n/issue-detail';

export { englishError, errorInfo, type ErrorParams, type ErrorReason };

/** Codes a UI can branch on (retry, reload, ask); what to say comes from the error's reason. */
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

/**
 * What failed, as data (a reason and its parameters) for a UI to say in its own language
 * (describeError). `reason` is a plain string on the wire: most are ErrorReasons; a few parts of
 * Haowu say their own reasons with their own tables (a backup's problem, the identity take-over).
 */
export const ErrorDetail = z.object({ reason: z.string(), params: z.optional(z.record(z.string(), z.union([z.string(), z.number()]))) });
export type ErrorDetail = z.infer<typeof ErrorDetail>;

/**
 * A failure as it travels to the UI. `message` is the English sentence: what is logged, and what an
 * old record or an error without a known reason shows.
 */
export const ErrorInfo = z.object({ code: ErrorCode, message: z.string(), detail: z.optional(ErrorDetail) });
export type ErrorInfo = z.infer<typeof ErrorInfo>;

/**
 * An error meant for the person using Haowu: `new HaowuError('not-found', 'saved.gone')`, with the
 * reason's parameters if it has any. The reason is what the UI says (in its language); the English
 * message is made from the same table. The older form `(code, message, detail?)` stays for the few
 * errors whose words live in another table (a backup's problem, a feed's FeedErrorInfo).
 */
export class HaowuError extends Error {
  readonly detail?: ErrorDetail;

  constructor(code: ErrorCode, reason: ErrorReason, params?: ErrorParams);
  constructor(code: ErrorCode, message: string, detail?: ErrorDetail);
  constructor(
    readonly code: ErrorCode,
    reasonOrMessage: string,
    more?: ErrorParams | ErrorDetail,
  ) {
    const known = isErrorReason(reasonOrMessage);
    const reason = reasonOrMessage as ErrorReason;
    super(known ? englishError(reason, more as ErrorParams | undefined) : reasonOrMessage);
    this.name = 'HaowuError';
    if (known) this.detail = { reason, ...(more && { params: more as ErrorParams }) };
    else if (more) this.detail = more as ErrorDetail;
  }
}

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
  if (isQuotaError(error)) return errorInfo('quota-exceeded', 'storage.full');
  console.error('[haowu]', error);
  return errorInfo('internal', 'internal');
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

/** Stored data and backups carry the `issues` text, so it stays under FeedErrorParams' 500 characters. */
export const MAX_ISSUES_TEXT = 480;

/** The `issues` parameter (here, not in issue-detail.ts: only the background writes it, the popup reads it). */
export function encodeIssues({ issues, more }: IssueList): string {
  let text;
  // Long paths: the last issues go into the count.
  while ((text = JSON.stringify({ issues, more })).length > MAX_ISSUES_TEXT) [issues, more] = [issues.slice(0, -1), more + 1];
  return text;
}

/** zod's issue codes as the kinds the UI says (utils/i18n/issue-detail.ts); a size issue names its bound. */
function issueOf(issue: z.core.$ZodIssue): Issue {
  const path = formatPath(issue.path);
  const bound = issue.code === 'too_small' ? issue.minimum : issue.code === 'too_big' ? issue.maximum : undefined;
  if (bound !== undefined) return [path, issue.code === 'too_small' ? 'tooSmall' : 'tooBig', Number(bound)];
  return [path, issue.code === 'invalid_type' && issue.message.endsWith('received undefined') ? 'missing' : 'invalid'];
}

/**
 * A zod error as the parameters of a reason whose words have `{detail}`: `issues`, the issues as
 * data, which the UI says in its language (describeError, describeFeedError), and `detail`, the same
 * in English (the error's message, and what an older version shows). zod's English reaches no one.
 */
export function zodDetail(error: z.core.$ZodError, max = 5): { detail: string; issues: string } {
  const list = { issues: error.issues.slice(0, max).map(issueOf), more: Math.max(0, error.issues.length - max) };
  // English from the same table (numbers as an English page writes them), so the stored sentence and what an English page says agree.
  const english = (key: string, params?: ErrorParams) =>
    englishError(key.slice('error.'.length) as ErrorReason, params && Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'number' ? value.toLocaleString('en') : value])));
  return { detail: describeIssues(english, list), issues: encodeIssues(list) };
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => {
    if (typeof part === 'number') return `${out}[${part}]`;
    return out ? `${out}.${String(part)}` : String(part);
  }, '');
}
