import type { StringKey } from '../../utils/i18n/strings';
import type { Language } from '../../utils/i18n/translate';
import type { ErrorInfo } from '../../utils/errors';
import { describeError } from '../../utils/i18n/describe-error';
import { PUBLISH_REASON_PREFIX, type PublishErrorCode, type PublishFailed, type PublishStep } from '../../utils/publish/outcome';
import { checkPublishTarget, PublishSecret, requiredOrigins, secretBinding, targetProblems, type PublishTarget, type TargetProblemCode } from '../../utils/publish/target';

/*
 * The Studio's "Your window" form, without the UI: the fields as typed, the target they make (checked
 * with the very rules the background applies, utils/publish/target.ts), each problem tied to its
 * field, and the publisher's outcome codes as string keys (English and Chinese in studio.ts).
 */

export type TargetKind = PublishTarget['kind'];

/** Every field of the form, as typed. The secret is never filled in from the background (it never comes back). */
export interface WindowForm {
  kind: TargetKind;
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  pathStyle: boolean;
  accessKeyId: string;
  folderUrl: string;
  username: string;
  publicBaseUrl: string;
  secret: string;
  rememberSecret: boolean;
  autoPublish: boolean;
}

/** The form's fields that can carry a problem: the target's own, and `secret`. */
export type FormField = Exclude<keyof WindowForm, 'kind' | 'pathStyle' | 'rememberSecret'>;

export const EMPTY_FORM: WindowForm = {
  kind: 'zip',
  endpoint: '',
  region: '',
  bucket: '',
  prefix: '',
  pathStyle: true,
  accessKeyId: '',
  folderUrl: '',
  username: '',
  publicBaseUrl: '',
  secret: '',
  rememberSecret: true,
  autoPublish: false,
};

/** The form showing a saved target (secret empty: a remembered one stays unless a new one is typed). */
export function formOf(target: PublishTarget | null): WindowForm {
  if (!target) return { ...EMPTY_FORM };
  if (target.kind === 'zip') return { ...EMPTY_FORM, kind: 'zip', publicBaseUrl: target.publicBaseUrl ?? '' };
  const flags = { rememberSecret: target.rememberSecret, autoPublish: target.autoPublish, publicBaseUrl: target.publicBaseUrl };
  if (target.kind === 'webdav') return { ...EMPTY_FORM, kind: 'webdav', folderUrl: target.folderUrl, username: target.username, ...flags };
  return {
    ...EMPTY_FORM,
    kind: 's3',
    endpoint: target.endpoint,
    region: target.region,
    bucket: target.bucket,
    prefix: target.prefix,
    pathStyle: target.addressing === 'path',
    accessKeyId: target.accessKeyId,
    ...flags,
  };
}

/** What the form asks the background to save, before checking. */
export function targetInput(form: WindowForm): unknown {
  if (form.kind === 'zip') return { kind: 'zip', ...(form.publicBaseUrl.trim() && { publicBaseUrl: form.publicBaseUrl }) };
  const flags = { publicBaseUrl: form.publicBaseUrl, rememberSecret: form.rememberSecret, autoPublish: form.rememberSecret && form.autoPublish };
  if (form.kind === 'webdav') return { kind: 'webdav', folderUrl: form.folderUrl, username: form.username, ...flags };
  return {
    kind: 's3',
    endpoint: form.endpoint,
    region: form.region,
    bucket: form.bucket,
    prefix: form.prefix,
    addressing: form.pathStyle ? 'path' : 'virtual-hosted',
    accessKeyId: form.accessKeyId,
    ...flags,
  };
}

export type FieldProblems = Partial<Record<FormField, TargetProblemCode>>;

const FORM_FIELDS: readonly FormField[] = ['endpoint', 'region', 'bucket', 'prefix', 'accessKeyId', 'folderUrl', 'username', 'publicBaseUrl', 'secret', 'autoPublish'];

