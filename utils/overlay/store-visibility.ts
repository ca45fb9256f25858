import type { Settings } from '../settings';
import type { DetectedProduct } from '../product';

/** The store id settings speak of: the platform, or the domain for other stores. */
export const storeIdOf = (product: Pick<DetectedProduct, 'platform' | 'storeDomain'>): string =>
  product.platform === 'site' ? product.storeDomain : product.platform;

/** Whether the user wants Haowu on this product's store. */
export function overlayWanted(settings: Pick<Settings, 'stores' | 'amazonOptIn' | 'otherSitesOptIn' | 'hiddenStores'>, product: Pick<DetectedProduct, 'platform' | 'storeDomain'>): boolean {
  if (settings.hiddenStores.includes(storeIdOf(product))) return false;
  switch (product.platform) {
    case 'amazon':
      return settings.amazonOptIn;
    case 'site':
      return settings.otherSitesOptIn;
    default:
      return settings.stores[product.platform];
  }
}
