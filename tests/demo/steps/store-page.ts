import { describeOverlay, launcherLabel, openPanel, readPanel } from '../overlay';
import type { DemoPage } from '../store';
import type { DemoStep } from '../story';

/** A partner store's product page: the overlay appears and reads the product, picks or not. */
export function storePageStep(id: string, demoPage: DemoPage): DemoStep {
  return {
    id,
    title: `${demoPage.label}: Haowu on the product page`,
    run: async ({ open, shoot }) => {
      const page = await open(demoPage.url);
      await launcherLabel(page);
      await openPanel(page);
      const panel = await readPanel(page);
      await shoot(page, id);
      await page.keyboard.press('Escape');
      const label = await launcherLabel(page);
      await page.close();
      return [describeOverlay(demoPage.label, label, panel), `product as read: ${panel.title} · ${panel.price}`, demoPage.url];
    },
  };
}
