import { useState } from 'preact/hooks';

/**
 * A product's picture in a list row (Saved, cart, picks), or the plain placeholder when there is none,
 * it is not https (the product record holds https images only; this holds for any caller too), or it
 * fails to load (an old CDN link, offline). The failed image is replaced, not emptied: Chromium draws
 * its broken-image icon in an <img> even without a src (issue 16).
 */
export function ProductImage({ src }: { src: string | null | undefined }) {
  const [failed, setFailed] = useState<string | null>(null);
  if (!src?.startsWith('https://') || failed === src) return <span class="row__img row__img--none" aria-hidden="true" />;
  return <img class="row__img" src={src} alt="" width={56} height={56} loading="lazy" referrerpolicy="no-referrer" onError={() => setFailed(src)} />;
}
