import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { describeThrown } from './describe-failure';
import { browser } from 'wxt/browser';
import type { ExpertPageData, PickEntry } from '../../utils/db/picks';
import type { ExpertPagePrefetch } from '../../utils/popup/expert-first-rows';
import { describeExpertStatus } from '../../utils/feed/describe-status';
import { pluralKey } from '../../utils/i18n/plural';
import { request } from '../../utils/messaging/client';
import { afterFirstRows } from '../../utils/popup/after-paint';
import { feedOrigin } from '../../utils/popup/feed-origin';
import { EXPERT_FIRST_ROWS } from '../../utils/popup/route';
import { requestOrigins } from '../../utils/popup/permissions';
import { filterPicks, shortFingerprint, storesOfPicks } from '../../utils/popup/picks-view';
import { ExpertName, isolatedName, VerifiedMark } from '../ExpertName';
import { useLanguage, useT } from '../I18n';
import { ExpertAvatar } from './ExpertAvatar';
import { EmptyState, ErrorNote } from './Notices';
import { PICK_ROW_HEIGHT, PickRow, pickRowActions } from './PickRow';
import { SearchToolbar } from './SearchToolbar';
import { storeName } from './store-name';
import { VirtualList } from './VirtualList';
import { describeError } from '../../utils/i18n/describe-error';

export type { ExpertPagePrefetch };

export interface ExpertPageProps {
  expertId: string;
  prefetched?: ExpertPagePrefetch;
  listHeight: number;
  onBack: () => void;
}

/**
 * One expert inside Haowu: their profile, key fingerprint, feed address and status (with the fix
 * when Haowu lost access to the feed's host), whether their picks show on product pages, unfollow,
 * and every live pick of theirs, searchable, in a virtual list.
 */
