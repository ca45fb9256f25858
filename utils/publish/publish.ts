import { openFeed } from '../feed/verify';
import type { FetchLike } from './http';
import { PublishError, emptyProgress, type PublishOutcome, type PublishProgress } from './outcome';
import { s3Uploader } from './s3';
import { publicFeedUrl, publicWindowUrl, requiredOrigins, type UploadTarget } from './target';
import { runPool, type Uploader } from './uploader';
import { verifyLive } from './verify-live';
import { webDavUploader } from './webdav';
import { prepareWindowFiles, uploadPhases, type PreparedFile, type WindowFile } from './window-files';

/*
 * Publishing the window to the expert's own storage, in an order that makes a publish cut off at
 * any point harmless: pages first (deepest first, index.html last), feed.json after every other file
 * and in one atomic step, then the public address read back and verified. Until the new feed.json is
 * in place, followers keep reading the old one, whose pages are all still there; publishing again
 * uploads everything again (each PUT replaces its file), so a retry completes what a failure left.
 */

/** Uploads at a time: what a browser opens to one HTTP/1.1 host (6), enough to hide latency, few enough for small servers. */
export const UPLOAD_CONCURRENCY = 6;

export interface PublishDeps {
  fetch: FetchLike;
  now: () => number;
  /** Whether Haowu holds a host permission (`https://host/*`): browser.permissions.contains. */
  hasOrigin: (pattern: string) => Promise<boolean>;
  concurrency?: number;
  /** Per request (uploads), and for reading back the public feed. */
  timeoutMs?: number;
  verifyTimeoutMs?: number;
  /** Told after each file (the Studio may show a bar; tests count). */
  onProgress?: (progress: Readonly<PublishProgress>) => void;
}

export interface PublishInput {
  target: UploadTarget;
  secret: string;
  /** The expert publishing: the feed must be theirs, here and at the public address. */
  expertId: string;
  files: readonly WindowFile[];
}

function uploaderFor(target: UploadTarget, secret: string, deps: PublishDeps): Uploader {
  const options = { fetch: deps.fetch, timeoutMs: deps.timeoutMs, now: deps.now };
  return target.kind === 's3' ? s3Uploader(target, secret, options) : webDavUploader(target, secret, options);
}

/** Publishes the files to the target and checks they are live. Answers the outcome; throws only on a bug. */
export async function publishWindowFiles(input: PublishInput, deps: PublishDeps): Promise<PublishOutcome> {
  const started = deps.now();
  const progress = emptyProgress();
  progress.total = input.files.length;
  const elapsed = () => Math.max(0, deps.now() - started);
  try {
    const { files, feed, bytes } = prepareWindowFiles(input.files);
    progress.bytes = bytes;
    const opened = await openFeed(feed.bytes, { expectedExpertId: input.expertId });
    if (!opened.ok) throw new PublishError('invalid-window', 'check', `The window's feed.json would not verify: ${opened.reason}`, feed.path, { reason: opened.code });

    for (const pattern of requiredOrigins(input.target)) {
      if (!(await deps.hasOrigin(pattern))) {
        throw new PublishError(
          'permission',
          'permission',
          `Haowu may not connect to ${pattern.slice(0, -2)} (the permission was not given or was removed). Save the publishing settings again and allow access.`,
          undefined,
          { origin: pattern },
        );
      }
    }

    const uploader = uploaderFor(input.target, input.secret, deps);
    await uploader.prepare(files);
    const upload = async (file: PreparedFile, put: (file: PreparedFile) => Promise<void>) => {
      try {
        await put(file);
      } catch (error) {
        progress.failed.push(file.path);
        throw error;
      }
      progress.uploaded++;
      progress.uploadedBytes += file.bytes.byteLength;
      deps.onProgress?.(progress);
    };
    for (const phase of uploadPhases(files)) {
      await runPool(phase, deps.concurrency ?? UPLOAD_CONCURRENCY, (file) => upload(file, uploader.put));
    }
    await upload(feed, uploader.putFeed);

    await verifyLive({ publicBaseUrl: input.target.publicBaseUrl, expertId: input.expertId, publishedAt: opened.publishedAt }, { fetch: deps.fetch, now: deps.now, timeoutMs: deps.verifyTimeoutMs });
    return {
      status: 'live',
      // The front page, or the feed itself for a window without one.
      liveUrl: files.some((file) => file.path === 'index.html') ? publicWindowUrl(input.target.publicBaseUrl) : publicFeedUrl(input.target.publicBaseUrl),
      feedUrl: publicFeedUrl(input.target.publicBaseUrl),
      expertId: input.expertId,
      publishedAt: opened.publishedAt,
      progress,
      elapsedMs: elapsed(),
    };
  } catch (error) {
    if (!(error instanceof PublishError)) throw error;
    progress.notSent = Math.max(0, progress.total - progress.uploaded - progress.failed.length);
    return failedOutcome(error, progress, elapsed());
  }
}

export function failedOutcome(error: PublishError, progress: PublishProgress, elapsedMs: number): PublishOutcome {
  return {
    status: 'failed',
    code: error.code,
    step: error.step,
    message: error.message,
    ...(error.file !== undefined && { file: error.file }),
    ...(error.params !== undefined && { params: error.params }),
    progress,
    elapsedMs,
  };
}
