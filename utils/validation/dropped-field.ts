import { formatPath } from '../errors';

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The first field of `input` that parsing left out of `output` (zod drops unknown keys): a field
 * this build does not know, which importing a backup would silently lose. Null when there is none.
 * Backup import names it (utils/db/backup.ts); the compiled checks refuse a value with one
 * (compiled-check.ts), so that the import's slower path names it.
 */
export function firstDroppedField(input: unknown, output: unknown, path: (string | number)[] = []): string | null {
  // One path array, grown and shrunk on the way (a copy per value cost a 10,000-pick import 40 ms).
  const walk = (input: unknown, output: unknown): string | null => {
    if (Array.isArray(input) && Array.isArray(output)) {
      for (let i = 0; i < input.length && i < output.length; i++) {
        path.push(i);
        const found = walk(input[i], output[i]);
        path.pop();
        if (found !== null) return found;
      }
      return null;
    }
    if (!isPlainObject(input) || !isPlainObject(output)) return null;
    for (const key of Object.keys(input)) {
      path.push(key);
      const found = Object.hasOwn(output, key) ? walk(input[key], output[key]) : formatPath(path);
      path.pop();
      if (found !== null) return found;
    }
    return null;
  };
  path = [...path];
  return walk(input, output);
}
