import { describe, expect, it } from 'vitest';
import { pickDate } from '../../../utils/overlay/pick-date';

const LOCALE = { en: 'en-US', zh: 'zh-CN' } as const;
const intlDay = (time: number, language: 'en' | 'zh') => new Date(time).toLocaleDateString(LOCALE[language], { year: 'numeric', month: 'short', day: 'numeric' });

describe('a pick’s day without Intl (issue 19)', () => {
  it('says every day of two years, a leap day and the ends of the range as Intl does, in both languages', () => {
    const days: number[] = [];
    for (let time = Date.UTC(2023, 0, 1, 12); time < Date.UTC(2025, 0, 1); time += 86_400_000) days.push(time);
    days.push(Date.UTC(2024, 1, 29, 23, 59), Date.UTC(1999, 11, 31, 0, 1), Date.UTC(2099, 6, 4, 5));
    for (const time of days) for (const language of ['en', 'zh'] as const) expect(pickDate(time, language)).toBe(intlDay(time, language));
  });
});
