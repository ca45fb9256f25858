// @vitest-environment node
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * What the popup's first load may import. zod's full build (`zod`) is about 20 KB gzipped more than
 * `zod/mini`; the background's schemas use it, and one value imported from such a module into a
 * popup component brings all of it into the popup's first load (popup-gzip went from 64 to 83 KB that
 * way). Static imports only: what components load lazily (`import()`) is not part of the first load.
 */

const ROOT = resolve(__dirname, '../../..');
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)([^;]*?)\s+from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm;

function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  return ['.ts', '.tsx', '/index.ts', '/index.tsx', ''].map((ext) => base + ext).find((file) => existsSync(file) && !file.endsWith('/')) ?? null;
}

/** Every package each module reached by static imports from `entry` imports, with the module that does. */
function packagesImported(entry: string): Map<string, string[]> {
  const seen = new Set<string>();
  const packages = new Map<string, string[]>();
  const stack = [join(ROOT, entry)];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      const [, names, from, bare] = match;
      const spec = (from ?? bare)!;
      if (names && /^\{\s*type\b[^}]*\}$/.test(names.trim())) continue;
      const local = resolveLocal(file, spec);
      if (local) stack.push(local);
      else if (!spec.startsWith('.')) packages.set(spec, [...(packages.get(spec) ?? []), relative(ROOT, file)]);
    }
  }
  return packages;
}

describe('the popup’s first load', () => {
  it('imports zod/mini only, never zod’s full build', () => {
    const packages = packagesImported('entrypoints/popup/main.tsx');
    expect(packages.get('zod/mini')?.length).toBeGreaterThan(0);
    expect(packages.get('zod') ?? []).toEqual([]);
  });
});
