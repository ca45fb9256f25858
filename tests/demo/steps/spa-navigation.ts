import { describeOverlay, launcherLabel, openPanel, readPanel } from '../overlay';
import { DEMO_PAGES } from '../store';
import type { DemoStep } from '../story';

/** The iPhone 11 as Tmall's app would render it (values from its saved page), standing in for the real SPA. */
const IPHONE = {
  id: new URL(DEMO_PAGES.tmall.url).searchParams.get('id')!,
  title: '【官网价直降】Apple/苹果 iPhone 11 4G全网通智能手机正品苏宁易购官方旗舰店苹果11',
  price: '5499.00-6799.00',
  shop: '苏宁易购官方旗舰店',
  image: 'https://img.alicdn.com/imgextra/i3/2616970884/O1CN01TOc9jZ1IOujNdnN64_!!2616970884.jpg_430x430q90.jpg',
};

/**
 * In-page navigation: on a Tmall page (current, app-rendered layout) with no picks, the store's app
 * swaps in another product and calls history.pushState; the one overlay follows and shows its picks.
 */
export const spaNavigation: DemoStep = {
  id: 'spa-navigation',
  title: 'In-page (SPA) navigation to another Tmall product',
  run: async ({ open, shoot }) => {
    const page = await open(DEMO_PAGES.tmallK70.url);
    const first = await launcherLabel(page);
    await shoot(page, 'tmall-k70-before-navigation');
    // The store's app re-renders the product area in place, then updates the address.
    await page.evaluate((product) => {
      document.title = `${product.title}-tmall.com天猫`;
      document.querySelector('.ItemHeader--mainTitle--3CIjqW5')!.textContent = product.title;
      document.querySelector('.Price--extraPriceText--2Lh4rn2')?.remove();
      document.querySelector('.Price--originPrice--3jB4KjY')?.remove();
      document.querySelector('.Price--extraPrice--2ck_Ltj .Price--priceText--2nLbVda')!.textContent = product.price;
      document.querySelector('.ShopHeader--shopName--zZ3913d')!.textContent = product.shop;
      document.querySelector('.PicGallery--mainPic--34u4Jrw')!.setAttribute('src', product.image);
      history.pushState({}, '', `/item.htm?id=${product.id}`);
    }, IPHONE);
    // The content script compares the address about once a second.
    const key = `tmall:${IPHONE.id}`;
    await page
      .waitForFunction((expected) => document.querySelector('haowu-overlay')?.shadowRoot?.querySelector('.hw-root')?.getAttribute('data-product-key') === expected, key, { timeout: 5000 })
      .catch(async () => {
        throw new Error(`After pushState the overlay still shows ${await page.locator('haowu-overlay .hw-root').getAttribute('data-product-key')}, not ${key}`);
      });
    const label = await launcherLabel(page, { expectPicks: true });
    await openPanel(page);
    const panel = await readPanel(page);
    await shoot(page, 'tmall-after-navigation');
    const overlays = await page.locator('haowu-overlay').count();
    if (panel.cards.length === 0) throw new Error(`After pushState the panel shows no picks for ${panel.title}`);
    return [
      `${DEMO_PAGES.tmallK70.label}: "${first}"; the store's app swaps in the iPhone 11 and pushState → ${page.url()}`,
      describeOverlay(`${DEMO_PAGES.tmall.label} (after pushState)`, label, panel),
      `product as read: ${panel.title} · ${panel.price}; Haowu overlays on the page: ${overlays}`,
    ];
  },
};
