import { DEMO_PAGES } from '../store';
import type { DemoStep } from '../story';
import { productPageWithPanel } from './product-page';

export const DEMO_VARIANT = '128GB black';

/** Save the product and add it to the cart from the overlay. */
export const saveAndCart: DemoStep = {
  id: 'save-and-cart',
  title: 'Save and add to cart from the overlay (Tmall)',
  run: async (context) => {
    const page = await productPageWithPanel(context, DEMO_PAGES.tmall, context.state.tmall);
    context.state.tmall = page;
    await page.getByRole('button', { name: 'Save this product' }).click();
    await page.getByRole('button', { name: 'Saved. Press to remove from saved items' }).waitFor();
    await page.getByLabel('Quantity').fill('1');
    await page.getByLabel('Variant or size (optional)').fill(DEMO_VARIANT);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    const inCart = page.getByRole('button', { name: /^In cart \(\d+\)$/ });
    await inCart.waitFor();
    await context.shoot(page, 'tmall-saved-in-cart');
    return `Saved (button now "${(await page.getByRole('button', { name: 'Saved. Press to remove from saved items' }).textContent())?.trim()}"); cart button now "${(await inCart.textContent())?.trim()}", variant "${DEMO_VARIANT}"`;
  },
};
