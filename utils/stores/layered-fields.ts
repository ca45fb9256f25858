import type { FieldSource, FieldSources } from '../field-source';
import type { PageFields } from './store';

type Field = 'title' | 'price' | 'imageUrl' | 'shopName';
type Fields = Pick<PageFields, Field>;

const FIELDS: readonly Field[] = ['title', 'price', 'imageUrl', 'shopName'];
const SOURCED = { title: 'title', price: 'price', imageUrl: 'image', shopName: 'shopName' } as const;

/** A reader of some fields and what kind of reader it is; it runs only while a field is still missing. */
export type Layer = readonly [FieldSource, () => Fields | null];

/**
 * Each field from the first layer that has it, with the reader that gave it (`sources`, for `npm run
 * detect`): a store module lists its readers in order of trust, e.g. its inline data, then its markup.
 */
export function layered(...layers: Layer[]): PageFields & { sources: FieldSources } {
  const fields: Fields = { title: null, price: null, imageUrl: null, shopName: null };
  const sources: FieldSources = {};
  for (const [source, read] of layers) {
    if (FIELDS.every((field) => fields[field] !== null)) break;
    const found = read();
    if (!found) continue;
    for (const field of FIELDS) {
      if (fields[field] !== null || !found[field]) continue;
      Object.assign(fields, { [field]: found[field] });
      sources[SOURCED[field]] = source;
    }
  }
  if (sources.price) sources.currency = sources.price;
  return { ...fields, sources };
}
