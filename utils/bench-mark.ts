/**
 * A mark on the page's performance timeline for `npm run bench`, only in the bench build
 * (`wxt build --mode bench`). The timeline is shared with the store's own scripts, so a shipped build
 * leaves nothing there that would tell a page Haowu is installed; the production build drops this
 * call entirely (MODE is replaced at build time).
 */
export function benchMark(name: string): void {
  if (import.meta.env.MODE === 'bench') performance.mark(name);
}

/**
 * In the bench build: `name` marked in the task after the next frame, i.e. once what was rendered before
 * this call has been laid out and painted (the frame's paint runs between the rAF callback and the timeout).
 */
export function benchMarkAfterPaint(name: string): void {
  if (import.meta.env.MODE === 'bench') requestAnimationFrame(() => setTimeout(() => performance.mark(name)));
}
