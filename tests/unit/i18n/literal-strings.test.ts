import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * Every word a component shows comes from the string tables: a scan of components/**\/*.tsx with
 * the TypeScript parser for JSX text and for the literal values of the attributes people read or
 * hear (aria-label, title, placeholder, alt). Symbols without letters ("·", "★", "×", "…") are
 * allowed; so is anything written as an expression ({t('…')}, a variable).
 */
const ROOT = join(__dirname, '../../..');
const SPOKEN_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'aria-placeholder', 'aria-valuetext']);
const HAS_LETTER = /\p{L}/u;
/** Literals that are not words of the UI's language, each for its reason. */
const ALLOWED = new Set([
  // Each language's own name in the language picker is written in that language, whatever the UI's is.
  'English',
  '中文',
  // Examples of what to type, the same in every language.
  'https://',
  'shop.example',
]);

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsxFiles(path);
    return entry.name.endsWith('.tsx') ? [path] : [];
  });
}

/** "file:line: text" for each literal user-visible string in the source. */
export function literalStrings(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
    found.push(`${fileName}:${line + 1}: ${text.trim()}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && HAS_LETTER.test(node.text) && !ALLOWED.has(node.text.trim())) report(node, node.text);
    if (ts.isJsxAttribute(node) && SPOKEN_ATTRIBUTES.has(node.name.getText(file))) {
      const value = node.initializer;
      const literal = value && (ts.isStringLiteral(value) ? value : ts.isJsxExpression(value) && value.expression && ts.isStringLiteralLike(value.expression) ? value.expression : null);
      if (literal && HAS_LETTER.test(literal.text) && !ALLOWED.has(literal.text)) report(node, `${node.name.getText(file)}="${literal.text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('components', () => {
  it('show no literal words: every one comes from the string tables', () => {
    const found = tsxFiles(join(ROOT, 'components')).flatMap((path) => literalStrings(relative(ROOT, path), readFileSync(path, 'utf8')));
    expect(found).toEqual([]);
  });

  it('the scan finds JSX text and spoken attributes, and lets symbols and expressions through', () => {
    const source = `const a = <p title="Close it" aria-label={'Open'}>Saved items {t('x')} · ★ ×<input placeholder="Search" class="search" /></p>;`;
    expect(literalStrings('x.tsx', source)).toEqual(['x.tsx:1: title="Close it"', "x.tsx:1: aria-label=\"Open\"", 'x.tsx:1: Saved items', 'x.tsx:1: placeholder="Search"']);
    expect(literalStrings('y.tsx', `const b = <p aria-label={t('k')} title={name}>{' · '}★</p>;`)).toEqual([]);
  });
});
