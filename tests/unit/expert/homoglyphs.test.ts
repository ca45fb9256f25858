import packageUnhomoglyph from 'unhomoglyph';
import confusables from 'unhomoglyph/data.json';
import { describe, expect, it } from 'vitest';
import { unhomoglyph } from '../../../utils/expert/homoglyphs';

// utils/expert/homoglyphs.ts builds the package's table and pattern on first use, not on import: the
// replacement must stay the package's own.
describe('unhomoglyph, loaded on first use', () => {
  it('maps every character of the table as the package does', () => {
    const keys = Object.keys(confusables as Record<string, string>);
    expect(keys.length).toBeGreaterThan(5_000);
    for (const key of keys) expect(unhomoglyph(key)).toBe(packageUnhomoglyph(key));
  });

  it('replaces within text as the package does, leaving other characters alone', () => {
    for (const text of ['Меі Ѕhop ✓', 'ｏｆｆｉｃｉａｌ', 'Kettles (official)', 'ⅠⅡ l1 O0', '好物 官方', '', 'a-b.c*d?e+f^g$h[i]j\\k(l)m{n}o|p']) {
      expect(unhomoglyph(text)).toBe(packageUnhomoglyph(text));
    }
    expect(unhomoglyph('Мei')).toBe('Mei');
  });
});
