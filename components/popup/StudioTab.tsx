import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ExpertRecord, RecommendationRecord } from '../../utils/db/schema';
import { formatPrice } from '../../utils/format-price';
import { request } from '../../utils/messaging/client';
import { useLanguage, useT } from '../I18n';
import { EmptyState, ErrorNote } from './Notices';

/** Expert mode: the user's own recommendations as stored. Publishing comes with the feeds work. */
export function StudioTab() {
  const t = useT();
  const language = useLanguage();
  const [own, setOwn] = useState<{ expert: ExpertRecord; recommendations: RecommendationRecord[] }[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const result = await request('listOwnPicks', undefined);
    if (result.ok) {
      setOwn(result.value);
      setError(null);
    } else setError(result.error.message);
  }, []);
  useEffect(() => void load(), [load]);

  const picks = own?.flatMap(({ expert, recommendations }) => recommendations.map((r) => ({ expert, r }))) ?? [];
  return (
    <section class="tab-panel" aria-label={t('popup.tab.studio')}>
      <ErrorNote message={error} onDismiss={() => setError(null)} onRetry={own === null ? () => void load() : undefined} />
      {own === null ? (
        !error && <p class="loading">{t('common.loading')}</p>
      ) : picks.length === 0 ? (
        <EmptyState title={t('popup.studio.empty')}>{t('popup.studio.emptyHint')}</EmptyState>
      ) : (
        <ul class="studio" aria-label={t('popup.studio.heading')}>
          {picks.map(({ expert, r }) => (
            <li key={r.id} class="studio__pick" data-recommendation-id={r.id}>
              <p class="row__title">{r.snapshot.title}</p>
              <p class="row__meta">
                {t('popup.studio.rating', { rating: r.rating })}
                {r.snapshot.price ? ` · ${formatPrice(r.snapshot.price, language)}` : ''}
                {own.length > 1 ? ` · ${expert.displayName}` : ''}
              </p>
              {r.reason && <p class="row__meta">{r.reason}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
