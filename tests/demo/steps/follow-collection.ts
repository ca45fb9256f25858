import { followFromPopup } from '../../harness/feed-follow';
import { DEMO_COLLECTION_URL } from '../store';
import type { DemoStep } from '../story';

/** Loads the demo experts the way a person would: Experts tab → follow the collection's address. */
export const followCollection: DemoStep = {
  id: 'follow-collection',
  title: 'Follow the demo collection from the popup (Experts tab)',
  run: async ({ openExtensionPage, state, shoot }) => {
    const popup = await openExtensionPage('popup.html');
    state.popup = popup;
    await popup.getByRole('tab', { name: 'Experts' }).click();
    const status = await followFromPopup(popup, DEMO_COLLECTION_URL);
    const experts = popup.locator('li.collection li.expert');
    await experts.first().waitFor();
    const listed = await experts.evaluateAll((rows) =>
      rows.map((row) => `${row.querySelector('.expert__name')?.textContent?.trim()} (${row.querySelector('.row__meta')?.textContent?.trim()})`),
    );
    await shoot(popup, 'popup-experts-collection');
    return [`${DEMO_COLLECTION_URL}`, status, `experts listed: ${listed.join(', ')}`];
  },
};
