import type { StringKey } from '../../utils/i18n/strings';
import type { useT } from '../I18n';

const PLATFORM_NAMES: Record<string, StringKey> = {
  tmall: 'store.tmall',
  taobao: 'store.taobao',
  jd: 'store.jd',
  weidian: 'store.weidian',
  pinduoduo: 'store.pinduoduo',
  amazon: 'store.amazon',
};

/** A cart/saved store key (platform, or a domain for other stores) as a person would name it. */
export function storeName(store: string, t: ReturnType<typeof useT>): string {
  const key = PLATFORM_NAMES[store];
  return key ? t(key) : store;
}
