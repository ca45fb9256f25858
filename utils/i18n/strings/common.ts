/** Shared strings. Keys are prefixed by area; both languages must have the same keys (typed). */
export const en = {
  'app.name': 'Haowu',
  'common.close': 'Close',
  'common.retry': 'Try again',
  'common.undo': 'Undo',
  'common.cancel': 'Cancel',
  'common.save': 'Save',
  'common.delete': 'Delete',
  'common.loading': 'Loading…',
  'error.backgroundUnavailable': 'Haowu could not reach its background page. Reload the page and try again.',
  'error.unexpected': 'Something went wrong: {message}',
} as const;

export const zh: Record<keyof typeof en, string> = {
  'app.name': '好物',
  'common.close': '关闭',
  'common.retry': '重试',
  'common.undo': '撤销',
  'common.cancel': '取消',
  'common.save': '保存',
  'common.delete': '删除',
  'common.loading': '加载中…',
  'error.backgroundUnavailable': '好物无法连接后台。请刷新页面后重试。',
  'error.unexpected': '出错了：{message}',
};
