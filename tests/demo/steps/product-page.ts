import type { Page } from 'playwright-core';
import type { DemoPage } from '../store';
import type { StepContext } from '../story';
import { launcherLabel, openPanel, PANEL } from '../overlay';

/** The page a previous step left open (e.g. Tmall), or a fresh one; with the Haowu panel open. */
export async function productPageWithPanel(context: StepContext, demoPage: DemoPage, reuse?: Page): Promise<Page> {
  const page = reuse && !reuse.isClosed() ? context.using(reuse) : await context.open(demoPage.url);
  const overlay = context.overlay(page);
  const panelOpen = (await overlay.count(PANEL)) > 0;
  if (!panelOpen) {
    await launcherLabel(overlay);
    await openPanel(overlay);
  }
  return page;
}
