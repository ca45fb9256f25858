import type { ErrorInfo } from '../errors';

/**
 * Every message answers with a Result rather than throwing, so a content script or page can always
 * show `error.message` (or pick a translation by `error.code`) without parsing a serialised Error.
 */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (error: ErrorInfo): Result<never> => ({ ok: false, error });
