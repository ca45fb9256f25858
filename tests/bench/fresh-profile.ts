import type { Page } from 'playwright-core';
import { launchChromiumWithExtension } from '../harness/chromium';
import { bundleForPage } from '../harness/page-bundle';

/** Runs `measure` on an extension page of a new browser profile with the database modules loaded. */
export async function inFreshProfile<T>(measure: (page: Page) => Promise<T>, bundle = 'tests/bench/db-entry.ts', global = '__haowuBench'): Promise<T> {
  const session = await launchChromiumWithExtension();
  try {
    const page = await session.openExtensionPage('popup.html');
    await page.evaluate(await bundleForPage(bundle, global));
    return await measure(page);
  } finally {
    await session.close();
  }
}
