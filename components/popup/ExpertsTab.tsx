import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ExpertRecord } from '../../utils/db/schema';
import { describeExpertStatus } from '../../utils/feed/describe-status';
import { request } from '../../utils/messaging/client';
import { ExpertKey, ExpertRowName } from '../ExpertName';
import { useLanguage, useT } from '../I18n';
import { ExpertAvatar } from './ExpertAvatar';
import { EmptyState, ErrorNote } from './Notices';
import { describeFailure } from './describe-failure';
import { pluralKey } from '../../utils/i18n/plural';

interface Row {
  expert: ExpertRecord;
  picks: number;
}

export interface ExpertsTabProps {
  /**
   * Slot for the feeds work (another issue): experts known from collections, refresh now, add by URL,
   * import a file, skipped counts. Rendered below the list when given; nothing is shown in its place.
   */
  feedTools?: ComponentChildren | ((reload: () => void) => ComponentChildren);
  /** Opens the expert's page (their profile, feed status and every pick); the name is its link. */
  onOpenExpert?: (expertId: string) => void;
}

/** Followed experts with their feed status; unfollow keeps the row so a slip can be followed again. */
export function ExpertsTab({ feedTools, onOpenExpert }: ExpertsTabProps) {
  const t = useT();
  const language = useLanguage();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await request('listExpertSummaries', undefined);
    if (result.ok) {
      setRows(result.value);
      setError(null);
    } else setError(describeFailure({ t, language }, result.error));
  }, []);
  useEffect(() => void load(), [load]);

  const toggle = async (row: Row) => {
    setBusy(row.expert.id);
    const { id, kind, displayName, bio, avatarUrl, feedUrl } = row.expert;
    const result = row.expert.followed
      ? await request('unfollowExpert', { expertId: id }).then((r) => (r.ok ? { ok: true as const, expert: r.value.expert, picks: 0 } : r))
      : await request('followExpert', { id, kind, displayName, bio, avatarUrl, feedUrl }).then((r) => (r.ok ? { ok: true as const, expert: r.value, picks: 0 } : r));
    setBusy(null);
    if (!result.ok) return setError(describeFailure({ t, language }, result.error));
    setRows((list) => list?.map((r) => (r.expert.id === id ? { expert: result.expert, picks: result.picks } : r)) ?? null);
  };

  // Refresh one feed now; its result lands in the row's feed status.
  const refresh = async (expertId: string) => {
    setBusy(expertId);
    const result = await request('refreshFeeds', { expertId });
    setBusy(null);
    if (!result.ok) return setError(describeFailure({ t, language }, result.error));
    await load();
  };
  const tools = typeof feedTools === 'function' ? feedTools(() => void load()) : feedTools;

  const when = (time: number) => new Date(time).toLocaleString(language === 'zh' ? 'zh-CN' : 'en-US', { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <section class="tab-panel" aria-label={t('popup.tab.experts')}>
      <ErrorNote message={error} onDismiss={() => setError(null)} onRetry={rows === null ? () => void load() : undefined} />
      {rows === null ? (
        !error && <p class="loading">{t('common.loading')}</p>
      ) : rows.length === 0 ? (
        <EmptyState title={t('popup.experts.empty')}>{t('popup.experts.emptyHint')}</EmptyState>
      ) : (
        <ul class="experts" aria-label={t('popup.tab.experts')}>
          {rows.map(({ expert, picks }) => {
            const status = expert.feedStatus;
            // Said in the UI language from the stored codes; the stored English when a record has none.
            const { summary, error: lastError } = describeExpertStatus({ t, language }, status);
            return (
              <li key={expert.id} class="expert" data-expert-id={expert.id}>
                <ExpertAvatar expert={expert} />
                <div class="expert__body">
                  <ExpertRowName expert={expert} onOpen={onOpenExpert} />
                  {expert.kind === 'feed' && (
                    <p class="row__meta">
                      <ExpertKey id={expert.id} />
                    </p>
                  )}
                  {expert.bio && <p class="row__meta">{expert.bio}</p>}
                  {expert.feedUrl && <p class="row__meta expert__feed">{expert.feedUrl}</p>}
                  {expert.followed && (
                    <p class="row__meta">
                      {/* After a failed refresh, the date is of the last good read, said as such (issue 16). */}
                      {status.lastFetchedAt
                        ? t(lastError ? 'popup.experts.lastGoodRead' : 'popup.experts.refreshed', { when: when(status.lastFetchedAt) })
                        : t('popup.experts.neverRefreshed')}
                      {' · '}
                      {t(pluralKey(language, picks, { one: 'popup.experts.picks.one', other: 'popup.experts.picks.other' }), { count: picks })}
                    </p>
                  )}
                  {/* What the last good read held: not beside a failure that came after it. */}
                  {expert.followed && summary && !lastError && <p class="row__meta">{t('popup.feeds.lastFeed', { summary })}</p>}
                  {expert.followed && lastError && <p class="row__meta feed-error">{t('popup.experts.lastError', { message: lastError })}</p>}
                </div>
                {expert.followed && expert.feedUrl && (
                  <button
                    type="button"
                    class="button button--small"
                    aria-label={t('popup.feeds.refreshOneLabel', { name: expert.displayName })}
                    disabled={busy === expert.id}
                    onClick={() => void refresh(expert.id)}
                  >
                    {t('popup.feeds.refreshOne')}
                  </button>
                )}
                <button
                  type="button"
                  class={`button button--small${expert.followed ? ' button--on' : ''}`}
                  aria-pressed={expert.followed}
                  aria-label={t(expert.followed ? 'popup.experts.unfollowLabel' : 'popup.experts.followLabel', { name: expert.displayName })}
                  disabled={busy === expert.id}
                  onClick={() => void toggle({ expert, picks })}
                >
                  {t(expert.followed ? 'popup.experts.following' : 'popup.experts.follow')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {tools && (
        <section class="feed-tools" aria-label={t('popup.experts.feedTools')}>
          {tools}
        </section>
      )}
    </section>
  );
}
