import { describe, expect, it } from 'vitest';
import { ALL_STRINGS, en, zh } from '../../../utils/i18n/strings';
import { resolveLanguage, translate } from '../../../utils/i18n/translate';

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
    expect(translate(ALL_STRINGS, 'en', 'error.unexpected', { message: 'disk full' })).toBe('Something went wrong: disk full');
    expect(translate(ALL_STRINGS, 'zh', 'error.unexpected', { message: 'x' })).toBe('出错了：x');
    expect(translate(ALL_STRINGS, 'en', 'error.unexpected', {})).toBe('Something went wrong: {message}');
  });

  it('falls back to English, then to the key, when a table lacks a string', () => {
    expect(translate({ en: { 'common.close': 'Close' }, zh: {} }, 'zh', 'common.close')).toBe('Close');
    expect(translate({ en: {}, zh: {} }, 'zh', 'common.close')).toBe('common.close');
  });

  it('keeps the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
      expect(zh[key], key).toMatch(/\S/);
    }
  });
});
