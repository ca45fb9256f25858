import { useCallback, useEffect, useState } from 'preact/hooks';
import { describeCollectionStatus, describeRefresh, type Voice } from '../../utils/feed/describe-status';
import type { FollowedCollection } from '../../utils/feed/followed-collections';
import type { FeedOverview } from '../../utils/feed/overview';
import type { FollowPreview } from '../../utils/feed/preview';
import type { FollowResult, RefreshResult } from '../../utils/feed/sync';
import { request } from '../../utils/messaging/client';
import { feedOrigin } from '../../utils/popup/feed-origin';
import { requestOrigins } from '../../utils/popup/permissions';
import { ExpertKey, ExpertName, ExpertRowName, shownName } from '../ExpertName';
import { useLanguage, useT } from '../I18n';
import { ExpertAvatar } from './ExpertAvatar';
import { FollowPreviewCard, NameWarnings, NeedsOriginCard, followPreviewed, followedText, refusalText, type FollowablePreview } from './FollowPreview';
import { ErrorNote } from './Notices';
import { describeFailure, describeThrown } from './describe-failure';
import { pluralKey } from '../../utils/i18n/plural';

export interface FeedToolsProps {
  /** Called after anything that changes the followed experts, so the list above reloads. */
  onChange: () => void;
  /** Opens an expert's page (a collection-known expert has one too, followed or not). */
  onOpenExpert?: (expertId: string) => void;
}

/**
 * Following feeds and collections (the Experts tab's feed tools): by address (a feed's, a
 * collection's, or an expert's window page that announces one), with the browser's permission for
 * that one origin asked in the click itself and a preview before anything is stored; by file;
 * refresh now; and the followed collections with the experts known from them.
 */
