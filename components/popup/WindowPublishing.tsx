import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { describeThrown } from './describe-failure';
import { languageTag, type Language } from '../../utils/i18n/translate';
import { request } from '../../utils/messaging/client';
import { downloadBlob } from '../../utils/popup/download';
import { removeOrigins, requestOrigins } from '../../utils/popup/permissions';
import type { PublishOutcome } from '../../utils/publish/outcome';
import { watchPublishProgress, type PublishProgressNote } from '../../utils/publish/progress';
import type { PublishTargetView } from '../../utils/publish/service';
import type { LastPublish } from '../../utils/publish/store';
import { PublishSecret, targetProblems, type TargetProblemCode } from '../../utils/publish/target';
import { getSettings } from '../../utils/settings';
import { useLanguage, useT } from '../I18n';
import { QrCode } from './QrCode';
import './window-publishing.css';
import {
  EMPTY_FORM,
  FIELD_ORDER,
  PROBLEM_TEXT,
  checkForm,
  describeFailure,
  describeRequestFailure,
  formOf,
  fromBase64,
  keepsSecret,
  originLabel,
  storeWindowLanguage,
  storedWindowLanguage,
  windowZipName,
  type FieldProblems,
  type FormField,
  type TargetKind,
  type WindowForm,
} from './window-form';
import { describeError } from '../../utils/i18n/describe-error';

/*
 * "Your window" in the Studio: where the expert's window goes (a zip, S3-compatible storage or a
 * WebDAV folder), set once; publishing it, with the outcome the background verified; the secret
 * remembered or asked for, forgotten in one click. Host access to the storage and the public address
 * is asked for in the click that saves the target, for those origins only.
 */

type Busy = 'save' | 'publish' | 'zip' | 'forget' | 'remove';

const LANGUAGE_NAMES: Record<Language, string> = { zh: '中文', en: 'English' };

/**
 * The picks the window would show now: this identity's, live and unexpired. Read at each click, as
 * the expert may have recommended in another tab since the Studio opened; null when it cannot be read
 * (the background then builds the window anyway).
 */
async function countLivePicks(expertId: string): Promise<number | null> {
  const result = await request('listOwnPicks', undefined);
  if (!result.ok) return null;
  const now = Date.now();
  return result.value.find(({ expert }) => expert.id === expertId)?.recommendations.filter((r) => !r.deleted && (r.expiresAt === null || r.expiresAt > now)).length ?? 0;
}

