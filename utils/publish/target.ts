// zod/mini: the Studio (popup bundle, which carries zod/mini only) may import these schemas to check
// the form as the expert types, with the same rules the background applies before saving.
import * as z from 'zod/mini';
import { MAX_URL_LENGTH } from '../feed/limits';

/*
 * Where the expert's window is published, set once in the Studio: a zip to download (no account),
 * S3-compatible object storage (AWS S3, Cloudflare R2, Alibaba OSS, Tencent COS, MinIO) or a WebDAV
 * folder (Nextcloud, 坚果云 Jianguoyun, Synology). The configuration holds no secret: the S3 secret
 * access key or the WebDAV app password is kept apart (store.ts) or asked for at each publish.
 *
 * Every rule here carries a code (`TargetProblemCode`), so the Studio can say it in its language.
 */

export const TARGET_PROBLEM_CODES = [
  'required',
  'too-long',
  'invalid',
  'invalid-url',
  'not-https',
  'has-credentials',
  'has-query',
  'has-path',
  'bad-bucket',
  'bucket-dots-virtual-host',
  'bad-region',
  'bad-prefix',
  'bad-access-key-id',
  'bad-username',
  'bad-secret',
  'auto-publish-needs-secret',
  'unknown-field',
] as const;
export type TargetProblemCode = (typeof TARGET_PROBLEM_CODES)[number];

/** One problem with one field of a target, e.g. { field: 'endpoint', code: 'not-https', message }. */
export interface TargetProblem {
  field: string;
  code: TargetProblemCode;
  /** English; the Studio translates `code`. */
  message: string;
}

type Ctx = z.core.ParsePayload<string>;
function problem(ctx: Ctx, code: TargetProblemCode, message: string): void {
  ctx.issues.push({ code: 'custom', message, input: ctx.value, params: { code } });
}

/** The one rule for addresses the expert types: https, no user name or password, no query or fragment. */
function checkHttpsUrl(ctx: Ctx, what: string, { allowPath }: { allowPath: boolean }): void {
  const text = ctx.value;
  if (text === '') return problem(ctx, 'required', `Enter the ${what}.`);
  if (!URL.canParse(text)) return problem(ctx, 'invalid-url', `The ${what} is not a web address (it should start with https://).`);
  const url = new URL(text);
  if (url.protocol !== 'https:') return problem(ctx, 'not-https', `The ${what} must start with https:// (Haowu never sends your keys or files unencrypted).`);
  if (url.username || url.password) return problem(ctx, 'has-credentials', `The ${what} must not contain a user name or password; enter them in their own fields.`);
  if (url.search || url.hash || text.includes('?') || text.includes('#')) return problem(ctx, 'has-query', `The ${what} must not contain "?" or "#".`);
  if (!allowPath && url.pathname !== '/') return problem(ctx, 'has-path', `The ${what} is the server alone (like https://s3.example.com), without a path.`);
}

