// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { staticImports } from './imports';

/*
 * The full tab's first script (entrypoints/expert-first-rows.ts, a classic script before the app's
 * modules) asks for an expert page's first rows before the app has loaded, so it must stay small:
 * the messenger and the route; no zod (and so no jitless mode to set), no Preact, no component.
 */

describe('the full tab’s first script', () => {
  const { modules, packages } = staticImports('entrypoints/expert-first-rows.ts');

  it('loads neither zod, Preact nor any part of the app', () => {
    expect([...packages.keys()].filter((name) => /^(zod|preact)(\/|$)/.test(name))).toEqual([]);
    expect(modules.filter((module) => module.startsWith('components/'))).toEqual([]);
  });

  it('is a handful of modules', () => {
    expect(modules.length).toBeLessThanOrEqual(10);
  });
});
