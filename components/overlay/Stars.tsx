import { useT } from '../I18n';

export function Stars({ rating }: { rating: number }) {
  const t = useT();
  return (
    <span class="hw-stars" role="img" aria-label={t('overlay.card.rating', { rating })}>
      {'★'.repeat(rating)}
      <span class="hw-stars__empty">{'★'.repeat(5 - rating)}</span>
    </span>
  );
}
