import { describe, expect, it } from 'vitest';
import { initials } from '../../../utils/overlay/initials';

describe('initials (issue 16: avatars showed "D·")', () => {
  it('skips separators and brackets between words', () => {
    expect(initials('Dana · Kitchen')).toBe('DK');
    expect(initials('D · K')).toBe('DK');
    expect(initials('Mei (demo)')).toBe('MD');
    expect(initials('— Bo —')).toBe('B');
    expect(initials('李 · 厨房')).toBe('李');
    expect(initials('· ·')).toBe('?');
  });
});
