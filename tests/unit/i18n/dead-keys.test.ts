import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * Every key of every string table is used by some code: written out as a literal ('popup.saved.count'),
 * or, for an error, its reason (`new HaowuError('not-found', 'saved.gone')` says 'error.saved.gone').
 * Keys built at run time are allowed by their prefix, each listed here with the code that builds it,
 * and each prefix must itself still be built somewhere.
 */
const ROOT = join(__dirname, '../../..');
const DYNAMIC_PREFIXES: Record<string, RegExp> = {
  // OverlayApp: t(`store.${product.platform}`).
  'store.': /`store\.\$\{/,
  // describe-status.ts, TabFeedCard, FollowPreview: t(`popup.feedSubject.${what}`).
  'popup.feedSubject.': /`popup\.feedSubject\.\$\{/,
  // PriceHistoryChart and PriceHistory: their outcome and alert choices.
  'priceTracking.outcome.': /`priceTracking\.outcome\.\$\{/,
  'priceTracking.alert.': /`priceTracking\.alert\.\$\{/,
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path.endsWith(join('i18n', 'strings')) ? [] : sources(path);
    return /\.tsx?$/.test(entry.name) ? [readFileSync(path, 'utf8')] : [];
  });
}

const code = ['components', 'utils', 'entrypoints'].flatMap((dir) => sources(join(ROOT, dir))).join('\n');
const tables = import.meta.glob<{ en: Record<string, string> }>('../../../utils/i18n/strings/*.ts', { eager: true });
const quoted = (text: string) => [`'${text}'`, `"${text}"`, `\`${text}\``].some((literal) => code.includes(literal));

describe('string keys', () => {
  it('are each used by some code', () => {
    const unused = Object.values(tables)
      .flatMap((table) => Object.keys(table.en))
      .filter((key) => !quoted(key))
      .filter((key) => !(key.startsWith('error.') && quoted(key.slice('error.'.length))))
      .filter((key) => !Object.keys(DYNAMIC_PREFIXES).some((prefix) => key.startsWith(prefix)));
    expect(unused).toEqual([]);
  });

  it('built at run time are still built where the allowlist says', () => {
    for (const [prefix, built] of Object.entries(DYNAMIC_PREFIXES)) expect(built.test(code), prefix).toBe(true);
  });
});
