/*
 * Reading JSON that a store page embeds in its scripts. Each step checks the type it expects, so data
 * of an unexpected shape reads as absent instead of throwing. The product assembled from it is
 * validated as a whole (utils/product.ts) before anything is shown or stored; these readers exist so
 * the content script does not carry a schema library for a few optional fields.
 */

/** `value[key]` when `value` is a plain object that has `key` as its own property, else undefined. */
export function fieldOf(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** The value at `path` (`valueAt(data, 'store', 'goods')`), or undefined when any step is missing. */
export const valueAt = (value: unknown, ...path: string[]): unknown => path.reduce(fieldOf, value);

/** The string at `path`, or undefined. */
export function stringAt(value: unknown, ...path: string[]): string | undefined {
  const found = valueAt(value, ...path);
  return typeof found === 'string' ? found : undefined;
}

/** The values of the plain object at `path` (an id → record map), or an empty list. */
export function objectValuesAt(value: unknown, ...path: string[]): unknown[] {
  const found = valueAt(value, ...path);
  return typeof found === 'object' && found !== null && !Array.isArray(found) ? Object.values(found) : [];
}
