import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { isErrorReason } from '../../../utils/error-info';

/*
 * A failure reaches a person as its reason, said in their language (describeError); one thrown with
 * only an English sentence is shown in English to everyone. So every `new HaowuError(code, …)` in
 * Haowu's code names a reason of the error table, or carries a detail (a reason another table says:
 * a feed's code, a backup's problem). This is how the collection window's English refusal was missed.
 */
const ROOT = join(__dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** "file:line: …" for each HaowuError made from an English sentence alone. */
export function englishOnlyErrors(fileName: string, source: string): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && node.expression.getText(file) === 'HaowuError') {
      const [, second, third] = node.arguments ?? [];
      const namesReason = second !== undefined && ts.isStringLiteralLike(second) && isErrorReason(second.text);
      if (!namesReason && third === undefined) found.push(`${fileName}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}: ${node.getText(file)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('errors meant for a person', () => {
  it('each name a reason of the error table or carry a detail the UI says', { timeout: 60_000 }, () => {
    const found = ['utils', 'components', 'entrypoints'].flatMap((dir) => sources(join(ROOT, dir))).flatMap((path) => englishOnlyErrors(relative(ROOT, path), readFileSync(path, 'utf8')));
    expect(found).toEqual([]);
  });

  it('the scan finds an error made of English alone, and lets reasons and details through', () => {
    const source = `throw new HaowuError('invalid-input', collection.reason);
      throw new HaowuError('not-found', 'saved.gone');
      throw new HaowuError('invalid-input', message, { reason: 'feed:not-json' });
      throw new HaowuError('internal', 'Something broke');`;
    expect(englishOnlyErrors('x.ts', source)).toEqual(["x.ts:1: new HaowuError('invalid-input', collection.reason)", "x.ts:4: new HaowuError('internal', 'Something broke')"]);
  });

  it('thrown values are never shown as their own text in a component (describeThrown says them)', () => {
    const shown = sources(join(ROOT, 'components')).flatMap((path) =>
      readFileSync(path, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/String\((failure|error|err|e|reason)\)|\.catch\(\s*\(?\w*\)?\s*=>\s*\w+\(\s*\w+\.message\s*\)/.test(line) ? [`${relative(ROOT, path)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(shown).toEqual([]);
  });
});
