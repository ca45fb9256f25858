import { useState } from 'preact/hooks';
import type { Pick } from '../../utils/overlay/order-picks';
import { shownName } from '../ExpertName';
import { useT } from '../I18n';
import { useEventGuard } from './event-guard';

export interface CartFormProps {
  inCart: number;
  /** Picks with a partner link, in display order: the shopper may add the line through one of them. */
  throughPicks: readonly Pick[];
  onAdd: (quantity: number, variant: string, recommendationId: string | null) => void;
  busy: boolean;
}

/**
 * Quantity, variant and which expert the line came through. Recording a pick adds no tag to
 * anything: checkout offers that expert's (disclosed) link beside the plain store link, and the
 * shopper chooses there. The first listed pick is preselected; "No expert" is always available.
 */
export function CartForm({ inCart, throughPicks, onAdd, busy }: CartFormProps) {
  const t = useT();
  const [quantity, setQuantity] = useState(1);
  const [variant, setVariant] = useState('');
  const [through, setThrough] = useState<string | null>(null);
  const accept = useEventGuard();
  const chosen = through === null ? (throughPicks[0]?.recommendation.id ?? '') : through;
  return (
    <form
      class="hw-cart-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!accept(event)) return;
        onAdd(quantity, variant.trim(), throughPicks.some((pick) => pick.recommendation.id === chosen) ? chosen : null);
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
      {throughPicks.length > 0 && (
        <label class="hw-field hw-field--through">
          <span>{t('overlay.cart.through')}</span>
          <select value={chosen} onChange={(event) => setThrough(event.currentTarget.value)}>
            {throughPicks.map((pick) => (
              <option key={pick.recommendation.id} value={pick.recommendation.id}>
                {shownName(pick.expert.displayName, pick.expert.id)}
              </option>
            ))}
            <option value="">{t('overlay.cart.throughNobody')}</option>
          </select>
        </label>
      )}
      <button type="submit" class="hw-button" aria-disabled={busy}>
        {inCart > 0 ? t('overlay.cart.added', { quantity: inCart }) : t('overlay.cart.add')}
      </button>
    </form>
  );
}