/** Normalisers run after the checks; they never throw, whatever the input. */
const asOrigin = (text: string) => (URL.canParse(text) ? new URL(text).origin : text);
const withoutTrailingSlash = (text: string) => (URL.canParse(text) ? new URL(text).href.replace(/\/+$/, '') : text);
const withTrailingSlash = (text: string) => (URL.canParse(text) ? new URL(text).href.replace(/\/*$/, '/') : text);

const UrlText = z.string().check(z.trim(), z.maxLength(MAX_URL_LENGTH, 'is too long'));

/** `https://host[:port]`, stored as the origin. */
export const S3Endpoint = UrlText.check(
  z.check((ctx) => checkHttpsUrl(ctx, 'endpoint', { allowPath: false })),
  z.overwrite(asOrigin),
);

/** Where the window can be read by anyone: `https://host/path`, stored without a trailing slash. */
export const PublicBaseUrl = UrlText.check(
  z.check((ctx) => checkHttpsUrl(ctx, 'public address', { allowPath: true })),
  z.overwrite(withoutTrailingSlash),
);

/** The WebDAV folder the window goes into, stored with a trailing slash. It must exist. */
export const WebDavFolderUrl = UrlText.check(
  z.check((ctx) => checkHttpsUrl(ctx, 'folder address', { allowPath: true })),
  z.overwrite(withTrailingSlash),
);

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * S3 bucket naming rules (AWS's general purpose buckets, which R2, OSS, COS and MinIO accept):
 * 3–63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, no
 * "..", not an IP address. (COS names end with the app id, "name-1250000000": allowed.)
 */
export const BucketName = z.string().check(
  z.trim(),
  z.check((ctx) => {
    const name = ctx.value;
    if (name === '') return problem(ctx, 'required', 'Enter the bucket name.');
    const fail = (why: string) => problem(ctx, 'bad-bucket', `The bucket name ${why}.`);
    if (name.length < 3 || name.length > 63) return fail('must be 3 to 63 characters long');
    if (!/^[a-z0-9.-]+$/.test(name)) return fail('may only contain lowercase letters, digits, dots and hyphens');
    if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return fail('must start and end with a letter or digit');
    if (name.includes('..') || name.includes('.-') || name.includes('-.')) return fail('must not contain "..", ".-" or "-."');
    if (IPV4.test(name)) return fail('must not look like an IP address');
    if (name.startsWith('xn--') || name.endsWith('-s3alias') || name.endsWith('--ol-s3')) return fail('uses a reserved prefix or suffix');
  }),
);

/** e.g. `us-east-1`, `auto` (R2), `oss-cn-hangzhou`, `ap-guangzhou`. */
export const Region = z.string().check(
  z.trim(),
  z.check((ctx) => {
    if (ctx.value === '') return problem(ctx, 'required', 'Enter the region (for example us-east-1, or auto for Cloudflare R2).');
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(ctx.value)) problem(ctx, 'bad-region', 'The region may only contain lowercase letters, digits and hyphens (for example us-east-1).');
  }),
);

/**
 * An optional folder inside the bucket ("haowu" or "sites/haowu"), stored without leading or trailing
 * slashes. No "." or ".." segment, no empty segment, no backslash, "?", "#", "%" or control character.
 */
export const KeyPrefix = z.string().check(
  z.trim(),
  z.overwrite((text) => text.replace(/^\/+|\/+$/g, '')),
  z.check((ctx) => {
    const prefix = ctx.value;
    if (prefix === '') return;
    const fail = (why: string) => problem(ctx, 'bad-prefix', `The folder in the bucket ${why}.`);
    if (prefix.length > 512) return fail('is too long (at most 512 characters)');
    // eslint-disable-next-line no-control-regex
    if (/[\\?#%\u0000-\u001f\u007f]/.test(prefix)) return fail('must not contain \\, ?, #, % or control characters');
    if (prefix.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) return fail('must not contain "..", "." or empty parts ("a//b")');
  }),
);

/** AWS access key ids are 16–128 characters; others vary. Printable ASCII, no spaces. */
export const AccessKeyId = z.string().check(
  z.trim(),
  z.check((ctx) => {
    if (ctx.value === '') return problem(ctx, 'required', 'Enter the access key id.');
    if (!/^[\x21-\x7e]{1,256}$/.test(ctx.value)) problem(ctx, 'bad-access-key-id', 'The access key id is up to 256 letters, digits and symbols, without spaces.');
  }),
);

export const WebDavUsername = z.string().check(
  z.trim(),
  z.check((ctx) => {
    if (ctx.value === '') return problem(ctx, 'required', 'Enter the user name.');
    // eslint-disable-next-line no-control-regex
    if (ctx.value.length > 256 || ctx.value.includes(':') || /[\u0000-\u001f\u007f]/.test(ctx.value)) {
      problem(ctx, 'bad-username', 'The user name is up to 256 characters, without ":".');
    }
  }),
);

/** The S3 secret access key or the WebDAV (app) password. Never trimmed: it is used exactly as typed. */
export const PublishSecret = z.string().check(
  z.check((ctx) => {
    if (ctx.value === '') return problem(ctx, 'required', 'Enter the secret (the secret access key or the app password).');
    // eslint-disable-next-line no-control-regex
    if (ctx.value.length > 1024 || /[\u0000-\u001f\u007f]/.test(ctx.value)) problem(ctx, 'bad-secret', 'The secret is up to 1,024 characters, without line breaks.');
  }),
);

const Flags = {
  /** Keep the secret in this browser (haowu-publish database); false: asked for at each publish. */
  rememberSecret: z._default(z.boolean(), true),
  /** Publish on its own 30 seconds after the expert's picks or profile last changed. Needs the secret remembered. */
  autoPublish: z._default(z.boolean(), false),
};

export const ZipTarget = z.strictObject({
  kind: z.literal('zip'),
  /** Where the expert will host the files, if they know (the window's pages link to it). */
  publicBaseUrl: z.optional(PublicBaseUrl),
});

export const S3Target = z
  .strictObject({
    kind: z.literal('s3'),
    endpoint: S3Endpoint,
    region: Region,
    bucket: BucketName,
    prefix: z._default(KeyPrefix, ''),
    /** `path`: https://endpoint/bucket/key. `virtual-hosted`: https://bucket.endpoint/key. */
    addressing: z._default(z.enum(['path', 'virtual-hosted']), 'path'),
    accessKeyId: AccessKeyId,
    publicBaseUrl: PublicBaseUrl,
    ...Flags,
  })
  .check(
    z.check((ctx) => {
      const target = ctx.value;
      // A dotted bucket name under the endpoint's host breaks its wildcard TLS certificate.
      if (target.addressing === 'virtual-hosted' && target.bucket.includes('.')) {
        ctx.issues.push({
          code: 'custom',
          path: ['bucket'],
          input: target.bucket,
          message: 'A bucket name with dots needs path-style addressing (its own host name would not match the TLS certificate).',
          params: { code: 'bucket-dots-virtual-host' },
        });
      }
    }),
  );

export const WebDavTarget = z.strictObject({
  kind: z.literal('webdav'),
  folderUrl: WebDavFolderUrl,
  username: WebDavUsername,
  publicBaseUrl: PublicBaseUrl,
  ...Flags,
});

export const PublishTarget = z
  .discriminatedUnion('kind', [ZipTarget, S3Target, WebDavTarget])
  .check(
    z.check((ctx) => {
      const target = ctx.value;
      if (target.kind !== 'zip' && target.autoPublish && !target.rememberSecret) {
        ctx.issues.push({
          code: 'custom',
          path: ['autoPublish'],
          input: target.autoPublish,
          message: 'Publishing after each change needs the secret remembered in this browser.',
          params: { code: 'auto-publish-needs-secret' },
        });
      }
    }),
  );
export type PublishTarget = z.infer<typeof PublishTarget>;
export type PublishTargetInput = z.input<typeof PublishTarget>;
export type ZipTarget = z.infer<typeof ZipTarget>;
export type S3Target = z.infer<typeof S3Target>;
export type WebDavTarget = z.infer<typeof WebDavTarget>;
/** The targets Haowu uploads to itself. */
export type UploadTarget = S3Target | WebDavTarget;

const path = (issue: z.core.$ZodIssue) => issue.path.map(String).join('.');

function issueCode(issue: z.core.$ZodIssue): TargetProblemCode {
  if (issue.code === 'custom') {
    const code = (issue.params as { code?: unknown } | undefined)?.code;
    return (TARGET_PROBLEM_CODES as readonly unknown[]).includes(code) ? (code as TargetProblemCode) : 'invalid';
  }
  if (issue.code === 'too_big') return 'too-long';
  if (issue.code === 'unrecognized_keys') return 'unknown-field';
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'required';
  return 'invalid';
}

/** Each problem of a failed parse, by field, with its code. */
export function targetProblems(error: z.core.$ZodError): TargetProblem[] {
  return error.issues.map((issue) => {
    const code = issueCode(issue);
    const field = code === 'unknown-field' ? (issue as { keys?: string[] }).keys?.join(', ') ?? path(issue) : path(issue);
    const message = code === 'required' && issue.code !== 'custom' ? 'This field is required.' : issue.message;
    return { field, code, message };
  });
}

export type TargetCheck = { ok: true; target: PublishTarget } | { ok: false; problems: TargetProblem[] };

/** Checks and normalises a target the Studio's form built. */
export function checkPublishTarget(input: unknown): TargetCheck {
  const parsed = PublishTarget.safeParse(input);
  return parsed.success ? { ok: true, target: parsed.data } : { ok: false, problems: targetProblems(parsed.error) };
}

/** Each segment of a relative path percent-encoded, slashes kept ("p/a b.html" → "p/a%20b.html"). */
export const encodePath = (relative: string): string =>
  relative
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');

/** The S3 object key of a window file: the prefix, then the file's path. */
export const objectKey = (target: Pick<S3Target, 'prefix'>, filePath: string): string => (target.prefix ? `${target.prefix}/${filePath}` : filePath);

/** Where an object is written: `https://endpoint/bucket/key` (path-style) or `https://bucket.endpoint/key`. */
export function objectUrl(target: S3Target, filePath: string): string {
  const endpoint = new URL(target.endpoint);
  const key = encodePath(objectKey(target, filePath));
  if (target.addressing === 'virtual-hosted') return `${endpoint.protocol}//${target.bucket}.${endpoint.host}/${key}`;
  return `${endpoint.origin}/${target.bucket}/${key}`;
}

/** The URL of a file (or, ending in "/", a folder) inside the WebDAV folder. */
export const davUrl = (target: Pick<WebDavTarget, 'folderUrl'>, relative: string): string => `${target.folderUrl}${encodePath(relative)}`;

/** The origin the uploads go to (the one the secret is sent to). */
export function uploadOrigin(target: UploadTarget): string {
  if (target.kind === 'webdav') return new URL(target.folderUrl).origin;
  return new URL(objectUrl(target, 'x')).origin;
}

/** A host permission pattern: `https://host/*` (ports are not part of a pattern). */
export const originPattern = (url: string): string => `https://${new URL(url).hostname}/*`;

/**
 * The host permissions publishing needs: where files are uploaded, and the public address that is
 * read back to check the window is live. The Studio asks for them when the target is saved.
 */
export function requiredOrigins(target: PublishTarget): string[] {
  if (target.kind === 'zip') return [];
  return [...new Set([originPattern(uploadOrigin(target)), originPattern(target.publicBaseUrl)])];
}

/** Where followers read the feed, and the window's front page. */
export const publicFeedUrl = (publicBaseUrl: string): string => `${publicBaseUrl}/feed.json`;
export const publicWindowUrl = (publicBaseUrl: string): string => `${publicBaseUrl}/index.html`;

/**
 * Who the stored secret belongs to: the kind, the server it is sent to (S3 endpoint, WebDAV origin)
 * and the account (key id or user name). A saved target that changes any of these drops the remembered secret, so a secret is
 * never sent anywhere but where it was saved for.
 */
export function secretBinding(target: UploadTarget): string {
  if (target.kind === 's3') return JSON.stringify([target.kind, target.endpoint, target.accessKeyId]);
  return JSON.stringify([target.kind, new URL(target.folderUrl).origin, target.username]);
}
