import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ExpertCard, PickEntry } from '../../utils/db/picks';
import { pluralKey } from '../../utils/i18n/plural';
import { request } from '../../utils/messaging/client';
import { afterFirstRows } from '../../utils/popup/after-paint';
import { TIMELINE_PAGE, takeFirstTimelinePage, timelinePage } from '../../utils/popup/timeline-first-page';
import type { TimelineCursor } from '../../utils/picks/rules';
import { shownName } from '../ExpertName';
import { useLanguage, useT } from '../I18n';
import { EmptyState, ErrorNote } from './Notices';
import { PICK_ROW_HEIGHT, PickRow, pickRowActions } from './PickRow';
import { storeName } from './store-name';
import { VirtualList } from './VirtualList';
import { describeError } from '../../utils/i18n/describe-error';

/** The store filter: the partner stores, Amazon, and every other store together. */
const STORE_FILTERS = ['tmall', 'taobao', 'jd', 'weidian', 'pinduoduo', 'amazon', 'site'];

export interface PicksTabProps {
  listHeight: number;
  onOpenExpert: (expertId: string) => void;
}

interface Loaded {
  entries: PickEntry[];
  experts: Map<string, ExpertCard>;
  next: TimelineCursor | null;
}

/**
 * The Picks tab: the newest picks of everyone the user follows, newest first, by store and by expert.
 * Picks that came since the user last looked are marked "new"; looking moves that time to now.
 */
export function PicksTab({ listHeight, onOpenExpert }: PicksTabProps) {
  const t = useT();
  const language = useLanguage();
  const [store, setStore] = useState('');
  const [expertId, setExpertId] = useState('');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  /** Everyone followed, for the expert filter: asked for once the first rows are drawn. */
  const [following, setFollowing] = useState<{ id: string; displayName: string }[]>([]);
  const followingAsked = useRef(false);
  /** The first rows are painted: rows out of view (VirtualList's overscan) are drawn from then on, not in that frame. */
  const [settled, setSettled] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const loading = useRef(false);
  const generation = useRef(0);
  const marked = useRef(false);

  const filter = { ...(store && { store }), ...(expertId && { expertId }) };

  const fetchPage = useCallback(
    async (before: TimelineCursor | null) => {
      if (loading.current && before !== null) return;
      loading.current = true;
      const mine = ++generation.current;
      // The unfiltered first page was asked for on the tab's click (utils/popup/timeline-first-page.ts).
      const early = before === null && !store && !expertId ? takeFirstTimelinePage() : null;
      const askedAt = early?.askedAt ?? Date.now();
      const result = await (early?.answer ?? timelinePage({ ...filter, limit: TIMELINE_PAGE, ...(before && { before }) }));
      loading.current = false;
      if (mine !== generation.current) return;
      if (!result.ok) return setError(describeError(t, result.error));
      setError(null);
      const page = result.value;
      setLoaded((current) => {
        const base = before && current ? current : { entries: [], experts: new Map<string, ExpertCard>(), next: null };
        const experts = new Map(base.experts);
        for (const expert of page.experts) experts.set(expert.id, expert);
        return { entries: [...base.entries, ...page.entries], experts, next: page.next };
      });
      // Both after the frame that paints the first rows (and the task after it), so neither the rows
      // beyond the view, the messages nor the background's work on them compete with those rows.
      if (!followingAsked.current) {
        followingAsked.current = true;
        void afterFirstRows()
          .then(() => {
            setSettled(true);
            return request('listFollowing', undefined);
          })
          .then((answer) => (answer.ok ? setFollowing(answer.value) : setError(describeError(t, answer.error))));
      }
      // The user has now looked: what came before this request is no longer new next time.
      if (!marked.current) {
        marked.current = true;
        void afterFirstRows().then(() => request('markPicksSeen', { at: askedAt }));
      }
    },
    [store, expertId],
  );

  useEffect(() => {
    setLoaded(null);
    void fetchPage(null);
  }, [fetchPage]);

  const more = () => {
    if (loaded?.next) void fetchPage(loaded.next);
  };

  const replace = (entry: PickEntry, patch: Partial<PickEntry>) =>
    setLoaded((current) => current && { ...current, entries: current.entries.map((e) => (e.recommendation.productKey === entry.recommendation.productKey ? { ...e, ...patch } : e)) });
  const { save, cart } = pickRowActions(t, { markSaved: (entry) => replace(entry, { saved: true }), fail: setError, done: setStatus });

  const newCount = loaded?.entries.filter((entry) => entry.isNew).length ?? 0;
  const filtered = store !== '' || expertId !== '';

  return (
    <section class="tab-panel" aria-label={t('popup.tab.picks')}>
      <ErrorNote message={error} onDismiss={() => setError(null)} onRetry={loaded === null ? () => void fetchPage(null) : undefined} />
      <div class="toolbar" role="search">
        <label class="visually-hidden" for="picks-store">
          {t('popup.saved.store')}
        </label>
        <select id="picks-store" class="input" value={store} onChange={(event) => setStore(event.currentTarget.value)}>
          <option value="">{t('popup.saved.allStores')}</option>
          {STORE_FILTERS.map((s) => (
            <option key={s} value={s}>
              {s === 'site' ? t('popup.picks.otherStores') : storeName(s, t)}
            </option>
          ))}
        </select>
        <label class="visually-hidden" for="picks-expert">
          {t('popup.picks.expert')}
        </label>
        <select id="picks-expert" class="input" value={expertId} onChange={(event) => setExpertId(event.currentTarget.value)}>
          <option value="">{t('popup.picks.allExperts')}</option>
          {following.map((expert) => (
            <option key={expert.id} value={expert.id}>
              {shownName(expert.displayName, expert.id)}
            </option>
          ))}
        </select>
      </div>
      <p class="feeds__status" role="status" aria-live="polite">
        {status}
      </p>
      {loaded === null ? (
        !error && <p class="loading">{t('common.loading')}</p>
      ) : loaded.entries.length === 0 ? (
        filtered ? (
          <EmptyState title={t('popup.picks.noMatch')}>{t('popup.picks.noMatchHint')}</EmptyState>
        ) : (
          <EmptyState title={t('popup.picks.empty')}>{t('popup.picks.emptyHint')}</EmptyState>
        )
      ) : (
        <>
          <p class="count" aria-live="polite">
            {newCount > 0 ? t(pluralKey(language, newCount, { one: 'popup.picks.newCount.one', other: 'popup.picks.newCount.other' }), { count: newCount }) : t('popup.picks.newestFirst')}
          </p>
          <VirtualList
            items={loaded.entries}
            rowHeight={PICK_ROW_HEIGHT}
            height={listHeight}
            keyOf={(entry) => entry.recommendation.id}
            label={t('popup.tab.picks')}
            onEndReached={more}
            overscan={settled ? undefined : 0}
            renderRow={(entry) => {
              const expert = loaded.experts.get(entry.recommendation.expertId) ?? { id: entry.recommendation.expertId, displayName: entry.recommendation.expertId, staleSince: null };
              return <PickRow entry={entry} expert={expert} staleSince={expert.staleSince} onOpenExpert={onOpenExpert} onSave={save} onCart={cart} />;
            }}
          />
        </>
      )}
    </section>
  );
}

export default PicksTab;
