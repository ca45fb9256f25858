import { describeOverlay, launcherLabel, openPanel, readPanel } from '../overlay';
import { demoCollectionPicks, type DemoPage } from '../store';
import type { DemoStep } from '../story';

/** A partner store's product page: the overlay appears and reads the product, picks or not. */
export function storePageStep(id: string, demoPage: DemoPage): DemoStep {
  return {
    id,
    title: `${demoPage.label}: Haowu on the product page`,
    run: async ({ open, shoot, overlay: overlayOn }) => {
      const page = await open(demoPage.url);
      const overlay = overlayOn(page);
      await launcherLabel(overlay);
      await openPanel(overlay);
      const panel = await readPanel(overlay);
      await shoot(page, id);
      await overlay.press('Escape');
      const label = await launcherLabel(overlay);
      const key = await overlay.productKey();
      await page.close();
      // Say why a pick the demo data has for this product is not shown (an expiry date that has passed).
      const expired = demoCollectionPicks()
        .filter((pick) => pick.productKey === key && pick.expiresAt && Date.parse(pick.expiresAt) <= Date.now())
        .map((pick) => `note: the demo collection's pick ${pick.id} by ${pick.expert} expired on ${pick.expiresAt!.slice(0, 10)}, so Haowu does not show it`);
      return [describeOverlay(demoPage.label, label, panel), `product as read: ${panel.title} · ${panel.price} (${key})`, demoPage.url, ...expired];
    },
  };
}
