import type { TimelinePage, TimelineQuery } from '../db/picks';
import { request } from '../messaging/client';
import type { Result } from '../messaging/result';

/*
 * The Picks tab's pages: the first one asked for on the click on the tab (PopupApp), not after the
 * tab's code rendered and ran its effect, so it is read while the popup draws the tab. Read in the
 * popup's own page once its connection is open (utils/popup/timeline-here.ts), else by the background.
 */

/** Rows per request: a screenful and more; the next page loads as the list nears its end. */
export const TIMELINE_PAGE = 60;

/** Reads one page of the tab; a failure (thrown) is answered by the background instead. */
export type TimelineReader = (query: TimelineQuery) => Promise<Result<TimelinePage>>;

let reader: TimelineReader | null = null;

/** The page's own reader (null: none, or its connection closed): the background answers meanwhile. */
export function readTimelineWith(next: TimelineReader | null): void {
  reader = next;
}

/** One page of the tab: read here when the page can, else (or when that fails) by the background. */
export function timelinePage(query: TimelineQuery): Promise<Result<TimelinePage>> {
  const asked = () => request('listTimeline', query);
  return reader ? reader(query).catch(asked) : asked();
}

export interface FirstTimelinePage {
  answer: Promise<Result<TimelinePage>>;
  /** When it was asked for: what came before is no longer "new" once the user has seen the page. */
  askedAt: number;
}

let early: FirstTimelinePage | null = null;

/** Asks for the unfiltered first page now, once until it is taken or dropped. */
export function askFirstTimelinePage(): void {
  early ??= { answer: timelinePage({ limit: TIMELINE_PAGE }), askedAt: Date.now() };
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
