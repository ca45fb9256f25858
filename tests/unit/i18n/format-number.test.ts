import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatNumber } from '../../../utils/i18n/translate';

const intl = (language: 'en' | 'zh', n: number) => new Intl.NumberFormat(language === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 20 }).format(n);

afterEach(() => vi.restoreAllMocks());

describe('number parameters (issue 19)', () => {
  it('writes whole numbers as Intl does, in both languages', () => {
    const numbers = [0, 1, -1, 9, 10, 99, 100, 999, 1000, -1000, 12345, 999999, 1000000, -1234567, 2 ** 31, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER];
    for (let n = 1; n < 1e15; n = n * 7 + 3) numbers.push(n);
    for (const language of ['en', 'zh'] as const) for (const n of numbers) expect(formatNumber(language, n)).toBe(intl(language, n));
  });

  it('builds no Intl.NumberFormat for a whole number (a count, a percentage on a product page), and still does for fractions', () => {
    const built = vi.spyOn(Intl, 'NumberFormat');
    expect(formatNumber('en', 5000)).toBe('5,000');
    expect(formatNumber('zh', 12)).toBe('12');
    expect(built).not.toHaveBeenCalled();
    vi.restoreAllMocks();
    expect(formatNumber('en', 0.5)).toBe(intl('en', 0.5));
    expect(formatNumber('en', 1234.25)).toBe('1,234.25');
  });
});
