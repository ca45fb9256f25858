// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { staticImports } from './imports';

/*
 * The Picks tab's own read (utils/popup/timeline-here.ts) loads with the tab's code, in the popup. Its
 * modules must stay light: a value from the schema's module, the database's opener or a writer would
 * bring zod's full build into the popup's lazily loaded chunks, and rolldown then moves shared code into
 * the chunks of the popup's first load (popup-gzip went from 59.8 to 68.7 KB that way).
 */
describe('the popup’s own read of the Picks tab', () => {
  it('loads neither zod (full or mini), nor the schema, the opener or a writer', () => {
    const { modules, packages } = staticImports('utils/popup/timeline-here.ts');
    expect(packages.get('zod') ?? []).toEqual([]);
    expect(packages.get('zod/mini') ?? []).toEqual([]);
    for (const heavy of ['utils/db/schema.ts', 'utils/db/open.ts', 'utils/db/pick-chunks.ts', 'utils/db/picks.ts', 'utils/db/saved.ts', 'utils/db/cart.ts', 'utils/feed/followed-collections.ts']) {
      expect(modules).not.toContain(heavy);
    }
    expect(modules).toContain('utils/db/pick-pages.ts');
  });
});
