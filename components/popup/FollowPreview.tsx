import { describeCollectionSummary, describeFeedError, describeFeedSummary, type Voice } from '../../utils/feed/describe-status';
import type { FollowPreview, PreviewExpert } from '../../utils/feed/preview';
import type { FollowResult } from '../../utils/feed/sync';
import { request } from '../../utils/messaging/client';
import type { Result } from '../../utils/messaging/result';
import { requestOrigins } from '../../utils/popup/permissions';
import type { NameWarning } from '../../utils/expert/name-warnings';
import { shortFingerprint } from '../../utils/expert/short-fingerprint';
import { ExpertName } from '../ExpertName';
import { useLanguage, useT, useTx } from '../I18n';
import { storeName } from './store-name';

/*
 * What following would follow, before anything is stored: the expert (name, the short fingerprint of
 * the key that signed the feed, how many picks on which stores) or the collection, with Follow and
 * Cancel. Used for an address typed in the Experts tab (FeedTools) and for the page in the current
 * tab (TabFeed). Follow stores exactly the previewed expert (followFeed with its id).
 */

export type FollowablePreview = Extract<FollowPreview, { kind: 'feed' | 'collection' }>;

/** `ed25519:d052bfcf…` → `ed25519:d052…2f15`, as every UI shows it. */
const shortExpertId = shortFingerprint;

/**
 * What to look twice at before following (utils/expert/name-warnings.ts): a name like that of an
 * expert the user follows under another key, with that expert's name and key; a name claiming a
 * verification. Said in the UI language; nothing when the name raises neither.
 */
export function NameWarnings({ warnings }: { warnings: readonly NameWarning[] | undefined }) {
  const t = useT();
  const tx = useTx();
  if (!warnings?.length) return null;
  return (
    <>
      {warnings.map((warning) => (
        <p key={warning.code === 'looks-like' ? warning.expertId : warning.code} class="name-warning" role="note" data-warning={warning.code}>
          {warning.code === 'looks-like'
            ? tx('names.looksLike', { name: <ExpertName name={warning.name} id={warning.expertId} />, fingerprint: shortFingerprint(warning.expertId) })
            : t('names.claimsVerified')}
        </p>
      ))}
    </>
  );
}

/** "24 picks on Tmall, JD", "1 pick on JD", "no live picks yet". */
export function picksLine(voice: Voice, expert: Pick<PreviewExpert, 'picks' | 'stores'>): string {
  const { t } = voice;
  if (expert.picks === 0) return t('popup.preview.noPicks');
  const stores = expert.stores.map((store) => storeName(store, t)).join(t('popup.preview.storeSeparator'));
  return expert.picks === 1 ? t('popup.preview.picksOne', { stores }) : t('popup.preview.picks', { count: expert.picks, stores });
}

/** "signed by ed25519:d052…2f15 — 24 picks on Tmall, JD" */
export const expertLine = (voice: Voice, expert: PreviewExpert): string => `${voice.t('popup.preview.signedBy', { id: shortExpertId(expert.id) })} — ${picksLine(voice, expert)}`;

/** A refusal in the UI language (its English when the code cannot be said). */
export const refusalText = (voice: Voice, preview: Extract<FollowPreview, { kind: 'refused' }>): string =>
  describeFeedError(voice, preview.error, preview.message) ?? preview.message;

/** The status line after following, in the UI language. */
export function followedText(voice: Voice, result: FollowResult): string {
  const { t } = voice;
  return result.kind === 'feed'
    ? t('popup.feeds.followedFeed', { name: result.expert.displayName, summary: describeFeedSummary(voice, result.summaryInfo, result.summary) ?? result.summary })
    : t('popup.feeds.followedCollection', { name: result.collection.name, summary: describeCollectionSummary(voice, result.summaryInfo, result.summary) ?? result.summary });
}

/**
 * Follows a previewed feed or collection. Call it straight from the click: the browser's permission
 * for the file's origin is asked first, with no await before it (granted already at the preview, so
 * no prompt shows; asked again in case it was removed since). With the previewed expert's id, a feed
 * signed by any other key by now is refused.
 */
export function followPreviewed(preview: FollowablePreview): Promise<Result<FollowResult> | { ok: false; denied: string }> {
  const origin = new URL(preview.url).origin;
  const asked = requestOrigins([`${origin}/*`]);
  return asked.then(async (granted): Promise<Result<FollowResult> | { ok: false; denied: string }> =>
    granted ? request('followFeed', { url: preview.url, ...(preview.kind === 'feed' && { expectedExpertId: preview.expert.id }) }) : { ok: false, denied: origin },
  );
}

