// The table of the unhomoglyph package (Unicode's confusables.txt, kept in step by the package), as text.
import confusablesText from 'unhomoglyph/data.json?raw';

/*
 * unhomoglyph's replacement, with its table parsed and its pattern built on the first call rather than
 * when the module loads. The package's entry does both as it is imported (about 6,000 characters
 * escaped into one pattern), and the background imports it for the name checks of following: so every
 * start of Chrome's service worker paid for it (with its table about 12 ms of the ~30 ms its modules
 * take to load on a quiet machine, several times that under load) before it could answer a product
 * page, which never needs it. Same table, same pattern and replacement as the package's index.js
 * (tests/unit/expert/homoglyphs.test.ts compares the two on every character of the table).
 */

let table: { map: Readonly<Record<string, string>>; pattern: RegExp } | undefined;

const escapeForPattern = (text: string): string => text.replace(/([.?*+^$[\]\\(){}|-])/g, '\\$1');

function loadTable(): NonNullable<typeof table> {
  const map = JSON.parse(confusablesText) as Record<string, string>;
  return { map, pattern: new RegExp(Object.keys(map).map(escapeForPattern).join('|'), 'g') };
}

/** Each look-alike character replaced by its prototype (Cyrillic "а" → Latin "a"). */
export function unhomoglyph(text: string): string {
  const { map, pattern } = (table ??= loadTable());
  return text.replace(pattern, (match) => map[match]!);
}
