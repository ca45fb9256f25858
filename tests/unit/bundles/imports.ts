import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/*
 * The modules a page or a lazily loaded part loads at once: static imports followed from its entry
 * (`import type` and `import()` are not). Read as text with a regular expression, which the project's
 * import style (one `import … from '…'` per statement) allows.
 */

export const ROOT = resolve(__dirname, '../../..');
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?!type\b)([^;]*?)\s+from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm;

function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  return ['.ts', '.tsx', '/index.ts', '/index.tsx'].map((ext) => base + ext).find((file) => existsSync(file)) ?? null;
}

export interface ImportGraph {
  /** Every local module reached (paths relative to the project). */
  modules: string[];
  /** Each package imported, with the modules that import it. */
  packages: Map<string, string[]>;
}

export function staticImports(entry: string): ImportGraph {
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
  return { modules: [...seen].map((file) => relative(ROOT, file)), packages };
}
