import { describeOverlay, launcherLabel, readPanel } from '../overlay';
import { DEMO_PAGES } from '../store';
import type { DemoStep } from '../story';
import { productPageWithPanel } from './product-page';

export const DEMO_EXPERT_NAME = 'Demo · You (demo data)';
const REASON = '(demo) Strong, malty tea at a fair price; the tin keeps it fresh.';
const PARTNER_LINK = 'https://p.pinduoduo.com/demo-you';

/** Expert mode: turn it on in Settings, create the profile in the Studio, recommend on a product page. */
export const expertRecommend: DemoStep = {
  id: 'expert-recommend',
  title: 'Expert mode: settings, profile, recommend on a Pinduoduo page',
  run: async (context) => {
    const popup = await context.openExtensionPage('popup.html');
    await popup.getByRole('tab', { name: 'Settings' }).click();
    await popup.getByRole('checkbox', { name: /Expert mode/ }).check();
    await popup.getByRole('tab', { name: 'Studio' }).click();
    await popup.getByRole('heading', { name: 'Create your expert profile' }).waitFor();
    await popup.getByLabel('Display name').fill(DEMO_EXPERT_NAME);
    await popup.getByLabel('Short bio (optional)').fill('DEMO DATA: the demo walk’s own expert profile.');
    await popup.getByRole('button', { name: 'Create profile' }).click();
    const idLine = popup.getByText(/^Your expert id: ed25519:[0-9a-f]{32}$/);
    await idLine.waitFor();
    const expertId = (await idLine.textContent())!.replace('Your expert id: ', '');
    await context.shoot(popup, 'studio-profile');
    await popup.close();

    const page = await productPageWithPanel(context, DEMO_PAGES.pinduoduo);
    const overlay = context.overlay(page);
    await overlay.click({ role: 'button', name: 'Recommend' });
    await overlay.fill({ label: 'Why you recommend it (10–1,000 characters)' }, REASON);
    await overlay.select({ label: 'Rating' }, '5');
    await overlay.fill({ label: 'Tags (optional, separated by commas)' }, 'tea, demo');
    await overlay.fill({ label: 'Your partner link (optional)' }, PARTNER_LINK);
    await context.shoot(page, 'pinduoduo-recommend-form');
    await overlay.click({ role: 'button', name: 'Save recommendation' });
    await overlay.waitFor({ text: 'Your pick', within: { role: 'article', name: DEMO_EXPERT_NAME } });
    const panel = await readPanel(overlay);
    await context.shoot(page, 'pinduoduo-your-pick');
    await overlay.click({ role: 'button', name: 'Close Haowu' });
    const label = await launcherLabel(overlay);
    return [`expert mode on; profile "${DEMO_EXPERT_NAME}", id ${expertId}`, describeOverlay(DEMO_PAGES.pinduoduo.label, label, panel)];
  },
};
