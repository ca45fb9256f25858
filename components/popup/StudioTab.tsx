import { useCallback, useEffect, useState } from 'preact/hooks';
import { describeThrown } from './describe-failure';
import type { ExpertRecord, RecommendationRecord } from '../../utils/db/schema';
import type { OwnProfile } from '../../utils/expert/profile';
import type { PublishedFeed } from '../../utils/expert/publish-own';
import type { RecommendationFields } from '../../utils/expert/recommend-rules';
import { shareText } from '../../utils/expert/share';
import { TAKE_OVER_REASON } from '../../utils/expert/take-over-reason';
import { formatPrice } from '../../utils/format-price';
import { request } from '../../utils/messaging/client';
import { downloadText } from '../../utils/popup/download';
import type { Platform } from '../../utils/product';
import { cleanDisplayName } from '../../utils/expert/display-name';
import { ExpertName } from '../ExpertName';
import { useLanguage, useT } from '../I18n';
import { RecommendForm } from '../overlay/RecommendForm';
import { EmptyState, ErrorNote } from './Notices';
import { QrCode } from './QrCode';
import { WindowPublishing } from './WindowPublishing';
import { describeError } from '../../utils/i18n/describe-error';
import { pluralKey } from '../../utils/i18n/plural';
import { localizeDetail } from '../../utils/i18n/issue-detail';
import type { StringKey } from '../../utils/i18n/strings';
import type { Params } from '../../utils/i18n/translate';
import type { OmittedPick, OmittedWhy } from '../../utils/feed/publish';

const OMITTED_KEYS: Record<OmittedWhy, StringKey> = {
  'product-unknown': 'studio.publish.omitted.productUnknown',
  'no-link': 'studio.publish.omitted.noLink',
  'too-many': 'studio.publish.omitted.tooMany',
  invalid: 'studio.publish.omitted.invalid',
};

/** Why a pick was left out of the feed, in the Studio's language; a code this version does not know, in the English sent. */
export function describeOmitted(t: (key: StringKey, params?: Params) => string, item: Pick<OmittedPick, 'reason' | 'why' | 'params'>): string {
  return Object.hasOwn(OMITTED_KEYS, item.why) ? t(OMITTED_KEYS[item.why], localizeDetail(t, item.params)) : item.reason;
}

type OwnPicks = { expert: ExpertRecord; recommendations: RecommendationRecord[] }[];

/**
 * Expert mode's studio: the expert profile (created here with a new key), the window (set up and
 * published to the expert's own storage: WindowPublishing.tsx), the user's own picks (edit, delete,
 * share with a QR code), publishing the signed feed, and the identity backup.
 * Keys never reach this page: the background signs and exports.
 */
export function StudioTab() {
  const t = useT();
  const [profile, setProfile] = useState<OwnProfile | null | undefined>(undefined);
  const [own, setOwn] = useState<OwnPicks | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const load = useCallback(async () => {
    const [picks, me] = await Promise.all([request('listOwnPicks', undefined), request('getExpertProfile', undefined)]);
    if (picks.ok) setOwn(picks.value);
    if (me.ok) setProfile(me.value);
    setError(!picks.ok ? describeError(t, picks.error) : !me.ok ? describeError(t, me.error) : null);
  }, []);
  useEffect(() => void load(), [load]);

  const picks = own?.flatMap(({ expert, recommendations }) => recommendations.map((r) => ({ expert, r }))) ?? [];
  const done = (message: string) => {
    setError(null);
    setStatus(message);
  };

  return (
    <section class="tab-panel studio-tab" aria-label={t('popup.tab.studio')}>
      <ErrorNote message={error} onDismiss={() => setError(null)} onRetry={own === null ? () => void load() : undefined} />
      {status && (
        <p class="note" role="status">
          {status}
        </p>
      )}
      {profile === null && <CreateProfile onDone={(created) => (setProfile(created), done(t('studio.profile.saved')))} onError={setError} />}
      {profile && <ProfileEditor profile={profile} onDone={(saved) => (setProfile(saved), done(t('studio.profile.saved')), void load())} onError={setError} />}
      {profile && <WindowPublishing expertId={profile.expertId} />}
      {profile && <Publish onError={setError} />}

      {own === null ? (
        !error && <p class="loading">{t('common.loading')}</p>
      ) : picks.length === 0 ? (
        <EmptyState title={t('popup.studio.empty')}>{t('popup.studio.emptyHint')}</EmptyState>
      ) : (
        <ul class="studio" aria-label={t('popup.studio.heading')}>
          {picks.map(({ expert, r }) => (
            <OwnPick key={r.id} expert={expert} r={r} showExpert={own.length > 1} onChanged={(message) => (done(message), void load())} onError={setError} />
          ))}
        </ul>
      )}

      {profile !== undefined && <IdentityBackup profile={profile} onDone={(message, restored) => (done(message), restored && setProfile(restored), void load())} onError={setError} />}
    </section>
  );
}