export function ExpertPage({ expertId, listHeight, onBack, prefetched }: ExpertPageProps) {
  const t = useT();
  const language = useLanguage();
  const [data, setData] = useState<ExpertPageData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [store, setStore] = useState('');
  const [busy, setBusy] = useState(false);
  /** Haowu may no longer read the feed's host (the permission was removed): offer it again. */
  const [lostAccess, setLostAccess] = useState(false);
  /** The first rows are painted: rows out of view (VirtualList's overscan) are drawn from then on, not in that frame. */
  const [settled, setSettled] = useState(false);

  // The newest rows first (one small answer, drawn at once), then every pick (searchable).
  const early = useRef(prefetched?.expertId === expertId ? prefetched.answer : null);
  const load = useCallback(async () => {
    const first = await (early.current ?? request('getExpertPage', { expertId, limit: EXPERT_FIRST_ROWS }));
    early.current = null;
    if (!first.ok) return setError(describeError(t, first.error));
    setData(first.value);
    setError(null);
    // The rows out of view, and every pick (what search and the store filter work on), once the first
    // rows are painted (the task after the task after that frame, where "painted" is measured): the
    // background's read of them and its answer (megabytes for thousands of picks) would otherwise
    // compete with that frame for the processor.
    await afterFirstRows();
    setSettled(true);
    if (first.value.total !== null && first.value.picks.length === first.value.total) return;
    const all = await request('getExpertPage', { expertId });
    if (!all.ok) return setError(describeError(t, all.error));
    setData(all.value);
  }, [expertId]);
  // A layout effect: it runs before the first paint, so an answer that came while the page loaded (the
  // full tab's, asked for by its first script) is drawn in that paint, not in a frame after it.
  useLayoutEffect(() => void load(), [load]);

  const expert = data?.expert ?? null;
  const origin = expert?.feedUrl ? feedOrigin(expert.feedUrl) : null;
  useEffect(() => {
    if (!origin || !expert?.followed) return setLostAccess(false);
    let live = true;
    void Promise.resolve()
      .then(() => browser.permissions.contains({ origins: [origin.pattern] }))
      .then((granted) => live && setLostAccess(!granted))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [origin?.pattern, expert?.followed]);

  const visible = useMemo(() => (data ? filterPicks(data.picks, { text, store }, (s) => storeName(s, t)) : []), [data, text, store]);
  const stores = useMemo(() => (data ? storesOfPicks(data.picks) : []), [data]);

  const when = (time: number) => new Date(time).toLocaleString(language === 'zh' ? 'zh-CN' : 'en-US', { dateStyle: 'medium', timeStyle: 'short' });

  const replace = (entry: PickEntry, patch: Partial<PickEntry>) =>
    setData((current) => current && { ...current, picks: current.picks.map((p) => (p.recommendation.productKey === entry.recommendation.productKey ? { ...p, ...patch } : p)) });

  const { save, cart } = pickRowActions(t, { markSaved: (entry) => replace(entry, { saved: true }), fail: setError, done: setStatus });

  const toggleFollow = async () => {
    if (!expert) return;
    setBusy(true);
    const { id, kind, displayName, bio, avatarUrl, feedUrl } = expert;
    const result = expert.followed
      ? await request('unfollowExpert', { expertId: id }).then((r) => (r.ok ? { ok: true as const, expert: r.value.expert } : r))
      : await request('followExpert', { id, kind, displayName, bio, avatarUrl, feedUrl }).then((r) => (r.ok ? { ok: true as const, expert: r.value } : r));
    setBusy(false);
    if (!result.ok) return setError(describeError(t, result.error));
    if (!result.expert.followed) setStatus(t('popup.expert.unfollowed', { name: displayName }));
    // Unfollowing removes their picks: read the page again.
    await load();
  };

  const setShown = async (shown: boolean) => {
    if (!expert) return;
    const result = await request('setExpertOnProductPages', { expertId: expert.id, shown });
    if (!result.ok) return setError(describeError(t, result.error));
    setData((current) => current && { ...current, expert: result.value });
  };

  // permissions.request needs this click's user gesture: it is called first, with no await before it.
  const allowAgain = () => {
    if (!origin || !expert) return;
    const asked = requestOrigins([origin.pattern]);
    void asked
      .then(async (granted) => {
        if (!granted) return setError(t('popup.feeds.permissionDenied', { origin: origin.origin }));
        setLostAccess(false);
        setStatus(t('popup.feeds.refreshing'));
        const result = await request('refreshFeeds', { expertId: expert.id });
        if (!result.ok) return setError(describeError(t, result.error));
        setStatus(null);
        await load();
      })
      .catch((failure: unknown) => setError(describeThrown(t, failure)));
  };

  if (!data || !expert) {
    return (
      <section class="tab-panel expert-page" aria-label={t('popup.expert.page')}>
        <button type="button" class="link-button" onClick={onBack}>
          ← {t('popup.expert.back')}
        </button>
        <ErrorNote message={error} onRetry={() => void load()} />
        {!error && <p class="loading">{t('common.loading')}</p>}
      </section>
    );
  }

  const { summary, error: lastError } = describeExpertStatus({ t, language }, expert.feedStatus);
  const stale = data.staleSince;
  return (
    <section class="tab-panel expert-page" aria-labelledby="expert-page-name" data-expert-id={expert.id}>
      <button type="button" class="link-button" onClick={onBack}>
        ← {t('popup.expert.back')}
      </button>
      <ErrorNote message={error} onDismiss={() => setError(null)} />
      <header class="expert-page__head">
        <ExpertAvatar expert={expert} />
        <div class="expert__body">
          <h2 id="expert-page-name" class="expert__name">
            <ExpertName name={expert.displayName} id={expert.id} />
          </h2>
          {expert.bio && <p class="expert-page__bio">{expert.bio}</p>}
          {expert.kind === 'feed' && (
            <p class="row__meta" title={expert.id}>
              {t('popup.expert.key', { fingerprint: shortFingerprint(expert.id) })} <VerifiedMark expert={expert} />
            </p>
          )}
        </div>
      </header>

      <dl class="expert-page__facts">
        <dt>{t('popup.expert.feed')}</dt>
        <dd>
          {expert.feedUrl ? (
            <span class="expert-page__url" dir="ltr">
              {expert.feedUrl}
            </span>
          ) : data.collections.length > 0 ? (
            t('popup.expert.fromCollections', { names: data.collections.map((c) => isolatedName(c.name)).join(', ') })
          ) : (
            t('popup.expert.fromFile')
          )}
        </dd>
        <dt>{t('popup.expert.status')}</dt>
        <dd>
          {expert.feedStatus.lastFetchedAt ? t('popup.experts.refreshed', { when: when(expert.feedStatus.lastFetchedAt) }) : t('popup.experts.neverRefreshed')}
          {summary && <span class="row__meta"> · {t('popup.feeds.lastFeed', { summary })}</span>}
        </dd>
      </dl>
      {stale !== null && (
        <p class="note stale" role="note">
          {t('popup.expert.stale', { date: when(stale) })}
        </p>
      )}
      {lastError && (
        <p class="note note--error feed-error">
          <span>{t('popup.experts.lastError', { message: lastError })}</span>
        </p>
      )}
      {lostAccess && origin && (
        <p class="note">
          <span>{t('popup.expert.lostAccess', { host: new URL(origin.origin).host })}</span>{' '}
          <button type="button" class="button button--small button--primary" onClick={allowAgain}>
            {t('popup.expert.allowAgain')}
          </button>
        </p>
      )}

      <div class="button-row">
        <button type="button" class={`button button--small${expert.followed ? ' button--on' : ''}`} aria-pressed={expert.followed} disabled={busy} onClick={() => void toggleFollow()}>
          {expert.followed ? t('popup.expert.unfollow') : t('popup.experts.follow')}
        </button>
        {expert.kind === 'feed' && (
          <label class="check">
            <input type="checkbox" checked={expert.showOnProductPages !== false} onChange={(event) => void setShown(event.currentTarget.checked)} />
            {t('popup.expert.showOnPages')}
          </label>
        )}
      </div>
      <p class="feeds__status" role="status" aria-live="polite">
        {status}
      </p>

      <h3 class="feeds__heading">
        {data.total === null ? t('popup.expert.picksHeading') : t(pluralKey(language, data.total, { one: 'popup.expert.picks.one', other: 'popup.expert.picks.other' }), { count: data.total })}
      </h3>
      {data.picks.length === 0 ? (
        <EmptyState title={t('popup.expert.noPicks')}>{expert.followed ? t('popup.expert.noPicksHint') : t('popup.expert.notFollowedHint')}</EmptyState>
      ) : (
        <>
          <SearchToolbar idPrefix="expert" searchLabel={t('popup.expert.search')} text={text} onText={setText} store={store} onStore={setStore} stores={stores} />
          <p class="count" aria-live="polite">
            {data.total !== null && t('popup.saved.count', { shown: visible.length, total: data.total })}
          </p>
          {visible.length === 0 ? (
            <EmptyState title={t('popup.expert.noMatch')}>{t('popup.saved.noMatchHint')}</EmptyState>
          ) : (
            <VirtualList
              items={visible}
              rowHeight={PICK_ROW_HEIGHT}
              height={listHeight}
              keyOf={(entry) => entry.recommendation.id}
              label={t('popup.expert.listLabel', { name: expert.displayName })}
              overscan={settled ? undefined : 0}
              renderRow={(entry) => <PickRow entry={entry} expert={expert} staleSince={stale} onSave={save} onCart={cart} />}
            />
          )}
        </>
      )}
    </section>
  );
}

export default ExpertPage;
