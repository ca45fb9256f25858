import { describeOverlay, launcherLabel, openPanel, readPanel } from '../overlay';
import { DEMO_PAGES, SPA_IPHONE, SPA_LINK_TEXT } from '../store';
import type { DemoStep } from '../story';

/**
 * In-page navigation: on a Tmall page (current, app-rendered layout) with no picks, the shopper clicks
 * the page's link to a related product; the store's app swaps in that product and calls
 * history.pushState. The one overlay follows (the shopper's own click led there) and shows its picks.
 */
export const spaNavigation: DemoStep = {
  id: 'spa-navigation',
  title: 'In-page (SPA) navigation to another Tmall product',
  run: async ({ open, shoot, overlay: overlayOn }) => {
    const page = await open(DEMO_PAGES.tmallK70.url);
    const overlay = overlayOn(page);
    const first = await launcherLabel(overlay);
    await shoot(page, 'tmall-k70-before-navigation');
    // A real click on the page's own link; its handler re-renders the product area and updates the address.
    await page.getByRole('link', { name: SPA_LINK_TEXT }).click();
    const key = `tmall:${SPA_IPHONE.id}`;
    try {
      await overlay.waitUntil((snapshot) => snapshot.productKey === key, `the overlay to show ${key}`, { timeout: 5000 });
    } catch {
      const now = await overlay.snapshot();
      throw new Error(`After the in-page navigation to ${page.url()} the overlay shows ${now.hosts === 0 ? 'nothing' : `"${now.productKey}" (launcher "${now.first({ className: 'hw-launcher' })?.name ?? ''}")`}, not ${key}`);
    }
    const label = await launcherLabel(overlay, { expectPicks: true });
    await openPanel(overlay);
    const panel = await readPanel(overlay);
    await shoot(page, 'tmall-after-navigation');
    const overlays = await page.locator('haowu-overlay').count();
    if (panel.cards.length === 0) throw new Error(`After the in-page navigation the panel shows no picks for ${panel.title}`);
    return [
      `${DEMO_PAGES.tmallK70.label}: "${first}"; the shopper clicks "${SPA_LINK_TEXT}", the store's app swaps in the iPhone 11 and pushState → ${page.url()}`,
      describeOverlay(`${DEMO_PAGES.tmall.label} (after pushState)`, label, panel),
      `product as read: ${panel.title} · ${panel.price}; Haowu overlays on the page: ${overlays}`,
    ];
  },
};
