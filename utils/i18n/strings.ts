/**
 * In-app strings, English and Chinese. The manifest's name and description use `public/_locales`
 * (browser.i18n); everything the UI shows uses these tables so the user can switch language in
 * settings without restarting the browser. `{name}` placeholders are filled by `translate`.
 */
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

export type StringKey = keyof typeof en;

export const zh: Record<StringKey, string> = {
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
