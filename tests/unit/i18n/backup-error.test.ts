import { describe, expect, it } from 'vitest';
import { backupErrorText } from '../../../components/popup/backup-error';
import { errorInfo } from '../../../utils/errors';
import { ALL_STRINGS, type StringKey } from '../../../utils/i18n/strings';
import { translate, type Params } from '../../../utils/i18n/translate';

const zh = (key: StringKey, params?: Params) => translate(ALL_STRINGS, 'zh', key, params);

describe('backupErrorText', () => {
  it('says a failed import that is not the file’s own problem (a full disk) from the error table, in the UI language', () => {
    expect(backupErrorText(zh, errorInfo('quota-exceeded', 'storage.full'))).toBe(zh('error.storage.full'));
    expect(backupErrorText(zh, errorInfo('invalid-input', 'request.invalid', { detail: 'json: is missing' }))).toBe('好物无法完成此操作，没有做任何改动：json: is missing');
  });

  it('says the file’s own problems from the backup strings, and an old record by its English', () => {
    expect(backupErrorText(zh, { code: 'invalid-backup', message: 'x', detail: { reason: 'not-json' } })).toBe(zh('popup.backup.error.not-json'));
    expect(backupErrorText(zh, { code: 'internal', message: 'An older English sentence.' })).toBe('An older English sentence.');
  });
});
