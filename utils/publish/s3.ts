import { AwsV4Signer } from 'aws4fetch';
import { drain, send, serverErrorCode, statusError, type SendOptions, type Where } from './http';
import type { PublishStep } from './outcome';
import { objectUrl, type S3Target } from './target';
import type { StoredFeed, Uploader } from './uploader';
import { strongEtag } from './verify-live';
import { sha256Hex } from './upload-plan';
import type { PreparedFile } from './window-files';

/*
 * S3-compatible object storage: one signed PUT per object (Signature V4, aws4fetch), with its
 * Content-Type and Cache-Control. A PUT replaces an object whole, so feed.json needs nothing more
 * than being uploaded last. The payload's SHA-256 is signed (not UNSIGNED-PAYLOAD), which every
 * S3-compatible service accepts and which lets the storage refuse a body damaged on the way.
 */

/** SHA-256 of an empty body, for a DELETE's x-amz-content-sha256. */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** aws4fetch's date format: 20250601T000000Z. */
const amzDate = (now: number) => new Date(now).toISOString().replace(/[:-]|\.\d{3}/g, '');

export interface S3Options extends SendOptions {
  now: () => number;
}

export function s3Uploader(target: S3Target, secretAccessKey: string, options: S3Options): Uploader {
  // The derived signing key, computed once per day and region instead of once per object.
  const cache = new Map<string, ArrayBuffer>();

  async function signedRequest(method: 'PUT' | 'DELETE', path: string, headers: Record<string, string>, body: Uint8Array<ArrayBuffer> | undefined, where: Where): Promise<Response> {
    const signer = new AwsV4Signer({
      method,
      url: objectUrl(target, path),
      headers,
      body,
      accessKeyId: target.accessKeyId,
      secretAccessKey,
      service: 's3',
      region: target.region,
      datetime: amzDate(options.now()),
      cache,
    });
    const signed = await signer.sign();
    return send(signed.url.toString(), { method, headers: signed.headers, body }, where, options);
  }

  /** Answers the object's strong ETag, as S3 gives it for the bytes stored (and serves it with them). */
  async function putObject(file: PreparedFile & { sha256?: string }, step: PublishStep): Promise<StoredFeed> {
    const where: Where = { step, file: file.path, doing: `uploading ${file.path}` };
    const body = file.bytes as Uint8Array<ArrayBuffer>;
    const headers = {
      'content-type': file.contentType,
      'cache-control': file.cacheControl,
      // Hashed once for the upload plan; the same hash signs the body.
      'x-amz-content-sha256': file.sha256 ?? (await sha256Hex(body)),
    };
    const response = await signedRequest('PUT', file.path, headers, body, where);
    if (!response.ok) throw statusError(response.status, await serverErrorCode(response), where, 's3');
    await drain(response);
    return { etag: strongEtag(response.headers.get('etag')) };
  }

  async function deleteObject(path: string): Promise<void> {
    const where: Where = { step: 'cleanup', file: path, doing: `deleting ${path}` };
    const response = await signedRequest('DELETE', path, { 'x-amz-content-sha256': EMPTY_SHA256 }, undefined, where);
    // S3 answers 204 whether or not the object existed; some compatible services answer 404.
    if (!response.ok && response.status !== 404) throw statusError(response.status, await serverErrorCode(response), where, 's3');
    await drain(response);
  }

  return {
    // Nothing to check first: a key may be allowed to write objects without being allowed to read the
    // bucket (HeadBucket), and a refused first PUT says the same (auth, NoSuchBucket) before the feed.
    prepare: async () => undefined,
    put: async (file) => void (await putObject(file, 'upload')),
    putFeed: (file) => putObject(file, 'feed'),
    remove: deleteObject,
  };
}
