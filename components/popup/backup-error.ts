import type { BackupProblem } from '../../utils/db/backup';
import type { ErrorInfo } from '../../utils/errors';
import { describeError } from '../../utils/i18n/describe-error';
import type { StringKey } from '../../utils/i18n/strings';
import type { Params } from '../../utils/i18n/translate';

/** Each reason a backup is refused (utils/db/backup.ts), as a string of the UI's language. */
const BACKUP_ERROR_KEYS: Record<BackupProblem, StringKey> = {
  'too-large': 'popup.backup.error.too-large',
  'not-json': 'popup.backup.error.not-json',
  'not-backup': 'popup.backup.error.not-backup',
  newer: 'popup.backup.error.newer',
  invalid: 'popup.backup.error.invalid',
  'unknown-field': 'popup.backup.error.unknown-field',
  'pick-of-other-expert': 'popup.backup.error.pick-of-other-expert',
};

/** A failed import or export said in the UI language. */
export function backupErrorText(t: (key: StringKey, params?: Params) => string, error: ErrorInfo): string {
  const reason = error.detail?.reason;
  // Not a backup's own problem (a full disk, a bad request): said from the error table.
  if (reason === undefined || !Object.hasOwn(BACKUP_ERROR_KEYS, reason)) return describeError(t, error);
  return t(BACKUP_ERROR_KEYS[reason as BackupProblem], error.detail?.params);
}
