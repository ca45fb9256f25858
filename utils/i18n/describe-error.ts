import type { ErrorInfo } from '../errors';
import type { StringKey } from './strings';
import { en as ERROR_STRINGS } from './strings/errors';
import { localizeDetail } from './issue-detail';
import type { Params } from './translate';

/**
 * A failure in the UI's language: its reason said through the error table (strings/errors.ts) with
 * its parameters. An error without a reason this version knows (a record stored by an older
 * version, a reason another table says) is shown by its English `message`. A `{detail}` made from
 * checked data's issues is said in the UI's language too (issue-detail.ts).
 */
export function describeError(t: (key: StringKey, params?: Params) => string, error: Pick<ErrorInfo, 'message' | 'detail'>): string {
  const key = `error.${error.detail?.reason ?? ''}`;
  if (!Object.hasOwn(ERROR_STRINGS, key)) return error.message;
  return t(key as StringKey, localizeDetail(t, error.detail?.params));
}
