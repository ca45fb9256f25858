import { DetectedProduct } from './product';

// Placeholder until the store modules land (issue 3): reads only Tmall's `?id=` and the <title>.
export function matchProductUrl(url: URL): { platform: 'tmall'; productId: string } | null {
  const id = url.searchParams.get('id');
  return url.hostname === 'detail.tmall.com' && url.pathname === '/item.htm' && id && /^\d+$/.test(id)
    ? { platform: 'tmall', productId: id }
    : null;
}

export function detectProduct(document: Document, url: URL): DetectedProduct | null {
  const match = matchProductUrl(url);
  if (!match) return null;
  const parsed = DetectedProduct.safeParse({
    platform: match.platform,
    productId: match.productId,
    key: `${match.platform}:${match.productId}`,
    canonicalUrl: `https://detail.tmall.com/item.htm?id=${match.productId}`,
    title: document.title.trim(),
    price: null,
    imageUrl: null,
    shopName: null,
    storeDomain: 'tmall.com',
  });
  return parsed.success ? parsed.data : null;
}
