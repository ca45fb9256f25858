import { describeOverlay, launcherLabel, openPanel, readPanel } from '../overlay';
import { DEMO_PAGES } from '../store';
import type { DemoStep } from '../story';

/** The expert picks on a Tmall product page: the launcher's count, then the panel with the cards. */
export const tmallPicks: DemoStep = {
  id: 'tmall-picks',
  title: 'Expert picks on a Tmall product page',
  run: async ({ open, state, shoot, overlay: overlayOn }) => {
    const page = await open(DEMO_PAGES.tmall.url);
    state.tmall = page;
    const overlay = overlayOn(page);
    const label = await launcherLabel(overlay, { expectPicks: true });
    await shoot(page, 'tmall-launcher');
    await openPanel(overlay);
    const panel = await readPanel(overlay);
    await shoot(page, 'tmall-panel');
    if (panel.cards.length === 0) throw new Error(`The panel shows no expert picks (launcher: "${label}")`);
    return [describeOverlay(DEMO_PAGES.tmall.label, label, panel), `product as read: ${panel.title} · ${panel.price}`, DEMO_PAGES.tmall.url];
  },
};
