// @vitest-environment node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { POPUP_STRINGS } from '../../../utils/i18n/popup-strings';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import * as overlay from '../../../utils/i18n/strings/overlay';
import * as picks from '../../../utils/i18n/strings/picks';
import * as priceTracking from '../../../utils/i18n/strings/price-tracking';
import * as recommend from '../../../utils/i18n/strings/recommend';
import * as settings from '../../../utils/i18n/strings/settings';
import * as studio from '../../../utils/i18n/strings/studio';
import * as welcome from '../../../utils/i18n/strings/welcome';
import { ROOT, staticImports } from './imports';

/*
 * Haowu's pages load only the string tables they draw with (the popup's first load is budgeted), and
 * a key missing from a page's tables would be shown as the key itself. So: every key a page or a
 * lazily loaded part names in its code is in the tables it has (components/PopupApp.tsx, lazy.tsx).
 */

const KNOWN = new Set(Object.keys(ALL_STRINGS.en));
const keysOf = (tables: readonly { en: object }[]) => new Set(tables.flatMap((table) => Object.keys(table.en)));
const withoutComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

/** Keys (quoted literals that are string keys) named by the modules `entry` loads at once. */
function keysUsed(entry: string): Map<string, string> {
  const used = new Map<string, string>();
  for (const module of staticImports(entry).modules) {
    if (module.startsWith('utils/i18n/strings')) continue;
    for (const [, key] of withoutComments(readFileSync(join(ROOT, module), 'utf8')).matchAll(/'([a-z][\w-]*(?:\.[\w-]+)+)'/gi)) {
      if (KNOWN.has(key!)) used.set(key!, module);
    }
  }
  return used;
}

const PAGES: { entry: string; tables: { en: object }[] }[] = [
  { entry: 'entrypoints/popup/main.tsx', tables: [POPUP_STRINGS] },
  // The full tab carries the expert page's code and words in its own graph (options/main.tsx).
  { entry: 'entrypoints/options/main.tsx', tables: [POPUP_STRINGS, picks, overlay] },
  { entry: 'entrypoints/checkout/main.tsx', tables: [POPUP_STRINGS] },
  { entry: 'entrypoints/welcome/main.tsx', tables: [POPUP_STRINGS, welcome] },
  // The lazily loaded parts, with what PopupApp.tsx and SavedTab.tsx give them.
  { entry: 'components/popup/PicksTab.tsx', tables: [POPUP_STRINGS, picks, overlay] },
  { entry: 'components/popup/ExpertPage.tsx', tables: [POPUP_STRINGS, picks, overlay] },
  { entry: 'components/popup/StudioTab.tsx', tables: [POPUP_STRINGS, studio, recommend] },
  { entry: 'components/popup/SettingsTab.tsx', tables: [POPUP_STRINGS, settings] },
  { entry: 'components/popup/CartTab.tsx', tables: [POPUP_STRINGS] },
  { entry: 'components/popup/ExpertsPart.tsx', tables: [POPUP_STRINGS] },
  { entry: 'components/popup/PriceHistory.tsx', tables: [POPUP_STRINGS, priceTracking] },
];

describe('string tables where they are used', () => {
  for (const { entry, tables } of PAGES) {
    it(`${entry}: every key it names is in its tables`, () => {
      const have = keysOf(tables);
      const missing = [...keysUsed(entry)].filter(([key]) => !have.has(key)).map(([key, module]) => `${key} (${module})`);
      expect(missing).toEqual([]);
    });
  }

  it('the popup’s first load carries neither the launcher’s, the panel’s, the Recommend form’s nor the Settings tab’s words', () => {
    const first = keysOf([POPUP_STRINGS]);
    for (const key of [...Object.keys(overlay.en), ...Object.keys(recommend.en), ...Object.keys(settings.en)]) expect(first.has(key), key).toBe(false);
  });
});
