/*
 * Where Haowu's own page opens: a tab, or an expert's page. Carried in the address's fragment
 * (`options.html#expert=ed25519%3A…`, `#tab=picks`) so the background can open the full tab at an
 * expert (the overlay's expert names) and a reload stays there. Pure.
 */

export type HaowuRoute = { kind: 'tab'; tab: string } | { kind: 'expert'; expertId: string };

const MAX_ID = 128;

/** Picks in an expert page's first answer (more than a full-tab screen of rows); the rest follow. */
export const EXPERT_FIRST_ROWS = 40;

export const routeHash = (route: HaowuRoute): string =>
  route.kind === 'expert' ? `#expert=${encodeURIComponent(route.expertId)}` : `#tab=${encodeURIComponent(route.tab)}`;

/** The route in a fragment, or null when it names none (or something malformed). */
export function routeFromHash(hash: string): HaowuRoute | null {
  const match = /^#(expert|tab)=([^&]*)$/.exec(hash);
  if (!match) return null;
  let value: string;
  try {
    value = decodeURIComponent(match[2]!);
  } catch {
    return null;
  }
  if (value === '' || value.length > MAX_ID) return null;
  return match[1] === 'expert' ? { kind: 'expert', expertId: value } : { kind: 'tab', tab: value };
}
