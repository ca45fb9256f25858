/** Shared strings. Keys are prefixed by area; both languages must have the same keys (typed). */
export const en = {
  'app.name': 'Haowu',
  'common.close': 'Close',
  'common.retry': 'Try again',
  'common.undo': 'Undo',
  'common.cancel': 'Cancel',
  'common.save': 'Save',
  'common.loading': 'Loading…',
  // Store names, shown by the overlay and the popup.
  'store.tmall': 'Tmall',
  'store.taobao': 'Taobao',
  'store.jd': 'JD',
  'store.weidian': 'Weidian',
  'store.pinduoduo': 'Pinduoduo',
  'store.amazon': 'Amazon',
} as const;

export const zh: Record<keyof typeof en, string> = {
  'app.name': '好物',
  'common.close': '关闭',
  'common.retry': '重试',
  'common.undo': '撤销',
  'common.cancel': '取消',
  'common.save': '保存',
  'common.loading': '加载中…',
  'store.tmall': '天猫',
  'store.taobao': '淘宝',
  'store.jd': '京东',
  'store.weidian': '微店',
  'store.pinduoduo': '拼多多',
  'store.amazon': '亚马逊',
};
