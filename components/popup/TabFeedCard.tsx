import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Voice } from '../../utils/feed/describe-status';
import type { FollowPreview } from '../../utils/feed/preview';
import { request } from '../../utils/messaging/client';
import { requestOrigins } from '../../utils/popup/permissions';
import type { TabAnnouncement, TabInsecureAnnouncement } from '../../utils/popup/tab-feed';
import { ExpertName } from '../ExpertName';
import { useLanguage, useT, useTx } from '../I18n';
import { FollowPreviewCard, NeedsOriginCard, followPreviewed, followedText, refusalText, type FollowablePreview } from './FollowPreview';
import { describeFailure, describeThrown } from './describe-failure';

/*
 * The card at the top of the popup for the feed the page in the current tab announces (TabFeed.tsx
 * found it and loads this module only then). When the page announces a feed:
 *
 * - on a site Haowu may read already, the feed is previewed at once (fetched and verified, nothing
 *   stored) and shown with Follow;
 * - otherwise nothing is fetched until "Show who it is", which asks the browser for that one site in
 *   the click, then previews.
 *
 * Follow stores exactly the previewed expert.
 */

type State =
  | { step: 'none' }
  | { step: 'announced'; found: TabAnnouncement }
  | { step: 'checking' }
  | { step: 'preview'; preview: Exclude<FollowPreview, { kind: 'refused' }> }
  | { step: 'done'; message: string }
  | { step: 'error'; message: string };

const patternOf = (url: string) => `${new URL(url).origin}/*`;

export interface TabFeedCardProps {
  found: TabAnnouncement | TabInsecureAnnouncement;
  onFollowed: () => void;
}

export function TabFeedCard({ found, onFollowed }: TabFeedCardProps) {
  const t = useT();
  const tx = useTx();
  const language = useLanguage();
  const voice: Voice = { t, language };
  const [state, setState] = useState<State>({ step: 'none' });
  const [busy, setBusy] = useState(false);

  const preview = async (url: string) => {
    setState({ step: 'checking' });
    const result = await request('previewFollow', { url });
    setBusy(false);
    if (!result.ok) return setState({ step: 'error', message: describeFailure({ t, language }, result.error) });
    const value = result.value;
    setState(value.kind === 'refused' ? { step: 'error', message: refusalText(voice, value) } : { step: 'preview', preview: value });
  };

  useEffect(() => {
    if (found.kind === 'not-https') return setState({ step: 'error', message: t('popup.feedError.discoveryNotHttps', { url: found.href }) });
    // Fetched without a click only from a site Haowu may read already.
    void browser.permissions
      .contains({ origins: [patternOf(found.feed.url)] })
      .then((granted) => (granted ? preview(found.feed.url) : setState({ step: 'announced', found })))
      .catch((error: unknown) => console.warn('[haowu] could not look for a feed on this page', error));
    // Once, for the page the popup opened on.
  }, []);

  /** Asks for `pattern` in this click (nothing awaited before it), then previews `url`. */
  const allowThenPreview = (pattern: string, url: string) => {
    const asked = requestOrigins([pattern]);
    setBusy(true);
    void asked
      .then((granted) => (granted ? preview(url) : setState({ step: 'error', message: t('popup.feeds.permissionDenied', { origin: new URL(url).origin }) })))
      .catch((failure: unknown) => setState({ step: 'error', message: describeThrown(t, failure) }))
      .finally(() => setBusy(false));
  };

  const follow = (previewed: FollowablePreview) => {
    const following = followPreviewed(previewed);
    setBusy(true);
    void following
      .then((result) => {
        if ('denied' in result) return setState({ step: 'error', message: t('popup.feeds.permissionDenied', { origin: result.denied }) });
        if (!result.ok) return setState({ step: 'error', message: describeFailure({ t, language }, result.error) });
        setState({ step: 'done', message: followedText(voice, result.value) });
        onFollowed();
      })
      .catch((failure: unknown) => setState({ step: 'error', message: describeThrown(t, failure) }))
      .finally(() => setBusy(false));
  };

  const dismiss = () => setState({ step: 'none' });

  if (state.step === 'none') return null;
  return (
    <section class="tab-feed" aria-label={t('popup.tabFeed.label')}>
      {state.step === 'announced' && (
        <div class="follow-preview">
          <p>{t('popup.tabFeed.announces', { what: t(`popup.feedSubject.${state.found.feed.kind}`), origin: new URL(state.found.feed.url).host })}</p>
          <div class="button-row">
            <button type="button" class="button button--small button--primary" disabled={busy} onClick={() => allowThenPreview(patternOf(state.found.feed.url), state.found.feed.url)}>
              {t('popup.tabFeed.show')}
            </button>
            <button type="button" class="button button--small" disabled={busy} onClick={dismiss}>
              {t('popup.preview.cancel')}
            </button>
          </div>
        </div>
      )}
      {state.step === 'checking' && <p class="loading">{t('popup.feeds.checking')}</p>}
      {state.step === 'preview' &&
        (state.preview.kind === 'needs-origin' ? (
          <NeedsOriginCard
            origin={state.preview.origin}
            what={state.preview.linkKind}
            busy={busy}
            onAllow={() => state.preview.kind === 'needs-origin' && allowThenPreview(state.preview.pattern, state.preview.url)}
            onCancel={dismiss}
          />
        ) : state.preview.kind === 'feed' && state.preview.expert.followed ? (
          <p class="feeds__status">{tx('popup.tabFeed.following', { name: <ExpertName name={state.preview.expert.name} id={state.preview.expert.id} /> })}</p>
        ) : (
          <FollowPreviewCard preview={state.preview} busy={busy} onFollow={() => state.preview.kind !== 'needs-origin' && follow(state.preview)} onCancel={dismiss} />
        ))}
      {state.step === 'done' && (
        <p class="feeds__status" role="status">
          {state.message}
        </p>
      )}
      {state.step === 'error' && (
        <p class="note note--error" role="alert">
          <span>{state.message}</span>
          <button type="button" class="icon-button" aria-label={t('common.close')} onClick={dismiss}>
            ×
          </button>
        </p>
      )}
    </section>
  );
}
