import { z } from 'zod';
import { cleanDisplayName } from './display-name';

/* The name rule of ./display-name.ts as zod schemas, for the boundaries where names come in. */

/**
 * A name at a boundary: cleaned, then 1–`max` characters. Nothing visible left is refused with
 * "must have a visible character" (a name of only spaces or invisible characters).
 */
export const DisplayNameText = (max: number) =>
  z
    .string()
    .transform(cleanDisplayName)
    .pipe(z.string().min(1, 'must have a visible character').max(max, `must be at most ${max} characters`));

/** An optional name (a curator): cleaned like a name; nothing visible left means none. */
export const OptionalNameText = (max: number) =>
  z
    .string()
    .transform(cleanDisplayName)
    .pipe(z.string().max(max, `must be at most ${max} characters`))
    .transform((name) => (name === '' ? undefined : name));
