/**
 * Strings of the Picks tab's label, sync and the new-picks badge setting: the few that the popup draws
 * before the expert page or the Picks tab load (those have their own table, ./picks.ts, loaded with
 * them). Both languages must have the same keys (typed).
 */
export const en = {
  'popup.tab.picks': 'Picks',
  'popup.picks.loadFailed': 'This part of Haowu could not load. Close the popup and open it again.',
  'popup.expert.open': 'See all picks by {name}',
  'popup.settings.newPicksBadge': 'Count new picks on the toolbar button',
  'popup.settings.newPicksBadgeHint': 'Shows how many picks came since you last opened the Picks tab, except on a product page, where the button shows that product’s picks.',
  'popup.sync.heading': 'Sync across your browsers',
  'popup.sync.what': 'Synced through your browser account: the experts and collections you follow (their addresses), each expert’s “show on product pages” switch, and your language, theme, stores, hidden stores, refresh interval and badge settings. Each browser fetches the feeds itself.',
  'popup.sync.notWhat': 'Never synced: saved items, the cart, purchases, picks and your expert identity (use a backup for those), nor Amazon and other stores, which need this browser’s permission.',
  'popup.sync.last': 'Last synced {when}.',
  'popup.sync.never': 'Not synced yet.',
  'popup.sync.follows.one': '1 address followed.',
  'popup.sync.follows.other': '{count} addresses followed.',
  'popup.sync.over.one': '1 entry did not fit the browser’s sync storage and stays in this browser only.',
  'popup.sync.over.other': '{count} entries did not fit the browser’s sync storage and stay in this browser only.',
  'popup.sync.failed': 'The last sync failed: {message}',
  'popup.sync.pendingHeading': 'Follows from your other browser',
  'popup.sync.allowFeed': 'Allow access to follow {host}, synced from your other browser.',
  'popup.sync.allowCollection': 'Allow access to follow the collection at {host}, synced from your other browser.',
  'popup.sync.allowLabel': 'Allow access to {host} and follow',
  'popup.sync.allow': 'Allow access',
  'popup.sync.lastTry': '(Last try: {message})',
} as const;

export const zh: Record<keyof typeof en, string> = {
  'popup.tab.picks': '推荐',
  'popup.picks.loadFailed': '好物的这一部分未能加载。请关闭弹窗后重新打开。',
  'popup.expert.open': '查看{name}的全部推荐',
  'popup.settings.newPicksBadge': '在工具栏按钮上显示新推荐数量',
  'popup.settings.newPicksBadgeHint': '显示自你上次打开“推荐”标签页以来新到的推荐数；在商品页上，按钮仍显示该商品的推荐数。',
  'popup.sync.heading': '在你的浏览器之间同步',
  'popup.sync.what': '通过浏览器账户同步：你关注的达人和合集（它们的地址）、每位达人的“在商品页显示”开关，以及语言、主题、商店、隐藏的商店、刷新间隔和徽标设置。每个浏览器自行获取订阅。',
  'popup.sync.notWhat': '不会同步：收藏、购物车、购买记录、推荐内容和你的达人身份（请用备份），以及需要本浏览器授权的亚马逊和其他商店。',
  'popup.sync.last': '上次同步：{when}。',
  'popup.sync.never': '尚未同步。',
  'popup.sync.follows.one': '已关注1个地址。',
  'popup.sync.follows.other': '已关注{count}个地址。',
  'popup.sync.over.one': '有1项超出浏览器同步存储空间，仅保留在本浏览器。',
  'popup.sync.over.other': '有{count}项超出浏览器同步存储空间，仅保留在本浏览器。',
  'popup.sync.failed': '上次同步失败：{message}',
  'popup.sync.pendingHeading': '来自你另一个浏览器的关注',
  'popup.sync.allowFeed': '允许访问{host}以关注它（从你的另一个浏览器同步而来）。',
  'popup.sync.allowCollection': '允许访问{host}以关注该合集（从你的另一个浏览器同步而来）。',
  'popup.sync.allowLabel': '允许访问{host}并关注',
  'popup.sync.allow': '允许访问',
  'popup.sync.lastTry': '（上次尝试：{message}）',
};
