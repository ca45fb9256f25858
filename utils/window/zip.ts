import { zipSync, type Zippable } from 'fflate';
import { HaowuError } from '../errors';
import type { WindowFile } from './files';

/*
 * A window as one zip, for experts who upload the files themselves. Deterministic: every entry gets
 * the same fixed time and the files keep their order, so the same window always gives the same bytes
 * (an expert can tell an unchanged window from a changed one by its checksum).
 */

/*
 * fflate writes DOS times from a Date's local fields, so the fixed time is made from local fields at
 * each call: 1 January 2000, 12:00, whatever the time zone is now (the browser's zone can change while
 * it runs, so a Date made once at start-up could later read as another day).
 */
const fixedTime = () => new Date(2000, 0, 1, 12, 0, 0);

const utf8 = new TextEncoder();

/**
 * A relative path of plain segments: nothing an unzip tool could write outside its folder. `__proto__`
 * is refused too: fflate keeps entries in a plain object, where that name would be lost.
 */
const isSafePath = (path: string) =>
  /^(?:[a-z0-9_.-]+\/)*[a-z0-9_.-]+$/i.test(path) && !path.split('/').some((part) => part === '.' || part === '..' || part === '__proto__');

export function zipWindow(files: readonly WindowFile[]): Uint8Array {
  const mtime = fixedTime();
  // No prototype: a path is only ever a key here, whatever its name.
  const entries: Zippable = Object.create(null) as Zippable;
  const paths = new Set<string>();
  for (const file of files) {
    if (!isSafePath(file.path)) throw new HaowuError('invalid-input', 'window.badPath', { path: file.path });
    if (paths.has(file.path)) throw new HaowuError('invalid-input', 'window.duplicatePath', { path: file.path });
    paths.add(file.path);
    entries[file.path] = [typeof file.body === 'string' ? utf8.encode(file.body) : file.body, { mtime }];
  }
  return zipSync(entries, { level: 9, mtime });
}