function ProfileFields({ initial, submitLabel, onSubmit }: { initial?: OwnProfile['profile']; submitLabel: string; onSubmit: (input: { name: string; bio: string; avatarUrl: string }) => Promise<void> }) {
  const t = useT();
  const [name, setName] = useState(initial?.name ?? '');
  const [bio, setBio] = useState(initial?.bio ?? '');
  const [avatarUrl, setAvatarUrl] = useState(initial?.avatarUrl ?? '');
  // A name of nothing visible is refused (utils/expert/display-name.ts): said here, in the UI language.
  const [nameProblem, setNameProblem] = useState(false);
  return (
    <form
      class="profile-form"
      onSubmit={(event) => {
        event.preventDefault();
        const invisible = cleanDisplayName(name) === '';
        setNameProblem(invisible);
        if (!invisible) void onSubmit({ name, bio, avatarUrl });
      }}
    >
      <label class="field">
        <span>{t('studio.profile.name')}</span>
        <input class="input" required maxLength={80} value={name} onInput={(e) => setName(e.currentTarget.value)} aria-invalid={nameProblem} />
      </label>
      {nameProblem && (
        <p class="feed-error" role="alert">
          {t('names.nameInvisible')}
        </p>
      )}
      <label class="field">
        <span>{t('studio.profile.bio')}</span>
        <textarea class="input" maxLength={500} rows={2} value={bio} onInput={(e) => setBio(e.currentTarget.value)} />
      </label>
      <label class="field">
        <span>{t('studio.profile.avatar')}</span>
        <input class="input" type="url" placeholder="https://" value={avatarUrl} onInput={(e) => setAvatarUrl(e.currentTarget.value)} />
      </label>
      <button type="submit" class="button button--primary">
        {submitLabel}
      </button>
    </form>
  );
}

function CreateProfile({ onDone, onError }: { onDone: (profile: OwnProfile) => void; onError: (message: string) => void }) {
  const t = useT();
  return (
    <section class="studio-section" aria-labelledby="studio-create">
      <h2 id="studio-create">{t('studio.create.heading')}</h2>
      <p class="hint">{t('studio.create.intro')}</p>
      <ProfileFields
        submitLabel={t('studio.create.submit')}
        onSubmit={async (input) => {
          const result = await request('createExpertProfile', input);
          if (result.ok) onDone(result.value);
          else onError(describeError(t, result.error));
        }}
      />
    </section>
  );
}

function ProfileEditor({ profile, onDone, onError }: { profile: OwnProfile; onDone: (profile: OwnProfile) => void; onError: (message: string) => void }) {
  const t = useT();
  return (
    <section class="studio-section" aria-labelledby="studio-profile">
      <h2 id="studio-profile">{t('studio.profile.heading')}</h2>
      <p class="hint">{t('studio.profile.id', { id: profile.expertId })}</p>
      <ProfileFields
        key={profile.expertId}
        initial={profile.profile}
        submitLabel={t('common.save')}
        onSubmit={async (input) => {
          const result = await request('updateExpertProfile', input);
          if (result.ok) onDone(result.value);
          else onError(describeError(t, result.error));
        }}
      />
    </section>
  );
}

