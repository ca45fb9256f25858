import { readPanel } from '../overlay';
import { DEMO_PAGES } from '../store';
import type { DemoStep } from '../story';
import { productPageWithPanel } from './product-page';

/** Follow the expert behind a pick, from their card in the overlay. */
export const followExpert: DemoStep = {
  id: 'follow-expert',
  title: 'Follow an expert from their card (Tmall)',
  run: async (context) => {
    const page = await productPageWithPanel(context, DEMO_PAGES.tmall, context.state.tmall);
    const overlay = context.overlay(page);
    const card = (await readPanel(overlay)).cards.find((shown) => shown.followed === false);
    if (!card) throw new Error('No card with a Follow button on the Tmall panel');
    await overlay.click({ role: 'button', name: `Follow ${card.name}` });
    await overlay.waitFor({ role: 'button', name: `Unfollow ${card.name}` });
    const after = (await readPanel(overlay)).cards.find((shown) => shown.name === card.name);
    await context.shoot(page, 'tmall-following');
    return `Followed ${card.name}: the card's button now says "${after?.followed ? 'Following' : 'Follow'}"`;
  },
};
