/*
 * What a publish answers: live at an address, or failed at a step with a code. The codes are what
 * the Studio translates; `message` is the English fallback. Add codes, never rename them (the last
 * outcome is stored, store.ts).
 */

export const PUBLISH_ERROR_CODES = [
  /** No target saved, or the saved one is the zip download (nothing to upload). */
  'no-target',
  /** The secret is not remembered and the publish did not bring one. */
  'no-secret',
  /** No expert profile (no key to sign the feed with). */
  'no-identity',
  /** The saved target no longer passes the rules (saved by an older Haowu, or damaged). */
  'invalid-config',
  /** The window's files are not publishable: no feed.json, a feed that does not verify, a bad path. */
  'invalid-window',
  /** The window or its feed is larger than Haowu uploads (`params.limit`). */
  'too-large',
  /** Haowu lacks the host permission for `params.origin`. */
  'permission',
  /** Wrong access key, secret, user name or password, or the account may not write there (401, 403). */
  'auth',
  /** The device clock is too far off for the storage to accept signed requests. */
  'clock-skew',
  /** The bucket or the WebDAV folder does not exist (404, NoSuchBucket, 409 on a missing parent). */
  'not-found',
  /** No connection, a TLS error, or the connection dropped. */
  'network',
  /** The server did not answer in time. */
  'timeout',
  /** The server failed (5xx) or asked to slow down (429, 503 SlowDown). */
  'server',
  /** The server refused the request for another reason (`params.status`, `params.serverCode`). */
  'rejected',
  /** Uploaded, but the public address could not be read (`params.status` or `params.reason`). */
  'public-address-unreachable',
  /** Uploaded, but the public address serves something else: another expert's feed, a page, a broken file (`params.found`). */
  'public-address-serves-other',
  /** Uploaded, but the public address still serves an older feed (a cache in front of it): try again in a few minutes. */
  'public-address-stale',
] as const;
export type PublishErrorCode = (typeof PUBLISH_ERROR_CODES)[number];

/**
 * The steps of a publish, in order: `check` (target, secret, identity, files and sizes), `build`
 * (the window's files), `permission`, `connect` (the folder exists and the keys work, WebDAV),
 * `folders` (MKCOL), `upload` (pages and assets), `feed` (feed.json, last), `verify` (read back),
 * `cleanup` (deleting pages that left the window; a failure there does not fail the publish).
 */
export type PublishStep = 'check' | 'build' | 'permission' | 'connect' | 'folders' | 'upload' | 'feed' | 'verify' | 'cleanup';

export type PublishParams = Record<string, string | number>;

export interface PublishProgress {
  /** Files in the window. */
  total: number;
  /** Files uploaded by this publish. */
  uploaded: number;
  /** Files not uploaded because the destination already holds the same bytes (upload-plan.ts). */
  unchanged: number;
  /** Files of the last publish deleted because they left the window, and deletes that failed (retried next time). */
  removed: number;
  notRemoved: number;
  /** The file(s) whose upload failed. */
  failed: string[];
  /** Files not attempted because an earlier one failed. */
  notSent: number;
  /** Bytes in the window, and bytes uploaded. */
  bytes: number;
  uploadedBytes: number;
}

export interface PublishLive {
  status: 'live';
  /** The window's front page (`<public base>/index.html`), or the feed's address for a window without one. */
  liveUrl: string;
  /** Where followers read the feed. */
  feedUrl: string;
  expertId: string;
  /** The `publishedAt` of the feed just uploaded (and read back). */
  publishedAt: string;
  progress: PublishProgress;
  /** Milliseconds the publish took. */
  elapsedMs: number;
}

export interface PublishFailed {
  status: 'failed';
  code: PublishErrorCode;
  step: PublishStep;
  /** English, for people; the Studio says `code` in its language. */
  message: string;
  /** The file at fault, as its path in the window (e.g. "p/jd-100.html"). */
  file?: string;
  params?: PublishParams;
  progress: PublishProgress;
  elapsedMs: number;
}

export type PublishOutcome = PublishLive | PublishFailed;

/** A failure inside a publish, thrown from a step and turned into a PublishFailed at the top. */
export class PublishError extends Error {
  constructor(
    readonly code: PublishErrorCode,
    readonly step: PublishStep,
    message: string,
    readonly file?: string,
    readonly params?: PublishParams,
  ) {
    super(message);
    this.name = 'PublishError';
  }
}

/** A PublishError as a failure's detail for a message: `publish:<code>` with the step, file and parameters. */
export const PUBLISH_REASON_PREFIX = 'publish:';
export const publishDetail = (error: PublishError): { reason: string; params: PublishParams } => ({
  reason: `${PUBLISH_REASON_PREFIX}${error.code}`,
  params: { ...error.params, step: error.step, ...(error.file !== undefined && { file: error.file }) },
});

export const emptyProgress = (): PublishProgress => ({ total: 0, uploaded: 0, unchanged: 0, removed: 0, notRemoved: 0, failed: [], notSent: 0, bytes: 0, uploadedBytes: 0 });
