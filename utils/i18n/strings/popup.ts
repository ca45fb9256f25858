/** Popup, options and checkout page strings. Keys are prefixed by area; both languages must have the same keys (typed). */
export const en = {
  'popup.placeholder': 'Haowu',
} as const;

export const zh: Record<keyof typeof en, string> = {
  'popup.placeholder': '好物',
};
