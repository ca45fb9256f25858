import type { DetectedProduct } from '../utils/product';

/** The launcher docked at the page edge. Text from the page is rendered as text by Preact. */
export function Overlay({ product }: { product: DetectedProduct }) {
  return (
    <div class="haowu-launcher" role="complementary" aria-label="Haowu" data-product-key={product.key}>
      <span class="haowu-launcher__mark" aria-hidden="true">
        好物
      </span>
      <span class="haowu-launcher__title">{product.title}</span>
    </div>
  );
}
