// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { staticImports } from './imports';

/*
 * The Saved tab's first rows are read in the popup's own page (utils/popup/saved-here.ts), in the
 * popup's first load. That read must stay light: a value from the schema's module or the database's
 * opener would bring zod's full build (about 20 KB gzipped) into the popup's first load.
 */
describe('the popup’s own read of the Saved tab’s first rows', () => {
  it('loads neither zod’s full build, nor the schema or the opener', () => {
    const { modules, packages } = staticImports('utils/popup/saved-here.ts');
    expect(packages.get('zod') ?? []).toEqual([]);
    for (const heavy of ['utils/db/schema.ts', 'utils/db/open.ts', 'utils/db/pick-chunks.ts', 'utils/feed/followed-collections.ts']) expect(modules).not.toContain(heavy);
    expect(modules).toContain('utils/db/saved.ts');
    expect(staticImports('entrypoints/popup/main.tsx').modules).toContain('utils/popup/saved-here.ts');
  });
});