function Publish({ onError }: { onError: (message: string) => void }) {
  const t = useT();
  const language = useLanguage();
  const [feed, setFeed] = useState<PublishedFeed | null>(null);
  const [copied, setCopied] = useState(false);
  const publish = async () => {
    setCopied(false);
    const result = await request('publishFeed', undefined);
    if (result.ok) setFeed(result.value);
    else onError(describeError(t, result.error));
  };
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch (failure) {
      onError(describeThrown(t, failure));
    }
  };
  return (
    <section class="studio-section" aria-labelledby="studio-publish">
      <h2 id="studio-publish">{t('studio.publish.heading')}</h2>
      <p class="hint">{t('studio.publish.intro')}</p>
      <button type="button" class="button button--primary" onClick={() => void publish()}>
        {t('studio.publish.button')}
      </button>
      {feed && (
        <div class="publish-result">
          <p role="status">{t('studio.publish.done', {
              recommendations: t(pluralKey(language, feed.published, { one: 'studio.publish.recommendations.one', other: 'studio.publish.recommendations.other' }), { count: feed.published }),
              retractions: t(pluralKey(language, feed.retracted, { one: 'studio.publish.retractions.one', other: 'studio.publish.retractions.other' }), { count: feed.retracted }),
            })}</p>
          {/* Signed all the same (it retracts nothing, harms nothing), but never without a word (issue 16). */}
          {feed.published === 0 && <p class="note">{t('studio.publish.empty')}</p>}
          <div class="button-row">
            <button type="button" class="button" onClick={() => downloadText(feed.filename, feed.text, 'application/json')}>
              {t('studio.publish.download')}
            </button>
            <button type="button" class="button" onClick={() => void copy(feed.text)}>
              {t('studio.publish.copy')}
            </button>
          </div>
          {copied && <p class="hint">{t('studio.publish.copied')}</p>}
          {feed.omitted.length > 0 && (
            <div class="omitted">
              <p>{t('studio.publish.omitted')}</p>
              <ul>
                {feed.omitted.map((item) => (
                  <li key={item.id}>{t('studio.publish.omittedLine', { id: item.id, reason: describeOmitted(t, item) })}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

const platformOf = (productKey: string) => productKey.slice(0, productKey.indexOf(':')) as Platform;

function OwnPick({ expert, r, showExpert, onChanged, onError }: { expert: ExpertRecord; r: RecommendationRecord; showExpert: boolean; onChanged: (message: string) => void; onError: (message: string) => void }) {
  const t = useT();
  const language = useLanguage();
  const [mode, setMode] = useState<'view' | 'edit' | 'share'>('view');
  const [copied, setCopied] = useState(false);
  const link = r.partnerLink ?? '';
  const text = shareText(t, { expertName: expert.displayName, title: r.snapshot.title, rating: r.rating, reason: r.reason, link });

  const save = async (fields: RecommendationFields): Promise<string | null> => {
    const result = await request('saveOwnRecommendation', { ...fields, id: r.id, productKey: r.productKey });
    if (!result.ok) return describeError(t, result.error);
    setMode('view');
    onChanged(t('recommend.saved'));
    return null;
  };
  const remove = async () => {
    const result = await request('deleteOwnRecommendation', { id: r.id });
    if (result.ok) onChanged(t('recommend.deleted'));
    else onError(describeError(t, result.error));
  };

  return (
    <li class="studio__pick" data-recommendation-id={r.id}>
      <p class="row__title">{r.snapshot.title}</p>
      <p class="row__meta">
        {t('popup.studio.rating', { rating: r.rating })}
        {r.snapshot.price ? ` · ${formatPrice(r.snapshot.price, language)}` : ''}
        {showExpert && (
          <>
            {' · '}
            <ExpertName name={expert.displayName} id={expert.id} />
          </>
        )}
      </p>
      {r.reason && <p class="row__meta">{r.reason}</p>}
      {expert.kind === 'local' && (
        <div class="button-row">
          <button type="button" class="button button--small" aria-expanded={mode === 'edit'} onClick={() => setMode(mode === 'edit' ? 'view' : 'edit')}>
            {t('recommend.edit')}
          </button>
          <button type="button" class="button button--small" aria-label={t('studio.share.label', { title: r.snapshot.title })} aria-expanded={mode === 'share'} onClick={() => setMode(mode === 'share' ? 'view' : 'share')}>
            {t('studio.share')}
          </button>
          <button type="button" class="button button--small button--quiet" onClick={() => void remove()}>
            {t('recommend.delete')}
          </button>
        </div>
      )}
      {mode === 'edit' && (
        <RecommendForm
          look="page"
          // The background checks the link against the stored product; the store is what the form needs.
          product={{ platform: platformOf(r.productKey), url: link }}
          storeName={platformOf(r.productKey)}
          canonicalUrl=""
          initial={r}
          onSave={save}
          onCancel={() => setMode('view')}
        />
      )}
      {mode === 'share' && link && (
        <div class="share">
          <textarea class="input" readOnly rows={4} value={text} aria-label={t('studio.share.copy')} />
          <button
            type="button"
            class="button button--small"
            onClick={() =>
              void navigator.clipboard.writeText(text).then(
                () => setCopied(true),
                (failure: unknown) => onError(describeThrown(t, failure)),
              )
            }
          >
            {t('studio.share.copy')}
          </button>
          {copied && <span class="hint">{t('studio.share.copied')}</span>}
          <QrCode text={link} label={t('studio.share.qr')} />
        </div>
      )}
    </li>
  );
}

function IdentityBackup({ profile, onDone, onError }: { profile: OwnProfile | null; onDone: (message: string, restored?: OwnProfile) => void; onError: (message: string) => void }) {
  const t = useT();
  const [understood, setUnderstood] = useState(false);
  const exportIdentity = async () => {
    const result = await request('exportIdentity', undefined);
    if (!result.ok) return onError(describeError(t, result.error));
    downloadText(result.value.filename, result.value.json, 'application/json');
    onDone(t('studio.identity.exported', { file: result.value.filename }));
  };
  // The identity's own feed is followed here: the background asked first (expert/identity-restore.ts).
  const [takeOver, setTakeOver] = useState<{ json: string; params: Record<string, string | number> } | null>(null);
  const restore = async (json: string, confirmed: boolean) => {
    const result = await request('importIdentity', { json, ...(confirmed && { takeOver: true }) });
    if (result.ok) {
      setTakeOver(null);
      return onDone(t('studio.identity.imported', { id: result.value.expertId }), result.value);
    }
    // Asked again even after a yes (the feed changed meanwhile): always the Studio's question, in its words.
    if (result.error.detail?.reason === TAKE_OVER_REASON) return setTakeOver({ json, params: result.error.detail.params ?? {} });
    setTakeOver(null);
    onError(describeError(t, result.error));
  };
  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    const json = await file.text();
    input.value = '';
    await restore(json, false);
  };
  return (
    <section class="studio-section" aria-labelledby="studio-identity">
      <h2 id="studio-identity">{t('studio.identity.heading')}</h2>
      <p class="note note--error">{t('studio.identity.warning')}</p>
      {profile && (
        <>
          <label class="check">
            <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.currentTarget.checked)} />
            {t('studio.identity.understand')}
          </label>
          <button type="button" class="button" disabled={!understood} onClick={() => void exportIdentity()}>
            {t('studio.identity.export')}
          </button>
        </>
      )}
      <label class="field">
        <span>{t('studio.identity.import')}</span>
        <input type="file" accept=".json,application/json" class="input" onChange={(e) => void importFile(e.currentTarget)} />
      </label>
      {takeOver && (
        <div class="note" role="alertdialog" aria-labelledby="studio-identity-takeover">
          <p id="studio-identity-takeover">
            {t(takeOver.params['followed'] === 1 ? 'studio.identity.takeOver.followed' : 'studio.identity.takeOver.known', takeOver.params)}
          </p>
          <button type="button" class="button" onClick={() => void restore(takeOver.json, true)}>
            {t('studio.identity.takeOver.confirm')}
          </button>
          <button type="button" class="button button--quiet" onClick={() => setTakeOver(null)}>
            {t('studio.identity.takeOver.cancel')}
          </button>
        </div>
      )}
    </section>
  );
}