export interface FollowPreviewCardProps {
  preview: FollowablePreview;
  busy: boolean;
  onFollow: () => void;
  onCancel: () => void;
}

export function FollowPreviewCard({ preview, busy, onFollow, onCancel }: FollowPreviewCardProps) {
  const t = useT();
  const tx = useTx();
  const language = useLanguage();
  const voice: Voice = { t, language };
  const label = t(preview.kind === 'feed' ? 'popup.preview.feedLabel' : 'popup.preview.collectionLabel');
  return (
    <section class="follow-preview" aria-label={label} data-preview-kind={preview.kind}>
      {preview.kind === 'feed' ? (
        <>
          <p class="expert__name">
            <ExpertName name={preview.expert.name} id={preview.expert.id} />
          </p>
          <p class="follow-preview__line">
            <span title={preview.expert.id}>{expertLine(voice, preview.expert)}</span>
          </p>
          <NameWarnings warnings={preview.expert.warnings} />
          {preview.expert.bio && <p class="row__meta follow-preview__bio">{preview.expert.bio}</p>}
          {/* Only when the feed lists picks Haowu would leave out: say how many and why. */}
          {(preview.summaryInfo.skipped > 0 || preview.summaryInfo.skippedRetractions > 0) && <p class="row__meta">{describeFeedSummary(voice, preview.summaryInfo, preview.summary)}</p>}
          {preview.expert.followed && <p class="row__meta">{tx('popup.preview.alreadyFollowing', { name: <ExpertName name={preview.expert.name} id={preview.expert.id} /> })}</p>}
        </>
      ) : (
        <>
          <p class="expert__name">
            <ExpertName name={preview.name} />
          </p>
          {preview.curator && <p class="row__meta">{tx('popup.feeds.curator', { curator: <ExpertName name={preview.curator} /> })}</p>}
          {preview.description && <p class="row__meta follow-preview__bio">{preview.description}</p>}
          <p class="row__meta">{describeCollectionSummary(voice, preview.summaryInfo, preview.summary)}</p>
          <ul class="follow-preview__experts">
            {preview.experts.map((expert) => (
              <li key={expert.id}>
                <ExpertName name={expert.name} id={expert.id} class="follow-preview__name" /> <span class="row__meta" title={expert.id}>{expertLine(voice, expert)}</span>
                <NameWarnings warnings={expert.warnings} />
              </li>
            ))}
          </ul>
          {preview.duplicates > 0 && <p class="row__meta">{t('popup.preview.duplicates', { count: preview.duplicates })}</p>}
        </>
      )}
      {preview.pageUrl && <p class="row__meta">{t('popup.preview.fromPage', { page: preview.pageUrl })}</p>}
      {preview.announced > 1 && <p class="row__meta">{t('popup.preview.moreAnnounced', { count: preview.announced })}</p>}
      <PreviewButtons label={t('popup.preview.follow')} busy={busy} onConfirm={onFollow} onCancel={onCancel} />
    </section>
  );
}

/** A preview's two buttons: what it offers (Follow, Allow and show) and Cancel. */
function PreviewButtons({ label, busy, onConfirm, onCancel }: { label: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const t = useT();
  return (
    <div class="button-row">
      <button type="button" class="button button--small button--primary" disabled={busy} onClick={onConfirm}>
        {label}
      </button>
      <button type="button" class="button button--small" disabled={busy} onClick={onCancel}>
        {t('popup.preview.cancel')}
      </button>
    </div>
  );
}

/** The file a page announces is on a site Haowu may not read yet: "Allow and show" asks for it in the click. */
export function NeedsOriginCard({ origin, what, busy, onAllow, onCancel }: { origin: string; what: 'feed' | 'collection'; busy: boolean; onAllow: () => void; onCancel: () => void }) {
  const t = useT();
  return (
    <section class="follow-preview" aria-label={t(what === 'feed' ? 'popup.preview.feedLabel' : 'popup.preview.collectionLabel')}>
      <p>{t('popup.preview.needsOrigin', { what: t(`popup.feedSubject.${what}`), origin })}</p>
      <PreviewButtons label={t('popup.preview.allow')} busy={busy} onConfirm={onAllow} onCancel={onCancel} />
    </section>
  );
}
