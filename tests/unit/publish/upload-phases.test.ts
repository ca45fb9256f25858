import { describe, expect, it } from 'vitest';
import { uploadPhases, type PreparedFile } from '../../../utils/publish/window-files';

const file = (path: string): PreparedFile => ({ path, contentType: 'text/html; charset=utf-8', cacheControl: 'public, max-age=600', bytes: new Uint8Array() });
const paths = (phases: PreparedFile[][]) => phases.map((phase) => phase.map((f) => f.path).sort());

describe('the order of the upload', () => {
  const files = [file('index.html'), file('p/a.html'), file('tag/kitchen.html'), file('feed.json')];

  it('deepest first, index.html after, feed.json never among the pages, when a page is new', () => {
    expect(paths(uploadPhases(files))).toEqual([['p/a.html', 'tag/kitchen.html'], ['index.html']]);
    expect(paths(uploadPhases(files, (path) => path !== 'p/a.html'))).toEqual([['p/a.html', 'tag/kitchen.html'], ['index.html']]);
  });

  it('all pages at once when each replaces one already there (no page can link to a missing one)', () => {
    expect(paths(uploadPhases(files, () => true))).toEqual([['index.html', 'p/a.html', 'tag/kitchen.html']]);
    expect(uploadPhases([file('feed.json')], () => true)).toEqual([]);
  });
});
