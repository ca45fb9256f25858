import { PublishError, type PublishErrorCode, type PublishStep } from './outcome';

/*
 * One request of a publish: a time limit, no cookies, no redirects, and any failure turned into a
 * PublishError naming the step and the file.
 */

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Per request. A 5 MB feed over a slow uplink still fits. */
export const REQUEST_TIMEOUT_MS = 60_000;

export interface Where {
  step: PublishStep;
  /** The window file concerned, if any. */
  file?: string;
  /** What is being done, for messages: "uploading p/a.html", "creating the folder p/". */
  doing: string;
}

export interface SendOptions {
  fetch: FetchLike;
  timeoutMs?: number;
}

/** Sends a request; throws `timeout` or `network` when no answer comes. Never follows redirects. */
export async function send(url: string, init: RequestInit, where: Where, options: SendOptions): Promise<Response> {
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    // credentials 'omit': no cookies (a Nextcloud session cookie would also demand a CSRF token), and
    // the browser never shows its own sign-in prompt. redirect 'manual': a signed request or a
    // password is never sent on to another address.
    return await options.fetch(url, { ...init, signal: controller.signal, credentials: 'omit', redirect: 'manual', cache: 'no-store' });
  } catch (error) {
    if (timedOut) {
      const seconds = Math.round(timeoutMs / 1000);
      throw new PublishError('timeout', where.step, `The server did not answer within ${seconds} seconds while ${where.doing}.`, where.file, { seconds });
    }
    const detail = error instanceof Error ? error.message : String(error);
    throw new PublishError(
      'network',
      where.step,
      `The connection failed while ${where.doing} (offline, a TLS certificate problem, or the server closed the connection). Publishing again finishes the upload.`,
      where.file,
      { detail: detail.slice(0, 200) },
    );
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Reads a (small) answer to its end, so the connection is kept for the next request: cancelling the
 * body instead can close it, and a new TLS handshake per file costs more than the upload.
 */
export async function drain(response: Response): Promise<void> {
  await response.arrayBuffer().catch(() => undefined);
}

/** An S3 error document's `<Code>`, e.g. "NoSuchBucket"; null for other bodies. Reads at most 16 KB. */
export async function serverErrorCode(response: Response): Promise<string | null> {
  try {
    const text = (await response.text()).slice(0, 16_384);
    return /<Code>([A-Za-z0-9.]{1,64})<\/Code>/.exec(text)?.[1] ?? null;
  } catch {
    return null;
  }
}

const AUTH_CODES = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AccessDenied', 'InvalidToken', 'ExpiredToken', 'AllAccessDisabled', 'AccountProblem', 'InvalidSecurity']);
const NOT_FOUND_CODES = new Set(['NoSuchBucket']);
const SERVER_CODES = new Set(['SlowDown', 'ServiceUnavailable', 'InternalError', 'RequestTimeout']);

/** A non-2xx answer as a PublishError: what went wrong, in words the expert can act on. */
export function statusError(status: number, serverCode: string | null, where: Where, kind: 's3' | 'webdav'): PublishError {
  const params: Record<string, string | number> = { status, ...(serverCode && { serverCode }) };
  const fail = (code: PublishErrorCode, message: string) => new PublishError(code, where.step, message, where.file, params);
  const said = serverCode ? `${status} ${serverCode}` : String(status);
  if (serverCode === 'RequestTimeTooSkewed') {
    return fail('clock-skew', `The storage refused the request because this device's clock is off (${said}). Set the clock to the right time and publish again.`);
  }
  if (serverCode === 'EntityTooLarge' || status === 413) return fail('too-large', `The server refused ${where.file ?? 'a file'} as too large (${said}).`);
  if ((serverCode && NOT_FOUND_CODES.has(serverCode)) || status === 404 || status === 410) {
    return kind === 's3'
      ? fail('not-found', `The bucket does not exist at this endpoint (${said}). Check the bucket name, the endpoint and the addressing style.`)
      : fail('not-found', `The WebDAV folder does not exist (${said}). Create it first, or check the folder address.`);
  }
  // A WebDAV PUT or MKCOL answers 409 when a parent folder is missing.
  if (kind === 'webdav' && status === 409) return fail('not-found', `A folder is missing on the WebDAV server while ${where.doing} (${said}). Check the folder address.`);
  if (status === 401 || status === 403 || (serverCode && AUTH_CODES.has(serverCode))) {
    return kind === 's3'
      ? fail('auth', `The storage refused the keys (${said}). Check the access key id and secret, and that the key may write to this bucket.`)
      : fail('auth', `The WebDAV server refused the user name or password (${said}). Check them; many services need an app password here, not your sign-in password.`);
  }
  if (status >= 500 || status === 429 || (serverCode && SERVER_CODES.has(serverCode))) {
    return fail('server', `The server had a problem while ${where.doing} (${said}). Publish again later; what is uploaded stays.`);
  }
  if (serverCode === 'AuthorizationHeaderMalformed' || serverCode === 'PermanentRedirect' || serverCode === 'IllegalLocationConstraintException') {
    return fail('rejected', `The storage refused the request (${said}): the region or endpoint does not match the bucket.`);
  }
  if (status === 0 || (status >= 300 && status < 400)) {
    return fail(
      'rejected',
      `The server answered with a redirect while ${where.doing} (${said}). Check the ${kind === 's3' ? 'endpoint, region and addressing style' : 'folder address'}.`,
    );
  }
  return fail('rejected', `The server refused the request while ${where.doing} (${said}).`);
}
