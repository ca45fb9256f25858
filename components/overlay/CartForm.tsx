import { useState } from 'preact/hooks';
import { useT } from '../I18n';

export function CartForm({ inCart, onAdd, busy }: { inCart: number; onAdd: (quantity: number, variant: string) => void; busy: boolean }) {
  const t = useT();
  const [quantity, setQuantity] = useState(1);
  const [variant, setVariant] = useState('');
  return (
    <form
      class="hw-cart-form"
      onSubmit={(event) => {
        event.preventDefault();
        onAdd(quantity, variant.trim());
      }}
    >
      <label class="hw-field hw-field--qty">
        <span>{t('overlay.cart.quantity')}</span>
        <input type="number" min={1} max={99} step={1} value={quantity} onInput={(event) => setQuantity(Math.min(99, Math.max(1, Math.trunc(Number(event.currentTarget.value)) || 1)))} />
      </label>
      <label class="hw-field hw-field--variant">
        <span>{t('overlay.cart.variant')}</span>
        <input type="text" maxLength={200} value={variant} onInput={(event) => setVariant(event.currentTarget.value)} />
      </label>
      <button type="submit" class="hw-button" aria-disabled={busy}>
        {inCart > 0 ? t('overlay.cart.added', { quantity: inCart }) : t('overlay.cart.add')}
      </button>
    </form>
  );
}
