/** A page in a background tab draws no frames: then this long at most (ms). */
export const AFTER_PAINT_FALLBACK_MS = 100;

/**
 * Resolves in the task after the next frame, i.e. once what was rendered before the call has been
 * painted: work a first paint does not need (a second message, a lazy part's code) waits for it
 * instead of competing with it.
 */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    let frame = 0;
    const done = () => {
      clearTimeout(fallback);
      cancelAnimationFrame(frame);
      setTimeout(resolve);
    };
    const fallback = setTimeout(done, AFTER_PAINT_FALLBACK_MS);
    frame = requestAnimationFrame(done);
  });
}

/**
 * Resolves in the task after the task after the next frame: once the first rows rendered before the
 * call are painted and `npm run bench` has marked them (its mark is that frame's next task). Work the
 * first rows do not need (the rows beyond the view, a list of thousands, a second message) starts
 * then, so neither it nor the background's answer competes with that frame for the processor.
 */
export const afterFirstRows = (): Promise<void> => afterPaint().then(() => new Promise<void>((resolve) => setTimeout(resolve)));
