import { isAllowedPartnerLink as allowedForProduct } from '../partner-links';
import { Platform } from '../product';

/** Platform's own values as a set: asked for every pick of an import, where a zod parse per pick cost a 10,000-pick import about 10 ms. */
const PLATFORMS: ReadonlySet<string> = new Set(Platform.options);
const isPlatform = (name: string): name is Platform => PLATFORMS.has(name);

/**
 * THE single place where a stored recommendation's partner link is checked against the partner hosts
 * (utils/partner-links.ts). A record names its product only by key (`platform:productId`), which is
 * enough: a known store's hosts depend on its platform alone, and a `site` product's id starts with
 * its store's registrable domain (`example-shop.de/WK-17-BL`), the only domain its links may use.
 * Backup import and feed storing both call this, so tightening it here is enough.
 */
export function isAllowedPartnerLink(link: string, productKey: string): boolean {
  const colon = productKey.indexOf(':');
  const platform = productKey.slice(0, colon);
  if (colon < 0 || !isPlatform(platform)) return false;
  const productId = productKey.slice(colon + 1);
  if (platform !== 'site') return allowedForProduct(link, { platform, url: `https://${platform}.invalid/` });
  const domain = productId.split('/')[0] ?? '';
  return allowedForProduct(link, { platform: 'site', url: `https://${domain}/` });
}
