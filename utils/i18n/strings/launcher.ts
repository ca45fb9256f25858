/**
 * The launcher's strings: the only ones the content script itself carries (the panel's come with the
 * panel's script when the shopper opens it). Both languages must have the same keys (typed).
 */
export const en = {
  'launcher.name': 'Haowu',
  'launcher.picks': '{count} expert picks',
  'launcher.onePick': '1 expert pick',
  'launcher.noPicks': 'Save with Haowu',
  'launcher.savedNoPicks': 'Saved in Haowu',
  'launcher.pending': 'Show picks for this product',
  'launcher.loading': 'loading its picks',
  'launcher.open': 'Open Haowu: {label}',
  'launcher.save': 'Save this product',
  'launcher.saved': 'Saved. Press to remove from saved items',
  'launcher.failed': 'Haowu could not open here: {message}',
  'launcher.panelDidNotStart': 'its panel did not start. Reload the page and try again.',
} as const;

export const zh: Record<keyof typeof en, string> = {
  'launcher.name': '好物',
  'launcher.picks': '{count}条达人推荐',
  'launcher.onePick': '1条达人推荐',
  'launcher.noPicks': '用好物收藏',
  'launcher.savedNoPicks': '已收藏到好物',
  'launcher.pending': '查看此商品的达人推荐',
  'launcher.loading': '正在读取达人推荐',
  'launcher.open': '打开好物：{label}',
  'launcher.save': '收藏此商品',
  'launcher.saved': '已收藏，点按取消收藏',
  'launcher.failed': '好物无法在此打开：{message}',
  'launcher.panelDidNotStart': '面板没有启动。请重新加载页面后再试。',
};
