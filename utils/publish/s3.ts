import { AwsV4Signer } from 'aws4fetch';
import { drain, send, serverErrorCode, statusError, type SendOptions, type Where } from './http';
import type { PublishStep } from './outcome';
import { objectUrl, type S3Target } from './target';
import type { Uploader } from './uploader';
import type { PreparedFile } from './window-files';

/*
 * S3-compatible object storage: one signed PUT per object (Signature V4, aws4fetch), with its
 * Content-Type and Cache-Control. A PUT replaces an object whole, so feed.json needs nothing more
 * than being uploaded last. The payload's SHA-256 is signed (not UNSIGNED-PAYLOAD), which every
 * S3-compatible service accepts and which lets the storage refuse a body damaged on the way.
 */

const toHex = (buffer: ArrayBuffer) => Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('');

/** aws4fetch's date format: 20250601T000000Z. */
const amzDate = (now: number) => new Date(now).toISOString().replace(/[:-]|\.\d{3}/g, '');

export interface S3Options extends SendOptions {
  now: () => number;
}

export function s3Uploader(target: S3Target, secretAccessKey: string, options: S3Options): Uploader {
  // The derived signing key, computed once per day and region instead of once per object.
  const cache = new Map<string, ArrayBuffer>();

  async function putObject(file: PreparedFile, step: PublishStep): Promise<void> {
    const where: Where = { step, file: file.path, doing: `uploading ${file.path}` };
    const body = file.bytes as Uint8Array<ArrayBuffer>;
    const signer = new AwsV4Signer({
      method: 'PUT',
      url: objectUrl(target, file.path),
      headers: {
        'content-type': file.contentType,
        'cache-control': file.cacheControl,
        'x-amz-content-sha256': toHex(await crypto.subtle.digest('SHA-256', body)),
      },
      body,
      accessKeyId: target.accessKeyId,
      secretAccessKey,
      service: 's3',
      region: target.region,
      datetime: amzDate(options.now()),
      cache,
    });
    const signed = await signer.sign();
    const response = await send(signed.url.toString(), { method: 'PUT', headers: signed.headers, body }, where, options);
    if (!response.ok) throw statusError(response.status, await serverErrorCode(response), where, 's3');
    await drain(response);
  }

  return {
    // Nothing to check first: a key may be allowed to write objects without being allowed to read the
    // bucket (HeadBucket), and a refused first PUT says the same (auth, NoSuchBucket) before the feed.
    prepare: async () => undefined,
    put: (file) => putObject(file, 'upload'),
    putFeed: (file) => putObject(file, 'feed'),
  };
}
