// Markup shared by Tmall and Taobao item pages since their 2022 redesign. Class names carry hashed
// suffixes (`Price--priceText--2nLbVda`) that change with every build, so match on their prefixes.

/** Elements with a class token starting with `prefix`, whether or not it is the first class. */
export const classPrefix = (prefix: string, tail = ''): string => `[class^="${prefix}"]${tail}, [class*=" ${prefix}"]${tail}`;

export const CURRENT_TITLE = [classPrefix('ItemHeader--mainTitle'), classPrefix('MainTitle--'), 'h1[class*="mainTitle--"]'];
export const CURRENT_PRICE = [
  classPrefix('highlightPrice--', ' [class*="text--"]'),
  classPrefix('Price--priceText'),
  classPrefix('Price--extraPrice', ' [class*="priceText"]'),
  // The 2025 server-rendered desktop layout (tbpc-pc-detail-ssr-2025): the price is a unit and a number,
  // `<span class="unit--…">￥</span><span class="text--…">29.9</span>`, in the purchase panel (first in its
  // hidden sticky header, which repeats it). Read when the ICE context is missing or names another item.
  classPrefix('PurchasePanel--', ' [class^="unit--"] + [class^="text--"]'),
];
export const CURRENT_IMAGE = [
  'img[class^="PicGallery--mainPic"], img[class*=" PicGallery--mainPic"]',
  classPrefix('PicGallery--mainPicWrap', ' img'),
  'img[class*="mainPic--"]',
];
export const CURRENT_SHOP = [classPrefix('ShopHeader--shopName'), classPrefix('shopName--')];
// The block whose replacement means a re-render (a SKU chosen, in-page navigation); the 2025 server-rendered
// layout has none of the 2022-23 blocks, its title and price sit in the purchase panel.
export const CURRENT_AREA = `${classPrefix('BasicContent--')}, ${classPrefix('ItemHeader--')}, ${classPrefix('Price--root')}, ${classPrefix('PurchasePanel--')}`;

