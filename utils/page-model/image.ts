import { toHttpsUrl } from '../canonical-url';
import { inPageLink, inSiteChrome, namesAround, overlap, tokens, TreeIndex } from './page-signals';

/*
 * The product's picture: the training pages' sidecars record no expected image, so this part is a
 * plain rule set with hand-set weights (not fitted): a large declared size, a gallery's names, near
 * the title, alt text like the title; logos, icons, sprites and pictures in links to other pages lose.
 */

const GALLERY_NAMES = /product|main|primary|gallery|zoom|hero|featured|pdp|media|slide|photo|image/;
const NOT_PRODUCT_SRC = /logo|icon|sprite|banner|flag|payment|badge|avatar|placeholder|blank|spacer|pixel|loader|loading|rating|star|\.svg(?:[?#]|$)|^data:/i;

/** The picture's address: the lazy-loading attributes stores use first, then srcset's first entry, then src. */
function sourceOf(image: HTMLImageElement): string | null {
  const lazy = image.getAttribute('data-zoom-image') ?? image.getAttribute('data-large_image') ?? image.getAttribute('data-src') ?? image.getAttribute('data-original') ?? image.getAttribute('data-lazy');
  if (lazy) return lazy;
  const src = image.getAttribute('src');
  if (src && !src.startsWith('data:')) return src;
  const srcset = image.getAttribute('srcset') ?? image.getAttribute('data-srcset');
  return srcset?.trim().split(/\s+/)[0] ?? src;
}

const declaredSize = (image: HTMLImageElement, name: 'width' | 'height'): number => Number.parseInt(image.getAttribute(name) ?? '', 10) || 0;

/** The most product-like picture of the page, near `title`; null when none stands out. */
export function pickImage(body: Element, title: Element | null, titleText: string, url: URL): string | null {
  const titleWords = new Set(tokens(titleText));
  let best: { url: string; score: number } | null = null;
  for (const image of body.querySelectorAll('img')) {
    const source = sourceOf(image);
    if (!source || NOT_PRODUCT_SRC.test(source)) continue;
    const width = declaredSize(image, 'width');
    const height = declaredSize(image, 'height');
    // A declared thumbnail or tracking pixel.
    if ((width && width < 120) || (height && height < 120)) continue;
    const absolute = toHttpsUrl(source, url);
    if (!absolute) continue;
    const score =
      (width >= 300 || height >= 300 ? 1 : 0) +
      (GALLERY_NAMES.test(namesAround(image, 3)) ? 1 : 0) +
      2 * overlap(image.getAttribute('alt') ?? '', titleWords) +
      (title ? 3 / (1 + TreeIndex.distance(image, title) / 2) : 0) -
      (inPageLink(image) ? 2 : 0) -
      (inSiteChrome(image) ? 2 : 0);
    if (!best || score > best.score) best = { url: absolute, score };
  }
  return best && best.score > 0.5 ? best.url : null;
}
