import { browser } from 'wxt/browser';
import * as z from 'zod/mini';
import type { PublishProgress } from './outcome';

/*
 * How far a publish under way is, for the Studio's progress bar: file counts only, written by the
 * background to `storage.session` (memory only, gone when the browser closes; the Studio reads it
 * through storage.onChanged, so no message is needed and the Studio may open in the middle of a
 * publish). Nothing secret: no path, no address. Written at most every PROGRESS_INTERVAL_MS and
 * once at the end, so 1,000 uploads do not make 1,000 writes; the first time once the publish has
 * run that long, so a short one (an edit's few pages) writes nothing at all.
 */

export const PUBLISH_PROGRESS_KEY = 'haowu.publishProgress';
export const PROGRESS_INTERVAL_MS = 250;

export const PublishProgressNote = z.strictObject({
  /** Files this publish uploads (the changed ones and feed.json), and how many are done. */
  toUpload: z.number().check(z.int(), z.nonnegative()),
  uploaded: z.number().check(z.int(), z.nonnegative()),
  /** When the publish started: a note left by a stopped background is told apart by the Studio. */
  startedAt: z.number(),
});
export type PublishProgressNote = z.infer<typeof PublishProgressNote>;

export const progressNote = (progress: Readonly<PublishProgress>, startedAt: number): PublishProgressNote => ({
  toUpload: Math.max(0, progress.total - progress.unchanged),
  uploaded: progress.uploaded,
  startedAt,
});

export interface ProgressWriter {
  /** Called after each file; writes when PROGRESS_INTERVAL_MS passed since the last write. */
  update: (progress: Readonly<PublishProgress>) => void;
  /** The publish ended: the note is removed. */
  done: () => Promise<void>;
}

export function sessionProgressWriter(startedAt: number, now: () => number, area = browser.storage.session): ProgressWriter {
  let lastWrite = startedAt;
  let written = false;
  let writing: Promise<unknown> = Promise.resolve();
  const write = (note: PublishProgressNote) => {
    written = true;
    // In order, and never failing the publish: the bar is a courtesy.
    writing = writing.then(() => area.set({ [PUBLISH_PROGRESS_KEY]: note })).catch(() => undefined);
  };
  return {
    update(progress) {
      const at = now();
      // The last file is written only over a note already there: a publish that never wrote one ends without.
      if (at - lastWrite < PROGRESS_INTERVAL_MS && !(written && progress.uploaded >= progress.total - progress.unchanged)) return;
      lastWrite = at;
      write(progressNote(progress, startedAt));
    },
    async done() {
      if (!written) return;
      await writing;
      await area.remove(PUBLISH_PROGRESS_KEY).catch(() => undefined);
    },
  };
}

/** Calls `listener` with each progress note the background writes (null when a publish ended). Returns the unsubscribe. */
export function watchPublishProgress(listener: (note: PublishProgressNote | null) => void): () => void {
  const onChanged = (changes: Record<string, { newValue?: unknown }>, areaName: string) => {
    if (areaName !== 'session' || !(PUBLISH_PROGRESS_KEY in changes)) return;
    const parsed = PublishProgressNote.safeParse(changes[PUBLISH_PROGRESS_KEY]?.newValue);
    listener(parsed.success ? parsed.data : null);
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