export function WindowPublishing({ expertId }: { expertId: string }) {
  const t = useT();
  const uiLanguage = useLanguage();
  const [view, setView] = useState<PublishTargetView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState<WindowForm>(EMPTY_FORM);
  const [problems, setProblems] = useState<FieldProblems>({});
  const [language, setLanguage] = useState<Language>(() => storedWindowLanguage(uiLanguage));
  const [busy, setBusy] = useState<Busy | null>(null);
  // How far the background's upload is (utils/publish/progress.ts), while a publish is under way.
  const [progress, setProgress] = useState<PublishProgressNote | null>(null);
  useEffect(() => {
    if (busy !== 'publish') return setProgress(null);
    return watchPublishProgress(setProgress);
  }, [busy]);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<PublishOutcome | null>(null);
  const [publishSecret, setPublishSecret] = useState('');
  const [publishSecretProblem, setPublishSecretProblem] = useState<TargetProblemCode | null>(null);
  const [confirmEmpty, setConfirmEmpty] = useState<'publish' | 'zip' | null>(null);
  const [copied, setCopied] = useState(false);
  // The element to focus once the next render is on screen (the one the expert acted on may be gone).
  const focusNext = useRef<string | null>(null);
  useLayoutEffect(() => {
    const id = focusNext.current;
    if (!id) return;
    focusNext.current = null;
    document.getElementById(id)?.focus();
  });

  const load = useCallback(async () => {
    const result = await request('getPublishTarget', undefined);
    if (!result.ok) return setLoadError(describeError(t, result.error));
    setLoadError(null);
    setView(result.value);
    return result.value;
  }, []);
  useEffect(() => {
    void load().then((loaded) => {
      if (loaded && !loaded.target) setEditing(true);
    });
  }, [load]);

  const target = view?.target ?? null;
  const kind: TargetKind | null = target?.kind ?? null;
  const isBusy = busy !== null;
  const say = (message: string) => {
    setError(null);
    setNotice(message);
  };

  const startEditing = () => {
    setForm(formOf(target));
    setProblems({});
    setEditing(true);
    setNotice(null);
    focusNext.current = `window-kind-${target?.kind ?? 'zip'}`;
  };

  // permissions.request must run in the click's user gesture: the form is checked synchronously and
  // the browser asked before anything is awaited.
  const save = (event: Event) => {
    event.preventDefault();
    if (isBusy || !view) return;
    const checked = checkForm(form, view);
    if (!checked.ok) {
      setProblems(checked.problems);
      setNotice(null);
      setError(t('studio.window.fixFields'));
      const first = FIELD_ORDER[form.kind].find((field) => checked.problems[field]);
      if (first) document.getElementById(`window-${first}`)?.focus();
      return;
    }
    setProblems({});
    const asked = checked.origins.length > 0 ? requestOrigins(checked.origins) : Promise.resolve(true);
    setBusy('save');
    void asked
      .catch(() => false)
      .then(async (granted) => {
        if (!granted) {
          setError(t('studio.window.permissionDenied', { origins: checked.origins.map(originLabel).join(', ') }));
          return;
        }
        const result = await request('savePublishTarget', { target: checked.target, ...(checked.secret !== undefined && { secret: checked.secret }) });
        if (!result.ok) return setError(describeError(t, result.error));
        storeWindowLanguage(language);
        setView(result.value);
        setEditing(false);
        setOutcome(null);
        setForm(EMPTY_FORM);
        const saved = result.value.target;
        say(saved && saved.kind !== 'zip' ? t('studio.window.saved', { where: originLabel(result.value.uploadOrigin ?? saved.publicBaseUrl) }) : t('studio.window.savedZip'));
        focusNext.current = saved?.kind === 'zip' ? 'window-download' : 'window-publish';
      })
      .finally(() => setBusy(null));
  };

  const publish = async (anyway: boolean, uploadAll = false) => {
    if (isBusy || !view) return;
    setOutcome(null);
    setError(null);
    setNotice(null);
    setCopied(false);
    setConfirmEmpty(null);
    let secret: string | undefined;
    if (!view.secretStored) {
      const parsed = PublishSecret.safeParse(publishSecret);
      if (!parsed.success) {
        setPublishSecretProblem(targetProblems(parsed.error)[0]?.code ?? 'invalid');
        document.getElementById('window-publish-secret')?.focus();
        return;
      }
      secret = parsed.data;
    }
    setPublishSecretProblem(null);
    if (anyway) focusNext.current = 'window-publish';
    setBusy('publish');
    try {
      if (!anyway && (await countLivePicks(expertId)) === 0) return setConfirmEmpty('publish');
      const result = await request('publishWindow', { language, ...(secret !== undefined && { secret }), ...(uploadAll && { uploadAll }) });
      if (!result.ok) return setError(describeError(t, result.error));
      setOutcome(result.value);
      if (result.value.status === 'live') setPublishSecret('');
      await load();
    } finally {
      setBusy(null);
    }
  };

  const download = async (anyway: boolean) => {
    if (isBusy) return;
    setOutcome(null);
    setError(null);
    setNotice(null);
    setConfirmEmpty(null);
    if (anyway) focusNext.current = 'window-download';
    setBusy('zip');
    try {
      if (!anyway && (await countLivePicks(expertId)) === 0) return setConfirmEmpty('zip');
      const result = await request('buildWindowZip', { language });
      if (!result.ok) return setError(describeRequestFailure(t, result.error, kind));
      const filename = windowZipName(expertId);
      downloadBlob(filename, new Blob([fromBase64(result.value.base64)], { type: 'application/zip' }));
      say(t('studio.window.downloaded', { file: filename, files: result.value.files }));
    } finally {
      setBusy(null);
    }
  };

  const forget = async () => {
    if (isBusy) return;
    setBusy('forget');
    try {
      const result = await request('forgetPublishSecret', undefined);
      if (!result.ok) return setError(describeError(t, result.error));
      await load();
      say(t('studio.window.forgotten'));
      focusNext.current = 'window-publish-secret';
    } finally {
      setBusy(null);
    }
  };

  const remove = async () => {
    if (isBusy) return;
    const origins = view?.origins ?? [];
    setBusy('remove');
    try {
      const result = await request('removePublishTarget', undefined);
      if (!result.ok) return setError(describeError(t, result.error));
      await giveBackOrigins(origins);
      await load();
      setOutcome(null);
      setForm(EMPTY_FORM);
      setProblems({});
      setEditing(true);
      say(t('studio.window.removed'));
      focusNext.current = 'window-kind-zip';
    } finally {
      setBusy(null);
    }
  };

  const copy = (text: string) =>
    void navigator.clipboard.writeText(text).then(
      () => setCopied(true),
      (failure: unknown) => setError(describeThrown(t, failure)),
    );

  const failure = outcome?.status === 'failed' ? describeFailure(t, outcome, kind) : null;
  const secretField = failure && (outcome?.status === 'failed' && (outcome.code === 'auth' || outcome.code === 'no-secret')) ? 'window-failure' : undefined;

  return (
    <section class="studio-section window" aria-labelledby="studio-window" aria-busy={isBusy}>
      <h2 id="studio-window">{t('studio.window.heading')}</h2>
      <p class="hint">{t('studio.window.intro')}</p>
      {loadError && (
        <p class="note note--error" role="alert">
          <span>{loadError}</span>
        </p>
      )}
      {view?.invalid && <p class="note note--error">{t('studio.window.invalid')}</p>}

      {view && editing && (
        <TargetForm
          form={form}
          setForm={(patch) => setForm((current) => ({ ...current, ...patch }))}
          problems={problems}
          view={view}
          language={language}
          setLanguage={setLanguage}
          busy={busy === 'save'}
          onSubmit={save}
          onCancel={
            target
              ? () => {
                  setEditing(false);
                  setError(null);
                  focusNext.current = 'window-change';
                }
              : undefined
          }
        />
      )}

      {view && target && !editing && (
        <>
          <TargetSummary view={view} language={language} />
          <div class="button-row">
            <button type="button" id="window-change" class="button button--small" aria-disabled={isBusy} onClick={() => !isBusy && startEditing()}>
              {t('studio.window.change')}
            </button>
            {view.secretStored && (
              <button type="button" class="button button--small" aria-disabled={isBusy} onClick={() => void forget()}>
                {t('studio.window.forget')}
              </button>
            )}
            <button type="button" class="button button--small button--danger" aria-disabled={isBusy} onClick={() => void remove()}>
              {t('studio.window.remove')}
            </button>
          </div>

          {target.kind === 'zip' ? (
            <button type="button" id="window-download" class="button button--primary" aria-disabled={isBusy} onClick={() => void download(false)}>
              {t('studio.window.download')}
            </button>
          ) : (
            <div class="window-publish">
              {!view.secretStored && (
                <div class="window-field">
                  <label for="window-publish-secret">{t('studio.window.publishSecret')}</label>
                  <input
                    id="window-publish-secret"
                    class="input"
                    type="password"
                    autoComplete="off"
                    value={publishSecret}
                    aria-invalid={publishSecretProblem || secretField ? 'true' : undefined}
                    aria-describedby={[publishSecretProblem && 'window-publish-secret-error', secretField].filter(Boolean).join(' ') || undefined}
                    onInput={(e) => setPublishSecret(e.currentTarget.value)}
                  />
                  {publishSecretProblem && (
                    <p id="window-publish-secret-error" class="field-error">
                      {t(PROBLEM_TEXT[publishSecretProblem])}
                    </p>
                  )}
                </div>
              )}
              <button type="button" id="window-publish" class="button button--primary" aria-disabled={isBusy} onClick={() => void publish(false)}>
                {t('studio.window.publish')}
              </button>
              {view.lastPublish?.status === 'live' && (
                <button type="button" id="window-upload-all" class="button button--small" aria-disabled={isBusy} aria-describedby="window-upload-all-hint" onClick={() => void publish(false, true)}>
                  {t('studio.window.uploadAll')}
                </button>
              )}
              {view.lastPublish?.status === 'live' && (
                <p id="window-upload-all-hint" class="hint">
                  {t('studio.window.uploadAllHint')}
                </p>
              )}
            </div>
          )}
        </>
      )}

      {confirmEmpty && (
        <div class="note window-empty" role="alert">
          <span>{t('studio.window.noPicks')}</span>
          <button type="button" class="button button--small" onClick={() => void (confirmEmpty === 'zip' ? download(true) : publish(true))}>
            {t(confirmEmpty === 'zip' ? 'studio.window.downloadAnyway' : 'studio.window.publishAnyway')}
          </button>
        </div>
      )}

      {busy === 'publish' && progress && progress.toUpload > 0 ? (
        <progress class="window-progress" aria-labelledby="window-status" value={progress.uploaded} max={progress.toUpload} />
      ) : (
        (busy === 'publish' || busy === 'zip') && <progress class="window-progress" aria-labelledby="window-status" />
      )}
      {/* A polite live region, kept in the page so each change is read out (not role=status: the Studio has its own). */}
      <p id="window-status" class="window-status" aria-live="polite" aria-atomic="true">
        {busy === 'publish' && progress && progress.toUpload > 0
          ? t('studio.window.uploadingFiles', { uploaded: progress.uploaded, total: progress.toUpload })
          : busy === 'publish' ? t('studio.window.publishing') : busy === 'zip' ? t('studio.window.building') : notice}
      </p>

      {error && (
        <p class="note note--error" role="alert">
          <span>{error}</span>
        </p>
      )}

      {outcome?.status === 'live' && (
        <div class="window-live">
          <p class="window-live__address">
            {t('studio.window.live')}{' '}
            <a href={outcome.liveUrl} target="_blank" rel="noopener noreferrer">
              {outcome.liveUrl}
            </a>
          </p>
          <p class="hint">
            {t('studio.window.liveDetail', { address: outcome.feedUrl, seconds: (outcome.elapsedMs / 1000).toFixed(1) })}{' '}
            {t('studio.window.liveFiles', { uploaded: outcome.progress.uploaded, unchanged: outcome.progress.unchanged, removed: outcome.progress.removed })}
            {outcome.progress.notRemoved > 0 && <> {t('studio.window.notRemoved', { count: outcome.progress.notRemoved })}</>}
          </p>
          <div class="button-row">
            <button type="button" class="button button--small" onClick={() => copy(outcome.liveUrl)}>
              {t('studio.window.copy')}
            </button>
            {copied && <span class="hint">{t('studio.window.copied')}</span>}
          </div>
          <QrCode text={outcome.liveUrl} label={t('studio.window.qr')} />
          <p class="hint">{t('studio.window.feedAddress', { url: outcome.feedUrl })}</p>
        </div>
      )}

      {failure && outcome?.status === 'failed' && (
        <div id="window-failure" class="note note--error window-failure" role="alert">
          <span>
            <strong>{failure.where}</strong> {failure.what}
            {outcome.progress.total > 0 && outcome.step !== 'check' && outcome.step !== 'permission' && (
              <> {t('studio.window.failedProgress', { uploaded: outcome.progress.uploaded, total: outcome.progress.total - outcome.progress.unchanged })}</>
            )}
          </span>
        </div>
      )}

      {!outcome && !isBusy && view?.lastPublish && <LastPublishLine last={view.lastPublish} kind={kind} />}
    </section>
  );
}

