import type { DemoStep } from '../story';

const clean = (text: string | null | undefined) => text?.replace(/\s+/g, ' ').trim() ?? '';

/** The checkout page: the cart by store, each line bought through the expert's disclosed link. */
export const checkout: DemoStep = {
  id: 'checkout',
  title: 'The checkout page',
  run: async ({ openExtensionPage, shoot }) => {
    const page = await openExtensionPage('checkout.html', { width: 1000, height: 800 });
    const lines = page.locator('.checkout-line');
    await lines.first().waitFor().catch(() => {
      throw new Error('The checkout page lists no cart lines');
    });
    const shown: string[] = [];
    for (const line of await lines.all()) {
      const links = (await line.locator('a').allTextContents()).map((link) => `[${clean(link)}]`).join(' ');
      const disclosure = clean((await line.locator('.disclosure').allTextContents()).join(' '));
      const viaExpert = (await line.getByRole('link', { name: /^Buy via / }).count()) > 0;
      const note = viaExpert ? '' : ' (no expert link: the cart line records no pick)';
      shown.push(`line: ${clean(await line.locator('.row__title').first().textContent())} ${links} ${disclosure}${note}`.trim());
    }
    await shoot(page, 'checkout');
    await page.close();
    return shown;
  },
};
