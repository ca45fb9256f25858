import { describe, expect, it } from 'vitest';
import { HaowuError, errorInfo, toErrorInfo } from '../../../utils/errors';
import { describeError } from '../../../utils/i18n/describe-error';
import { pluralKey } from '../../../utils/i18n/plural';
import { ALL_STRINGS, type StringKey } from '../../../utils/i18n/strings';
import { resolveLanguage, translate, type Language, type Params } from '../../../utils/i18n/translate';

describe('resolveLanguage', () => {
  it('follows the browser on auto', () => {
    expect(resolveLanguage('auto', ['zh-CN', 'en'])).toBe('zh');
    expect(resolveLanguage('auto', ['zh-TW'])).toBe('zh');
    expect(resolveLanguage('auto', ['zh'])).toBe('zh');
    expect(resolveLanguage('auto', ['en-GB', 'zh-CN'])).toBe('en');
    expect(resolveLanguage('auto', ['de'])).toBe('en');
    expect(resolveLanguage('auto', [])).toBe('en');
  });

  it('lets the setting override the browser', () => {
    expect(resolveLanguage('en', ['zh-CN'])).toBe('en');
    expect(resolveLanguage('zh', ['en-US'])).toBe('zh');
  });
});

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate(ALL_STRINGS, 'en', 'error.settings.invalid', { detail: 'disk full' })).toBe('Settings not changed: disk full');
    expect(translate(ALL_STRINGS, 'zh', 'error.settings.invalid', { detail: 'x' })).toBe('设置未更改：x');
    expect(translate(ALL_STRINGS, 'en', 'error.settings.invalid', {})).toBe('Settings not changed: {detail}');
  });

  it('falls back to English, then to the key, when a table lacks a string', () => {
    expect(translate({ en: { 'common.close': 'Close' }, zh: {} }, 'zh', 'common.close')).toBe('Close');
    expect(translate({ en: {}, zh: {} }, 'zh', 'common.close')).toBe('common.close');
  });

  // Keys and placeholders of every table, in both languages: tables.test.ts.
});

describe('numbers and plurals', () => {
  const t = (language: Language) => (key: StringKey, params?: Params) => translate(ALL_STRINGS, language, key, params);

  it('writes number parameters with the language’s separators, and strings as they are', () => {
    expect(t('en')('popup.saved.count', { shown: 5000, total: 5000 })).toBe('5,000 of 5,000');
    expect(t('zh')('popup.saved.count', { shown: 1234567, total: 1234567 })).toBe(translate(ALL_STRINGS, 'zh', 'popup.saved.count', { shown: '1,234,567', total: '1,234,567' }));
    expect(t('en')('error.window.badExpertId', { id: '12345' })).toContain('not 12345.');
  });

  it('picks the plural form by Intl.PluralRules', () => {
    const picks = (language: Language, count: number) => t(language)(pluralKey(language, count, { one: 'popup.experts.picks.one', other: 'popup.experts.picks.other' }), { count });
    expect([picks('en', 0), picks('en', 1), picks('en', 2), picks('en', 1000)]).toEqual(['0 picks', '1 pick', '2 picks', '1,000 picks']);
    expect([picks('zh', 1), picks('zh', 2)]).toEqual(['1条推荐', '2条推荐']);
  });
});

describe('describeError', () => {
  const say = (language: Language) => (key: StringKey, params?: Params) => translate(ALL_STRINGS, language, key, params);

  it('says a reason in the UI language, its English message made from the same table', () => {
    const error = toErrorInfo(new HaowuError('not-found', 'saved.gone'));
    expect(error).toEqual({ code: 'not-found', message: 'That item is no longer in your saved items.', detail: { reason: 'saved.gone' } });
    expect(describeError(say('zh'), error)).toBe('此商品已不在你的收藏中。');
    expect(describeError(say('en'), error)).toBe(error.message);
  });

  it('fills the reason’s parameters, numbers with separators', () => {
    const error = errorInfo('too-large', 'feed.tooLarge', { size: '6 MB', limit: '5 MB' });
    expect(describeError(say('zh'), error)).toBe('订阅源将有6 MB，超过5 MB的上限。请删除或下架一些推荐。');
  });

  it('shows an old record’s English, and a reason this version does not know, by its message', () => {
    expect(describeError(say('zh'), { message: 'An error from an older Haowu.' })).toBe('An error from an older Haowu.');
    expect(describeError(say('zh'), { message: 'From a newer Haowu.', detail: { reason: 'something.new' } })).toBe('From a newer Haowu.');
  });

  it('says storage and internal failures in the UI language', () => {
    expect(describeError(say('zh'), toErrorInfo(Object.assign(new Error('x'), { name: 'QuotaExceededError' })))).toContain('存储空间');
  });
});

describe('the Recommend form’s checks', () => {
  it('are data the form says in the UI language', async () => {
    const { PROBLEM_KEYS, recommendationProblems } = await import('../../../utils/expert/recommend-rules');
    const fields = { reason: 'short', rating: 0, stockNote: '', tags: [], expiresAt: null, partnerLink: '' };
    const problems = recommendationProblems(fields, { platform: 'jd', url: 'https://item.jd.com/1.html' }, 0, null);
    const zh = problems.map((p) => translate(ALL_STRINGS, 'zh', PROBLEM_KEYS[p.problem], p.params));
    expect(zh).toEqual(['推荐理由至少需要10个字（现在5个）。', '请选择1到5的评分。']);
  });
});
