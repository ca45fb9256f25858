import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { bundleForPage } from '../../harness/page-bundle';

/** Runs a page bundle as page.evaluate would, and returns what it exposed. */
async function exposed(options?: { browser?: 'chrome' | 'firefox' }): Promise<unknown> {
  const context: { globalThis?: unknown; __probe?: { env: unknown } } = {};
  context.globalThis = context;
  runInNewContext(await bundleForPage('tests/unit/bench/fixtures/env-probe.ts', '__probe', options), context);
  return context.__probe?.env;
}

// The bench's price check ran offscreen-reader.ts bundled so, and crashed once the module read
// import.meta.env.FIREFOX: esbuild leaves import.meta empty in a script bundle.
describe('bundleForPage', () => {
  it("defines WXT's build-time constants as Chrome's production build has them", async () => {
    expect(await exposed()).toEqual({ firefox: false, chrome: true, mode: 'production' });
  }, 30_000);

  it("and as Firefox's when asked", async () => {
    expect(await exposed({ browser: 'firefox' })).toEqual({ firefox: true, chrome: false, mode: 'production' });
  }, 30_000);
});