export function FeedTools({ onChange, onOpenExpert }: FeedToolsProps) {
  const t = useT();
  const language = useLanguage();
  const voice: Voice = { t, language };
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [overview, setOverview] = useState<FeedOverview | null>(null);

  const loadOverview = useCallback(async () => {
    const result = await request('listFeedOverview', undefined);
    if (result.ok) setOverview(result.value);
    else setError(describeFailure({ t, language }, result.error));
  }, []);
  useEffect(() => void loadOverview(), [loadOverview]);

  const changed = () => {
    onChange();
    void loadOverview();
  };

  const followed = (result: FollowResult) => followedText(voice, result);

  // Following by address: the address's origin is asked for in the click, then what it leads to is
  // previewed (fetched and verified, nothing stored); only the preview's Follow stores it.
  const [preview, setPreview] = useState<Exclude<FollowPreview, { kind: 'refused' }> | null>(null);

  const showPreview = async (address: string) => {
    const result = await request('previewFollow', { url: address });
    setStatus(null);
    // Rendered together with the preview, so its buttons are live as it appears.
    setBusy(false);
    if (!result.ok) return setError(describeFailure({ t, language }, result.error));
    if (result.value.kind === 'refused') return setError(refusalText(voice, result.value));
    setPreview(result.value);
  };

  /** Asks for `origin` in this click (nothing awaited before it), then previews `address`. */
  const askThenPreview = (origin: { origin: string; pattern: string }, address: string) => {
    const asked = requestOrigins([origin.pattern]);
    setBusy(true);
    setError(null);
    setPreview(null);
    setStatus(t('popup.feeds.checking'));
    void asked
      .then(async (granted) => {
        if (!granted) {
          setStatus(null);
          return setError(t('popup.feeds.permissionDenied', { origin: origin.origin }));
        }
        await showPreview(address);
      })
      .catch((failure: unknown) => {
        setStatus(null);
        setError(describeThrown(t, failure));
      })
      .finally(() => setBusy(false));
  };

  const follow = (event: Event) => {
    event.preventDefault();
    const address = url.trim();
    const origin = feedOrigin(address);
    if (!origin) return setError(t('popup.feeds.badUrl'));
    askThenPreview(origin, address);
  };

  const confirmFollow = (previewed: FollowablePreview) => {
    const following = followPreviewed(previewed);
    setBusy(true);
    setError(null);
    setStatus(t('popup.feeds.checking'));
    void following
      .then((result) => {
        setStatus(null);
        if ('denied' in result) return setError(t('popup.feeds.permissionDenied', { origin: result.denied }));
        if (!result.ok) return setError(describeFailure({ t, language }, result.error));
        setUrl('');
        setPreview(null);
        setStatus(followed(result.value));
        changed();
      })
      .catch((failure: unknown) => {
        setStatus(null);
        setError(describeThrown(t, failure));
      })
      .finally(() => setBusy(false));
  };

  const cancelPreview = () => {
    setPreview(null);
    setStatus(t('popup.preview.cancelled'));
  };

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setStatus(t('popup.feeds.checking'));
    const result = await request('importFeedFile', { text: await file.text() });
    input.value = '';
    setBusy(false);
    if (!result.ok) {
      setStatus(null);
      return setError(describeFailure({ t, language }, result.error));
    }
    setError(null);
    setStatus(followed(result.value));
    changed();
  };

  const refresh = async (target: { collectionId?: string } = {}) => {
    setBusy(true);
    setStatus(t('popup.feeds.refreshing'));
    const result = await request('refreshFeeds', target);
    setBusy(false);
    if (!result.ok) {
      setStatus(null);
      return setError(describeFailure({ t, language }, result.error));
    }
    setStatus(refreshSummary(result.value, voice));
    changed();
  };

  const unfollowCollection = async (id: string) => {
    setBusy(true);
    const result = await request('unfollowCollection', { collectionId: id });
    setBusy(false);
    if (!result.ok) return setError(describeFailure({ t, language }, result.error));
    const removed = result.value.removedExperts;
    setStatus(t(pluralKey(language, removed, { one: 'popup.feeds.unfollowedCollection.one', other: 'popup.feeds.unfollowedCollection.other' }), { name: result.value.collection.name, count: removed }));
    changed();
  };

  const followExpert = async (expertId: string) => {
    const result = await request('setExpertFollowed', { expertId, followed: true });
    if (!result.ok) return setError(describeFailure({ t, language }, result.error));
    changed();
  };

  // A collection's summary and last error in the UI language (the stored English for older entries).
  const collectionSummary = (collection: FollowedCollection) => describeCollectionStatus(voice, collection.status).summary;
  const collectionError = (collection: FollowedCollection) => describeCollectionStatus(voice, collection.status).error;

  const when = (time: number) => new Date(time).toLocaleString(language === 'zh' ? 'zh-CN' : 'en-US', { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <div class="feeds">
      <ErrorNote message={error} onDismiss={() => setError(null)} />
      <form class="inline-form" onSubmit={follow}>
        <label class="visually-hidden" for="feed-url">
          {t('popup.feeds.addLabel')}
        </label>
        <input
          id="feed-url"
          class="input"
          type="url"
          inputMode="url"
          placeholder={t('popup.feeds.addPlaceholder')}
          title={t('popup.feeds.addLabel')}
          value={url}
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
        <button type="submit" class="button button--small button--primary" disabled={busy}>
          {t('popup.feeds.follow')}
        </button>
      </form>
      {preview?.kind === 'needs-origin' && (
        <NeedsOriginCard
          origin={preview.origin}
          what={preview.linkKind}
          busy={busy}
          onAllow={() => askThenPreview({ origin: preview.origin, pattern: preview.pattern }, preview.url)}
          onCancel={cancelPreview}
        />
      )}
      {preview && preview.kind !== 'needs-origin' && <FollowPreviewCard preview={preview} busy={busy} onFollow={() => confirmFollow(preview)} onCancel={cancelPreview} />}
      <label class="field">
        <span>{t('popup.feeds.import')}</span>
        <input type="file" accept=".json,application/json" class="input" disabled={busy} onChange={(e) => void importFile(e.currentTarget)} />
      </label>
      <p class="hint">{t('popup.feeds.importHint')}</p>
      <div class="button-row">
        <button type="button" class="button button--small" disabled={busy} onClick={() => void refresh()}>
          {t('popup.feeds.refreshAll')}
        </button>
      </div>
      <p class="feeds__status" role="status" aria-live="polite">
        {status}
      </p>

      {overview && overview.collections.length > 0 && (
        <section aria-label={t('popup.feeds.collections')}>
          <h2 class="feeds__heading">{t('popup.feeds.collections')}</h2>
          <ul class="experts">
            {overview.collections.map(({ collection, experts }) => (
              <li key={collection.id} class="collection" data-collection-id={collection.id}>
                <div class="expert">
                  <div class="expert__body">
                    <p class="expert__name">
                      <ExpertName name={collection.name} />
                    </p>
                    <p class="row__meta">
                      {[collection.curator && t('popup.feeds.curator', { curator: shownName(collection.curator) }), collection.url ?? t('popup.feeds.fromFile')].filter(Boolean).join(' · ')}
                    </p>
                    <p class="row__meta">
                      {collection.status.lastFetchedAt ? t('popup.experts.refreshed', { when: when(collection.status.lastFetchedAt) }) : t('popup.experts.neverRefreshed')}
                      {collectionSummary(collection) && ` · ${collectionSummary(collection)}`}
                    </p>
                    {collectionError(collection) && <p class="row__meta feed-error">{t('popup.experts.lastError', { message: collectionError(collection) ?? '' })}</p>}
                  </div>
                  {collection.url && (
                    <button
                      type="button"
                      class="button button--small"
                      disabled={busy}
                      aria-label={t('popup.feeds.refreshCollectionLabel', { name: collection.name })}
                      onClick={() => void refresh({ collectionId: collection.id })}
                    >
                      {t('popup.feeds.refreshOne')}
                    </button>
                  )}
                  <button
                    type="button"
                    class="button button--small"
                    disabled={busy}
                    aria-label={t('popup.feeds.unfollowCollectionLabel', { name: collection.name })}
                    onClick={() => void unfollowCollection(collection.id)}
                  >
                    {t('popup.feeds.unfollowCollection')}
                  </button>
                </div>
                <ul class="experts collection__experts" aria-label={t('popup.feeds.knownFrom')}>
                  {experts.map(({ expert, picks, warnings }) => (
                    <li key={expert.id} class="expert" data-expert-id={expert.id}>
                      <ExpertAvatar expert={expert} />
                      <div class="expert__body">
                        <ExpertRowName expert={expert} onOpen={onOpenExpert} />
                        <p class="row__meta">
                          <ExpertKey id={expert.id} /> · {t(pluralKey(language, picks, { one: 'popup.experts.picks.one', other: 'popup.experts.picks.other' }), { count: picks })}
                        </p>
                        <NameWarnings warnings={warnings} />
                      </div>
                      {expert.followed ? (
                        <span class="row__meta">{t('popup.experts.following')}</span>
                      ) : (
                        <button
                          type="button"
                          class="button button--small"
                          aria-label={t('popup.feeds.followExpertLabel', { name: expert.displayName })}
                          onClick={() => void followExpert(expert.id)}
                        >
                          {t('popup.experts.follow')}
                        </button>
                      )}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function refreshSummary(results: readonly RefreshResult[], voice: Voice): string {
  const { t } = voice;
  const count = (status: RefreshResult['status']) => results.filter((result) => result.status === status).length;
  const failed = results.filter((result) => result.status === 'failed');
  const line = t('popup.feeds.refreshed', { updated: count('updated'), unchanged: count('not-modified'), failed: failed.length });
  // With one feed, its own message says more than the counts (e.g. why it failed).
  return results.length === 1 && results[0] ? `${line}. ${describeRefresh(voice, results[0])}` : line;
}
