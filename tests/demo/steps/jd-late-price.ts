import { describeOverlay, launcherLabel, openPanel, readPanel } from '../overlay';
import { DEMO_PAGES, JD_LATE_PRICE, JD_LATE_PRICE_DELAY_MS } from '../store';
import type { DemoStep } from '../story';

const UNKNOWN = 'Price not shown on the page';

/**
 * JD fills the price in after load (the demo page does it with a script, a second after load); Haowu
 * keeps reading the product area for about 3 s and updates the open panel in place.
 */
export const jdLatePrice: DemoStep = {
  id: 'jd-late-price',
  title: `JD product page whose price appears ${JD_LATE_PRICE_DELAY_MS / 1000} s after load`,
  run: async ({ open, shoot, overlay: overlayOn }) => {
    const page = await open(DEMO_PAGES.jd.url);
    const overlay = overlayOn(page);
    const label = await launcherLabel(overlay, { expectPicks: true });
    await openPanel(overlay);
    const before = await readPanel(overlay);
    await shoot(page, 'jd-before-price');
    try {
      await overlay.waitUntil((snapshot) => snapshot.visible({ className: 'hw-product__price' }).some((price) => price.text !== '' && price.text !== UNKNOWN), 'a price in the panel', { timeout: 6000 });
    } catch {
      throw new Error(`The panel still says "${(await readPanel(overlay)).price}" after the page filled in ¥${JD_LATE_PRICE}`);
    }
    const after = await readPanel(overlay);
    await shoot(page, 'jd-after-price');
    const beforeNote = before.price === UNKNOWN ? `first "${before.price}"` : `already "${before.price}" when the panel opened (the price came before the first screenshot)`;
    return [
      describeOverlay(DEMO_PAGES.jd.label, label, after),
      `price in the panel: ${beforeNote}, then "${after.price}" once the page filled in ¥${JD_LATE_PRICE}`,
      ...after.cards.map((card) => `${card.name} card: ${card.priceLine}`),
    ];
  },
};
