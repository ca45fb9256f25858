import type { Page } from 'playwright-core';
import type { DemoPage } from '../store';
import type { StepContext } from '../story';
import { launcherLabel, openPanel } from '../overlay';

/** The page a previous step left open (e.g. Tmall), or a fresh one; with the Haowu panel open. */
export async function productPageWithPanel(context: StepContext, demoPage: DemoPage, reuse?: Page): Promise<Page> {
  const page = reuse && !reuse.isClosed() ? context.using(reuse) : await context.open(demoPage.url);
  const panelOpen = (await page.getByRole('dialog', { name: 'Haowu on this product' }).count()) > 0;
  if (!panelOpen) {
    await launcherLabel(page);
    await openPanel(page);
  }
  return page;
}
