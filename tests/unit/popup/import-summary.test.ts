import { describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../../utils/db/backup';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import { translate, type Language } from '../../../utils/i18n/translate';
import { describeImport } from '../../../utils/popup/import-summary';

// Issue 16: the import result was a raw dump ("saved items: 5 added, 0 updated, 0 kept; …").
const voice = (language: Language) => ({ t: (key: Parameters<typeof translate>[2], params?: Record<string, string | number>) => translate(ALL_STRINGS, language, key, params), language });
const none = { added: 0, updated: 0, kept: 0 };
const summary = (overrides: Partial<ImportSummary>): ImportSummary => ({
  products: none,
  experts: none,
  recommendations: none,
  saved: none,
  cart: none,
  purchases: none,
  collections: none,
  settings: false,
  ...overrides,
});

describe('describeImport', () => {
  it('says what was added and updated in a sentence, with plurals and the locale’s numbers', () => {
    const result = summary({ saved: { added: 5, updated: 0, kept: 2 }, experts: { added: 1, updated: 1, kept: 0 }, products: { added: 1200, updated: 0, kept: 1 } });
    expect(describeImport(voice('en'), result)).toBe(
      'Backup imported: added 5 saved items, 1 expert, and 1,200 products; updated 1 expert. 3 records were already here and stay as they are.',
    );
    expect(describeImport(voice('zh'), result)).toBe('备份已导入：新增5件收藏、1位达人和1,200件商品；更新1位达人。3条记录已存在，保持不变。');
  });

  it('says when nothing was new, and when settings were restored', () => {
    expect(describeImport(voice('en'), summary({ saved: { added: 0, updated: 0, kept: 4 } }))).toBe('Backup imported: everything in it was already here.');
    expect(describeImport(voice('en'), summary({ cart: { added: 1, updated: 0, kept: 1 }, settings: true }))).toBe(
      'Backup imported: added 1 cart line. 1 record was already here and stays as it is. Settings restored (store permissions stay as they are in this browser).',
    );
    expect(describeImport(voice('en'), summary({}))).not.toMatch(/\d+ added, \d+ updated/);
  });
});