/** The fields in the order the form shows them, for focusing the first one with a problem. */
export const FIELD_ORDER: Record<TargetKind, readonly FormField[]> = {
  zip: ['publicBaseUrl'],
  s3: ['endpoint', 'region', 'bucket', 'prefix', 'accessKeyId', 'secret', 'publicBaseUrl', 'autoPublish'],
  webdav: ['folderUrl', 'username', 'secret', 'publicBaseUrl', 'autoPublish'],
};

export interface SavedSecret {
  target: PublishTarget | null;
  secretStored: boolean;
}

export type FormCheck = { ok: true; target: PublishTarget; secret: string | undefined; origins: string[] } | { ok: false; problems: FieldProblems };

/**
 * Checks the form as the background will: the target's rules, then the secret. A secret must be typed
 * when it is to be remembered and none is remembered for this server and account yet; one typed is
 * sent only when it is to be remembered (else it is asked for at each publish).
 */
export function checkForm(form: WindowForm, saved: SavedSecret): FormCheck {
  const problems: FieldProblems = {};
  const checked = checkPublishTarget(targetInput(form));
  if (!checked.ok) {
    for (const problem of checked.problems) {
      const field = (FORM_FIELDS as readonly string[]).includes(problem.field) ? (problem.field as FormField) : null;
      if (field && !problems[field]) problems[field] = problem.code;
    }
  }
  let secret: string | undefined;
  if (form.kind !== 'zip' && form.rememberSecret) {
    if (form.secret !== '') {
      const parsed = PublishSecret.safeParse(form.secret);
      if (parsed.success) secret = parsed.data;
      else problems.secret = targetProblems(parsed.error)[0]?.code ?? 'invalid';
    } else if (checked.ok ? !keepsSecret(checked.target, saved) : !saved.secretStored) {
      // (With other problems, whether the remembered secret still holds is told once they are fixed.)
      problems.secret = 'required';
    }
  }
  if (!checked.ok || Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, target: checked.target, secret, origins: requiredOrigins(checked.target) };
}

/** Whether the secret remembered for the saved target still holds for `target` (same kind, server and account). */
export function keepsSecret(target: PublishTarget, saved: SavedSecret): boolean {
  if (!saved.secretStored || !saved.target || saved.target.kind === 'zip' || target.kind === 'zip') return false;
  return secretBinding(saved.target) === secretBinding(target);
}

/** A host permission pattern (`https://host/*`) as people read it: `https://host`. */
export const originLabel = (pattern: string): string => pattern.replace(/\/\*$/, '');

export const PROBLEM_TEXT: Record<TargetProblemCode, StringKey> = {
  required: 'studio.window.problem.required',
  'too-long': 'studio.window.problem.too-long',
  invalid: 'studio.window.problem.invalid',
  'invalid-url': 'studio.window.problem.invalid-url',
  'not-https': 'studio.window.problem.not-https',
  'has-credentials': 'studio.window.problem.has-credentials',
  'has-query': 'studio.window.problem.has-query',
  'has-path': 'studio.window.problem.has-path',
  'bad-bucket': 'studio.window.problem.bad-bucket',
  'bucket-dots-virtual-host': 'studio.window.problem.bucket-dots-virtual-host',
  'bad-region': 'studio.window.problem.bad-region',
  'bad-prefix': 'studio.window.problem.bad-prefix',
  'bad-access-key-id': 'studio.window.problem.bad-access-key-id',
  'bad-username': 'studio.window.problem.bad-username',
  'bad-secret': 'studio.window.problem.bad-secret',
  'auto-publish-needs-secret': 'studio.window.problem.auto-publish-needs-secret',
  'unknown-field': 'studio.window.problem.unknown-field',
};

export const STEP_TEXT: Record<PublishStep, StringKey> = {
  check: 'studio.window.step.check',
  build: 'studio.window.step.build',
  permission: 'studio.window.step.permission',
  connect: 'studio.window.step.connect',
  folders: 'studio.window.step.folders',
  upload: 'studio.window.step.upload',
  feed: 'studio.window.step.feed',
  verify: 'studio.window.step.verify',
  cleanup: 'studio.window.step.cleanup',
};

