import { openPopupForTab } from '../../harness/popup-for-tab';
import { WINDOW_URL, buildWindowSite } from '../../harness/window-site';
import type { DemoStep } from '../story';

/** Not in the demo collection (followed in the first step): a key made for the run. */
const WINDOW_EXPERT_NAME = 'Demo · 阿杰 (demo data)';

/**
 * A shopper meets an expert's window (her public page of picks, served at https://window.example),
 * presses the toolbar button there, sees what Haowu checked of her signed feed, follows her, and
 * opens her page inside Haowu: profile, key, feed and every pick, searchable.
 */
export const followFromWindow: DemoStep = {
  id: 'follow-from-window',
  title: 'Follow an expert from her window, then browse her picks on her page in Haowu',
  run: async ({ session, open, shoot, using }) => {
    const site = await buildWindowSite({ name: WINDOW_EXPERT_NAME, bio: '(demo) Phones and gadgets I actually use.', freshKey: true });
    await session.serve(site.pages);
    const window = await open(`${WINDOW_URL}index.html`);
    await window.getByRole('heading', { level: 1, name: WINDOW_EXPERT_NAME }).waitFor();
    await shoot(window, 'window-of-an-expert');

    // The toolbar button's popup, for the window's tab (tests/harness/popup-for-tab.ts).
    const popup = using(await openPopupForTab(session, window));
    const onThisPage = popup.getByRole('region', { name: 'On this page' });
    const preview = onThisPage.getByRole('region', { name: 'Follow this expert?' });
    await preview.waitFor({ timeout: 15_000 });
    const checked = ((await preview.getByText(/^signed by /).first().textContent()) ?? '').trim();
    if (!checked.includes('pick')) throw new Error(`The popup did not say what it checked of the window’s feed: ${checked}`);
    await shoot(popup, 'follow-from-window');
    await preview.getByRole('button', { name: 'Follow' }).click();
    const followed = onThisPage.getByText(`Following ${WINDOW_EXPERT_NAME}.`, { exact: false });
    await followed.waitFor({ timeout: 15_000 });
    const followedLine = ((await followed.textContent()) ?? '').trim();

    await popup.getByRole('button', { name: `See all picks by ${WINDOW_EXPERT_NAME}` }).click();
    const page = popup.locator('section.expert-page');
    await page.getByRole('heading', { name: WINDOW_EXPERT_NAME }).waitFor();
    const picks = await page.getByRole('article').count();
    if (picks === 0) throw new Error('The expert’s page shows no picks');
    await shoot(popup, 'expert-page');
    await popup.close();
    await window.close();
    return [
      `window at ${WINDOW_URL}: "${WINDOW_EXPERT_NAME}", its feed announced by <link rel="alternate" type="application/vnd.haowu.feed+json">`,
      `the toolbar popup checked it: ${checked}`,
      followedLine,
      `her page in Haowu: ${picks} pick${picks === 1 ? '' : 's'}, key ${site.expertId.slice(0, 12)}…`,
    ];
  },
};