/** Gives back host access that only the removed target used (not a followed feed's or an opted-in store's host). */
async function giveBackOrigins(origins: readonly string[]): Promise<void> {
  if (origins.length === 0) return;
  try {
    const [experts, overview, settings] = await Promise.all([request('listExpertSummaries', undefined), request('listFeedOverview', undefined), getSettings()]);
    if (!experts.ok || !overview.ok) return;
    const pattern = (url: string | null) => (url && URL.canParse(url) ? `https://${new URL(url).hostname}/*` : null);
    const used = new Set([
      ...experts.value.map(({ expert }) => pattern(expert.feedUrl)),
      ...overview.value.collections.map(({ collection }) => pattern(collection.url)),
      ...settings.otherSiteOrigins,
    ]);
    const unused = origins.filter((origin) => !used.has(origin));
    if (unused.length > 0) await removeOrigins(unused);
  } catch {
    // Host access granted at install (or already gone) cannot be removed: nothing to give back.
  }
}

function LastPublishLine({ last, kind }: { last: LastPublish; kind: TargetKind | null }) {
  const t = useT();
  const language = useLanguage();
  const time = new Date(last.at).toLocaleString(languageTag(language), { dateStyle: 'medium', timeStyle: 'short' });
  if (last.status === 'live') {
    return <p class="hint">{t(last.auto ? 'studio.window.last.liveAuto' : 'studio.window.last.live', { time, url: last.liveUrl ?? '' })}</p>;
  }
  const message = last.code ? describeFailure(t, { code: last.code, step: last.step ?? 'check', message: last.message ?? '', file: last.file }, kind).what : (last.message ?? '');
  return <p class="hint window-last-failed">{t(last.auto ? 'studio.window.last.failedAuto' : 'studio.window.last.failed', { time, message })}</p>;
}

