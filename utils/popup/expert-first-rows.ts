import type { ExpertPageData } from '../db/picks';
import { request } from '../messaging/client';
import type { Result } from '../messaging/result';
import { EXPERT_FIRST_ROWS, routeFromHash } from './route';

/*
 * The full tab opened at an expert's page (options.html#expert=…, as the panel opens it) asks for
 * their first rows before its app has loaded: the page's first script (entrypoints/expert-first-rows.ts,
 * a small classic script) asks, the background reads while the app's code is fetched, parsed and run,
 * and the app takes the answer here. Asked for once the app had loaded, the answer came 40-80 ms
 * after the app could have drawn it.
 */

/** The first answer for `expertId`, asked for before the expert page's code ran. */
export interface ExpertPagePrefetch {
  expertId: string;
  answer: Promise<Result<ExpertPageData>>;
}

/** Where the first script leaves its request for the app: two bundles of one page share only the window. */
const SLOT = Symbol.for('haowu.expertFirstRows');
type Slot = { [SLOT]?: ExpertPagePrefetch };

const askFor = (expertId: string): ExpertPagePrefetch => ({ expertId, answer: request('getExpertPage', { expertId, limit: EXPERT_FIRST_ROWS }) });

/** The page's first script: asks for the first rows of the expert the address names, if it names one. */
export function askExpertFirstRows(hash: string): void {
  const route = routeFromHash(hash);
  if (route?.kind === 'expert') (globalThis as Slot)[SLOT] = askFor(route.expertId);
}

/**
 * The app: the request the first script made for `expertId`, taken once; asked now when there is
 * none for this expert (the script did not run, or the address changed since).
 */
export function takeExpertFirstRows(expertId: string): ExpertPagePrefetch {
  const slot = globalThis as Slot;
  const early = slot[SLOT];
  delete slot[SLOT];
  return early?.expertId === expertId ? early : askFor(expertId);
}
