// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { staticImports } from './imports';

/*
 * The Saved tab's first rows are read in the popup's own page (utils/popup/saved-here.ts): started by
 * the popup's first script (entrypoints/popup-first-rows.ts, a classic script before the app's
 * modules), checked and taken by the app. That read must stay light: a value from the schema's module
 * or the database's opener would bring zod's full build (about 20 KB gzipped) into the popup's first
 * load, and the first script must stay small (no Preact, no component, no messenger: the app asks the
 * background when the read fails). Its only zod is utils/errors.ts's, through utils/db/saved.ts, of
 * which the bundle keeps zod's global settings object and no schema.
 */
describe('the popup’s own read of the Saved tab’s first rows', () => {
  it('loads neither zod’s full build, nor the schema or the opener', () => {
    const { modules, packages } = staticImports('utils/popup/saved-here.ts');
    expect(packages.get('zod') ?? []).toEqual([]);
    for (const heavy of ['utils/db/schema.ts', 'utils/db/open.ts', 'utils/db/pick-chunks.ts', 'utils/feed/followed-collections.ts']) expect(modules).not.toContain(heavy);
    expect(modules).toContain('utils/db/saved.ts');
    expect(staticImports('entrypoints/popup/main.tsx').modules).toContain('utils/popup/saved-first-rows.ts');
  });

  it('is started by a first script without Preact, components or the messenger, of a handful of modules', () => {
    const { modules, packages } = staticImports('entrypoints/popup-first-rows.ts');
    expect([...packages.keys()].filter((name) => /^(zod|preact|@webext-core)(\/|$)/.test(name) && name !== 'zod/mini')).toEqual([]);
    expect(packages.get('zod/mini')).toEqual(['utils/errors.ts']);
    expect(modules.filter((module) => module.startsWith('components/') || module.startsWith('utils/messaging/'))).toEqual([]);
    expect(modules.length).toBeLessThanOrEqual(10);
  });
});