const ERROR_TEXT: Record<Exclude<PublishErrorCode, 'auth' | 'not-found'>, StringKey> = {
  'no-target': 'studio.window.error.no-target',
  'no-secret': 'studio.window.error.no-secret',
  'no-identity': 'studio.window.error.no-identity',
  'invalid-config': 'studio.window.error.invalid-config',
  'invalid-window': 'studio.window.error.invalid-window',
  'too-large': 'studio.window.error.too-large',
  permission: 'studio.window.error.permission',
  'clock-skew': 'studio.window.error.clock-skew',
  network: 'studio.window.error.network',
  timeout: 'studio.window.error.timeout',
  server: 'studio.window.error.server',
  rejected: 'studio.window.error.rejected',
  'public-address-unreachable': 'studio.window.error.public-address-unreachable',
  'public-address-serves-other': 'studio.window.error.public-address-serves-other',
  'public-address-stale': 'studio.window.error.public-address-stale',
};

type Translate = (key: StringKey, params?: Record<string, string | number>) => string;

/**
 * A failed publish in the UI's language: what went wrong and what to do (by its code; auth and
 * not-found say it for the kind of storage), then at which step. A code this Studio does not know
 * (a newer publisher) shows the publisher's English.
 */
export function describeFailure(t: Translate, failed: Pick<PublishFailed, 'code' | 'step' | 'message' | 'file' | 'params'>, kind: TargetKind | null): { what: string; where: string } {
  const params = failed.params ?? {};
  const status = [params.status, params.serverCode].filter((part) => part !== undefined).join(' ');
  const values = {
    limit: String(params.limit ?? ''),
    origin: originLabel(String(params.origin ?? '')),
    url: String(params.url ?? ''),
    status: status || '?',
  };
  let key: StringKey | undefined;
  if (failed.code === 'auth') key = kind === 'webdav' ? 'studio.window.error.auth-webdav' : 'studio.window.error.auth-s3';
  else if (failed.code === 'not-found') key = kind === 'webdav' ? 'studio.window.error.not-found-webdav' : 'studio.window.error.not-found-s3';
  else if (failed.code === 'no-target' && params.kind === 'zip') key = 'studio.window.error.no-target-zip';
  else key = ERROR_TEXT[failed.code as keyof typeof ERROR_TEXT];
  const what = key ? t(key, values) : failed.message;
  const step = STEP_TEXT[failed.step] ? t(STEP_TEXT[failed.step]) : failed.step;
  const where = failed.file ? t('studio.window.failedFile', { step, file: failed.file }) : t('studio.window.failed', { step });
  return { what, where };
}

/** A failed request in the Studio's language: a publisher's failure (`publish:<code>`, e.g. the zip) as describeFailure says it. */
export function describeRequestFailure(t: Translate, error: ErrorInfo, kind: TargetKind | null): string {
  const reason = error.detail?.reason ?? '';
  if (!reason.startsWith(PUBLISH_REASON_PREFIX)) return describeError(t, error);
  const { step, file, ...params } = error.detail?.params ?? {};
  const failed = { code: reason.slice(PUBLISH_REASON_PREFIX.length) as PublishErrorCode, step: String(step ?? 'check') as PublishStep, message: error.message, params };
  return describeFailure(t, file === undefined ? failed : { ...failed, file: String(file) }, kind).what;
}

/** The window's language, kept per browser for this Studio (the target has no field for it). */
const LANGUAGE_KEY = 'haowu.window.language';

export function storedWindowLanguage(fallback: Language): Language {
  try {
    const value = globalThis.localStorage?.getItem(LANGUAGE_KEY);
    return value === 'en' || value === 'zh' ? value : fallback;
  } catch {
    return fallback;
  }
}

export function storeWindowLanguage(language: Language): void {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_KEY, language);
  } catch {
    // Storage refused (private mode): the choice lasts until the page closes.
  }
}

/** `haowu-window-<first 8 hex digits of the expert id>.zip`, like the feed file's name. */
export const windowZipName = (expertId: string): string => `haowu-window-${expertId.replace(/^ed25519:/, '').slice(0, 8)}.zip`;

/** Base64 (as the background sends the zip) to bytes. */
export function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
