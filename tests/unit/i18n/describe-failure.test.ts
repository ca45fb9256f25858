import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../../components/popup/describe-failure';
import { errorInfo, toErrorInfo } from '../../../utils/errors';
import { permissionInfo } from '../../../utils/feed/follow-address';
import { FeedError } from '../../../utils/feed/status-info';
import { ALL_STRINGS, type StringKey } from '../../../utils/i18n/strings';
import { translate, type Params } from '../../../utils/i18n/translate';

const zh = { t: (key: StringKey, params?: Params) => translate(ALL_STRINGS, 'zh', key, params), language: 'zh' as const };

describe('describeFailure', () => {
  it('says a feed’s error thrown while following in the UI language, not its English message', () => {
    const thrown = new FeedError('forbidden', permissionInfo('https://mei.example/feed.json'), 'Haowu needs your permission to read mei.example.');
    const sent = toErrorInfo(thrown);
    expect(sent.detail).toEqual({ reason: 'feed:permission', params: { origin: 'https://mei.example' } });
    expect(describeFailure(zh, sent)).toContain('https://mei.example');
    expect(describeFailure(zh, sent)).not.toContain('permission');
    expect(describeFailure(zh, sent)).toMatch(/好物/);
  });

  it('says any other failure from the error table, and an unknown feed code by its English', () => {
    expect(describeFailure(zh, errorInfo('not-found', 'collection.notFollowed'))).toBe('已不再关注这个合集。');
    expect(describeFailure(zh, { code: 'invalid-input', message: 'From a newer Haowu.', detail: { reason: 'feed:something-new' } })).toBe('From a newer Haowu.');
  });
});
