/** What the popup's first load draws of price tracking (issue 17): the Saved tab's button and Settings' checkbox; the rest loads with the history. */
export const en = {
  'priceTracking.open': 'Price',
  'priceTracking.openLabel': 'Price history and alert for {title}',
  'priceTracking.settings.checks': 'Check prices of saved items and cart lines in the background',
  'priceTracking.settings.checksHint':
    'About twice a day per product, at most 3 requests an hour to each store, with no cookies sent. Only Amazon and stores with schema.org product data state the price in the page they send; Tmall, Taobao, JD, Weidian and Pinduoduo update when you visit.',
} as const;

export const zh: Record<keyof typeof en, string> = {
  'priceTracking.open': '价格',
  'priceTracking.openLabel': '{title}的价格历史和提醒',
  'priceTracking.settings.checks': '在后台检查收藏和购物车中商品的价格',
  'priceTracking.settings.checksHint':
    '每件商品大约每天两次，每个商店每小时最多 3 次请求，不发送 Cookie。只有亚马逊和带 schema.org 商品数据的商店在发送的页面里标明价格；天猫、淘宝、京东、微店和拼多多的价格在你访问时更新。',
};
