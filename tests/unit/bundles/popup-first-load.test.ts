// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { staticImports } from './imports';

/*
 * What the popup's first load may import. zod's full build (`zod`) is about 20 KB gzipped more than
 * `zod/mini`; the background's schemas use it, and one value imported from such a module into a
 * popup component brings all of it into the popup's first load (popup-gzip went from 64 to 83 KB that
 * way). Static imports only: what components load lazily (`import()`) is not part of the first load.
 */

describe('the popup’s first load', () => {
  it('imports zod/mini only, never zod’s full build', () => {
    const { packages } = staticImports('entrypoints/popup/main.tsx');
    expect(packages.get('zod/mini')?.length).toBeGreaterThan(0);
    expect(packages.get('zod') ?? []).toEqual([]);
  });
});
