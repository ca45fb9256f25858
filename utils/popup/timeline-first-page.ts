import type { TimelinePage } from '../db/picks';
import { request } from '../messaging/client';
import type { Result } from '../messaging/result';

/*
 * The Picks tab's first page, asked for on the click on the tab (PopupApp), not after the tab's code
 * rendered and ran its effect: the background reads while the popup draws the tab.
 */

/** Rows per request: a screenful and more; the next page loads as the list nears its end. */
export const TIMELINE_PAGE = 60;

export interface FirstTimelinePage {
  answer: Promise<Result<TimelinePage>>;
  /** When it was asked for: what came before is no longer "new" once the user has seen the page. */
  askedAt: number;
}

let early: FirstTimelinePage | null = null;

/** Asks for the unfiltered first page now, once until it is taken or dropped. */
export function askFirstTimelinePage(): void {
  early ??= { answer: request('listTimeline', { limit: TIMELINE_PAGE }), askedAt: Date.now() };
}

/** The page asked for early, once; null when none is on its way (the tab then asks itself). */
export function takeFirstTimelinePage(): FirstTimelinePage | null {
  const taken = early;
  early = null;
  return taken;
}

/** Another tab was chosen before the Picks tab took its page: a later visit asks again. */
export function dropFirstTimelinePage(): void {
  early = null;
}
