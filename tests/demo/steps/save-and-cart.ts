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
    const overlay = context.overlay(page);
    const saved = { role: 'button', name: 'Saved. Press to remove from saved items' };
    await overlay.click({ role: 'button', name: 'Save this product' });
    await overlay.waitFor(saved);
    await overlay.fill({ label: 'Quantity' }, '1');
    await overlay.fill({ label: 'Variant or size (optional)' }, DEMO_VARIANT);
    await overlay.click({ role: 'button', name: 'Add to cart' });
    const inCart = await overlay.waitFor({ role: 'button', name: /^In cart \(\d+\)$/ });
    await context.shoot(page, 'tmall-saved-in-cart');
    return `Saved (button now "${await overlay.text(saved)}"); cart button now "${inCart!.text}", variant "${DEMO_VARIANT}"`;
  },
};