function TargetSummary({ view, language }: { view: PublishTargetView; language: Language }) {
  const t = useT();
  const target = view.target!;
  const lines: string[] = [];
  if (target.kind === 'zip') {
    lines.push(t('studio.window.summary.zip', { address: target.publicBaseUrl ? t('studio.window.summary.zipAddress', { url: target.publicBaseUrl }) : '' }));
  } else {
    lines.push(
      target.kind === 's3'
        ? t('studio.window.summary.s3', { bucket: target.prefix ? `${target.bucket}/${target.prefix}` : target.bucket, origin: view.uploadOrigin ?? target.endpoint })
        : t('studio.window.summary.webdav', { url: target.folderUrl, user: target.username }),
    );
    lines.push(t('studio.window.summary.public', { url: target.publicBaseUrl }));
    lines.push(t(view.secretStored ? 'studio.window.summary.secretKept' : 'studio.window.summary.secretAsked'));
    if (target.autoPublish) lines.push(t('studio.window.summary.auto'));
  }
  lines.push(t('studio.window.summary.language', { language: LANGUAGE_NAMES[language] }));
  return (
    <ul class="window-summary">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}

interface TargetFormProps {
  form: WindowForm;
  setForm: (patch: Partial<WindowForm>) => void;
  problems: FieldProblems;
  view: PublishTargetView;
  language: Language;
  setLanguage: (language: Language) => void;
  busy: boolean;
  onSubmit: (event: Event) => void;
  onCancel?: () => void;
}

function TargetForm({ form, setForm, problems, view, language, setLanguage, busy, onSubmit, onCancel }: TargetFormProps) {
  const t = useT();
  const field = (name: FormField, label: string, options: { hint?: string; type?: string; autoComplete?: string; placeholder?: string } = {}) => (
    <TextField
      name={name}
      label={label}
      value={String(form[name])}
      problem={problems[name]}
      onInput={(value) => setForm({ [name]: value })}
      {...options}
    />
  );
  const checked = form.kind !== 'zip' ? checkFormQuietly(form, view) : null;
  const keeps = checked?.ok === true && keepsSecret(checked.target, view);
  const kinds: { kind: TargetKind; label: string; hint: string }[] = [
    { kind: 'zip', label: t('studio.window.kind.zip'), hint: t('studio.window.kind.zipHint') },
    { kind: 's3', label: t('studio.window.kind.s3'), hint: t('studio.window.kind.s3Hint') },
    { kind: 'webdav', label: t('studio.window.kind.webdav'), hint: t('studio.window.kind.webdavHint') },
  ];
  return (
    <form class="window-form" onSubmit={onSubmit} noValidate>
      <fieldset>
        <legend>{t('studio.window.where')}</legend>
        {kinds.map(({ kind, label, hint }) => (
          <div class="window-choice" key={kind}>
            <input
              type="radio"
              id={`window-kind-${kind}`}
              name="window-kind"
              checked={form.kind === kind}
              aria-describedby={`window-kind-${kind}-hint`}
              onChange={() => setForm({ kind })}
            />
            <label for={`window-kind-${kind}`}>{label}</label>
            <p id={`window-kind-${kind}-hint`} class="hint">
              {hint}
            </p>
          </div>
        ))}
      </fieldset>

      {form.kind === 's3' && (
        <>
          {field('endpoint', t('studio.window.field.endpoint'), { type: 'url', placeholder: 'https://', hint: t('studio.window.field.endpointHint') })}
          {field('region', t('studio.window.field.region'), { hint: t('studio.window.field.regionHint') })}
          {field('bucket', t('studio.window.field.bucket'))}
          {field('prefix', t('studio.window.field.prefix'))}
          <label class="check">
            <input type="checkbox" checked={form.pathStyle} onChange={(e) => setForm({ pathStyle: e.currentTarget.checked })} />
            {t('studio.window.field.pathStyle')}
          </label>
          {field('accessKeyId', t('studio.window.field.accessKeyId'), { autoComplete: 'off' })}
        </>
      )}
      {form.kind === 'webdav' && (
        <>
          {field('folderUrl', t('studio.window.field.folderUrl'), { type: 'url', placeholder: 'https://', hint: t('studio.window.field.folderUrlHint') })}
          {field('username', t('studio.window.field.username'), { autoComplete: 'off' })}
        </>
      )}
      {form.kind !== 'zip' && (
        <fieldset>
          <legend>{t('studio.window.secret')}</legend>
          <label class="check">
            <input type="radio" name="window-secret" checked={form.rememberSecret} onChange={() => setForm({ rememberSecret: true })} />
            {t('studio.window.secret.remember')}
          </label>
          <label class="check">
            <input type="radio" name="window-secret" checked={!form.rememberSecret} onChange={() => setForm({ rememberSecret: false, autoPublish: false })} />
            {t('studio.window.secret.ask')}
          </label>
          {form.rememberSecret &&
            field('secret', t(form.kind === 's3' ? 'studio.window.field.secretS3' : 'studio.window.field.secretDav'), {
              type: 'password',
              autoComplete: 'new-password',
              hint: keeps ? t('studio.window.field.secretKept') : undefined,
            })}
        </fieldset>
      )}
      {form.kind !== 'zip'
        ? field('publicBaseUrl', t('studio.window.field.publicBaseUrl'), { type: 'url', placeholder: 'https://', hint: t('studio.window.field.publicBaseUrlHint') })
        : field('publicBaseUrl', t('studio.window.field.publicBaseUrlZip'), { type: 'url', placeholder: 'https://', hint: t('studio.window.field.publicBaseUrlZipHint') })}
      {form.kind !== 'zip' && (
        <div class="window-choice">
          <input
            type="checkbox"
            id="window-autoPublish"
            checked={form.rememberSecret && form.autoPublish}
            disabled={!form.rememberSecret}
            aria-describedby="window-autoPublish-hint"
            onChange={(e) => setForm({ autoPublish: e.currentTarget.checked })}
          />
          <label for="window-autoPublish">{t('studio.window.auto')}</label>
          <p id="window-autoPublish-hint" class="hint">
            {t('studio.window.autoHint')}
          </p>
        </div>
      )}
      <div class="window-field">
        <label for="window-language">{t('studio.window.language')}</label>
        <select id="window-language" class="input" value={language} onChange={(e) => setLanguage(e.currentTarget.value === 'zh' ? 'zh' : 'en')}>
          <option value="zh" lang="zh">
            {LANGUAGE_NAMES.zh}
          </option>
          <option value="en" lang="en">
            {LANGUAGE_NAMES.en}
          </option>
        </select>
      </div>
      {checked?.ok && checked.origins.length > 0 && (
        <p class="hint" id="window-permission-note">
          {t('studio.window.permissionNote', { origins: checked.origins.map(originLabel).join(', ') })}
        </p>
      )}
      <div class="button-row">
        <button type="submit" class="button button--primary" aria-disabled={busy} aria-describedby={checked?.ok && checked.origins.length > 0 ? 'window-permission-note' : undefined}>
          {busy ? t('studio.window.saving') : t('studio.window.save')}
        </button>
        {onCancel && (
          <button type="button" class="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

/** The form's check without its secret rule, for the permission note (which origins Save will ask for). */
function checkFormQuietly(form: WindowForm, view: PublishTargetView) {
  return checkForm({ ...form, rememberSecret: false, autoPublish: false }, view);
}

function TextField({
  name,
  label,
  value,
  problem,
  onInput,
  hint,
  type = 'text',
  autoComplete,
  placeholder,
}: {
  name: FormField;
  label: string;
  value: string;
  problem?: TargetProblemCode;
  onInput: (value: string) => void;
  hint?: string;
  type?: string;
  autoComplete?: string;
  placeholder?: string;
}) {
  const t = useT();
  const id = `window-${name}`;
  const describedBy = [problem && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(' ');
  return (
    <div class="window-field">
      <label for={id}>{label}</label>
      <input
        id={id}
        class="input"
        type={type}
        value={value}
        autoComplete={autoComplete}
        placeholder={placeholder}
        spellcheck={false}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      {problem && (
        <p id={`${id}-error`} class="field-error">
          {t(PROBLEM_TEXT[problem])}
        </p>
      )}
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
    </div>
  );
}
