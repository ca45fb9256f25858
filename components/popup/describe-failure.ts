import { describeFeedError, type Voice } from '../../utils/feed/describe-status';
// From status-codes.ts, not status-info.ts: that one carries zod's full build, which the popup's first load must not.
import { FEED_REASON_PREFIX } from '../../utils/feed/status-codes';
import type { FeedErrorInfo } from '../../utils/feed/status-info';
import { toErrorInfo, type ErrorInfo } from '../../utils/errors';
import { describeError } from '../../utils/i18n/describe-error';

/**
 * A failed request in the popup's language: a feed's error (following, refreshing: `feed:<code>`)
 * through the feed statuses' words (describe-status.ts), anything else through the error table.
 */
export function describeFailure(voice: Voice, error: ErrorInfo): string {
  const reason = error.detail?.reason;
  if (reason?.startsWith(FEED_REASON_PREFIX)) {
    const info = { code: reason.slice(FEED_REASON_PREFIX.length), ...(error.detail?.params && { params: error.detail.params }) } as FeedErrorInfo;
    return describeFeedError(voice, info, error.message) ?? error.message;
  }
  return describeError(voice.t, error);
}

/**
 * Something thrown in a page (a browser API refusing, as the clipboard or a permission request may;
 * a HaowuError from code the page runs itself) in the UI's language, never its English text: a
 * HaowuError by its reason, anything else as Haowu's internal failure (logged by toErrorInfo).
 */
export const describeThrown = (t: Voice['t'], failure: unknown): string => describeError(t, toErrorInfo(failure));
