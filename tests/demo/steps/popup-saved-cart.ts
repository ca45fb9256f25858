import type { Locator } from 'playwright-core';
import type { DemoStep } from '../story';

const clean = (text: string | null | undefined) => text?.replace(/\s+/g, ' ').trim() ?? '';
const textOf = async (locator: Locator) => ((await locator.count()) > 0 ? clean(await locator.first().textContent()) : '');

/** The popup's Saved and Cart tabs after saving and adding to cart from the overlay. */
export const popupSavedCart: DemoStep = {
  id: 'popup-saved-cart',
  title: 'The popup: saved items and cart',
  run: async ({ openExtensionPage, shoot }) => {
    const popup = await openExtensionPage('popup.html');
    await popup.getByRole('tab', { name: 'Saved' }).click();
    const rows = popup.locator('.vlist__row article.row');
    await rows.first().waitFor().catch(() => {
      throw new Error('The Saved tab lists nothing');
    });
    const saved: string[] = [];
    for (const row of await rows.all()) {
      saved.push([await textOf(row.locator('.row__title')), ...(await row.locator('.row__meta').allTextContents()).map(clean)].join(' · '));
    }
    await shoot(popup, 'popup-saved');

    await popup.getByRole('tab', { name: 'Cart' }).click();
    const groups = popup.locator('section.store-group');
    await groups.first().waitFor().catch(() => {
      throw new Error('The Cart tab lists nothing');
    });
    const cart: string[] = [];
    for (const group of await groups.all()) {
      const lines: string[] = [];
      for (const line of await group.locator('.cart-line').all()) {
        lines.push(`${await textOf(line.locator('.row__title'))} ×${await textOf(line.locator('.stepper__value'))} ${await textOf(line.locator('.row__meta:not(.price)'))}`.trim());
      }
      cart.push(`${await textOf(group.locator('.store-group__name'))}: ${lines.join('; ')} — ${await textOf(group.locator('.subtotal'))}`);
    }
    await shoot(popup, 'popup-cart');
    await popup.close();
    return [...saved.map((row) => `saved: ${row}`), ...cart.map((group) => `cart: ${group}`)];
  },
};
