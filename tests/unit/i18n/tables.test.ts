import { describe, expect, it } from 'vitest';

/*
 * Every string table under utils/i18n/strings/ (found by glob, so a new table is checked without
 * being listed here): both languages have the same keys and placeholders, and Chinese strings are
 * written as Chinese is, without the spaces English puts around words.
 */
type Table = Record<string, string>;
const modules = import.meta.glob<{ en: Table; zh: Table }>('../../../utils/i18n/strings/*.ts', { eager: true });
const tables = Object.entries(modules).map(([path, table]) => ({ name: path.replace(/^.*\//, ''), ...table }));

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

const HAN = '\\p{Script=Han}';
const CJK_PUNCTUATION = '\\u3000-\\u303f\\uff00-\\uffef';
/** An ASCII space between a Han character (or CJK punctuation) and a placeholder, or between two of them. */
const CHINESE_SPACING = new RegExp(
  [`[${HAN}${CJK_PUNCTUATION}] +\\{\\w+\\}`, `\\{\\w+\\} +[${HAN}${CJK_PUNCTUATION}]`, `[${HAN}${CJK_PUNCTUATION}] +[${HAN}${CJK_PUNCTUATION}]`].join('|'),
  'u',
);

describe('the string tables', () => {
  it('are found', () => {
    expect(tables.map((table) => table.name)).toEqual(expect.arrayContaining(['common.ts', 'errors.ts', 'popup.ts', 'studio.ts', 'window.ts']));
  });

  it.each(tables)('$name has every key in both languages', ({ en, zh }) => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(tables)('$name has the same placeholders in both languages, and no empty string', ({ en, zh }) => {
    for (const key of Object.keys(en)) {
      expect(placeholders(zh[key] ?? ''), key).toEqual(placeholders(en[key]!));
      // Only a separator may be empty in one language (Chinese sentences need no space between them).
      const separator = !/\p{L}/u.test(en[key]!);
      if (!separator) expect(zh[key], key).toMatch(/\S/);
      expect(en[key], key).not.toBe('');
    }
  });

  it.each(tables)('$name writes Chinese without spaces around names and between characters', ({ zh }) => {
    const spaced = Object.entries(zh).filter(([, text]) => CHINESE_SPACING.test(text));
    expect(spaced.map(([key, text]) => `${key}: ${text}`)).toEqual([]);
  });

  it('the spacing check catches what it is for', () => {
    expect(CHINESE_SPACING.test('在 {store} 隐藏好物')).toBe(true);
    expect(CHINESE_SPACING.test('在{store}隐藏好物')).toBe(false);
    expect(CHINESE_SPACING.test('好物 设置')).toBe(true);
    expect(CHINESE_SPACING.test('已收藏 {count}')).toBe(true);
    // Latin words and numbers inside Chinese may keep their spaces ("使用 https:// 地址").
    expect(CHINESE_SPACING.test('完整的 https:// 地址')).toBe(false);
  });
});
