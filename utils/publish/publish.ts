import { HaowuError } from '../errors';
import { fetchFeed } from '../feed/fetch-feed';
import { MAX_FEED_BYTES } from '../feed/limits';
import { checkFeedToUpload } from './feed-check';
import type { FetchLike } from './http';
import { PublishError, emptyProgress, type PublishOutcome, type PublishProgress } from './outcome';
import { s3Uploader } from './s3';
import { publicFeedUrl, publicWindowUrl, requiredOrigins, type UploadTarget } from './target';
import { destinationOf, hashFiles, keptFiles, planUpload, sha256Hex, unchangedSince, uploadedAfter, type UploadedFiles } from './upload-plan';
import { runPool, type Uploader } from './uploader';
import { VERIFY_TIMEOUT_MS, verifyLive } from './verify-live';
import { webDavUploader } from './webdav';
import { FEED_PATH, prepareFeed, preparePages, splitFeed, uploadPhases, type BuiltWindowFiles, type PreparedFile, type WindowFile } from './window-files';

/*
 * Publishing the window to the expert's own storage, in an order that makes a publish cut off at
 * any point harmless: pages first (deepest first, index.html last), feed.json after every other file
 * and in one atomic step, then the public address read back and verified, and only then the pages
 * of picks that left the window deleted. Until the new feed.json is in place, followers keep reading
 * the old one, whose pages are all still there. Files whose bytes are already at the destination are
 * skipped (upload-plan.ts), and pages made from the same inputs as then are not even built; a failed
 * publish records nothing, so a retry builds and uploads every file that differs from the last live
 * publish and completes what the failure left.
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
  /** Told, after a live publish, what is now at the destination: the next publish's `previous`. */
  remember?: (uploaded: UploadedFiles) => Promise<void>;
}

export interface PublishInput {
  target: UploadTarget;
  secret: string;
  /** The expert publishing: the feed must be theirs, here and at the public address. */
  expertId: string;
  /**
   * The window's files, or its builder, told which pages the destination holds from inputs that are
   * still the same (null: build every page), so it builds only the others. It is told as soon as the
   * public feed was read back, and may read and sign meanwhile.
   */
  files: readonly WindowFile[] | WindowSource;
  /** What the last live publish put at this target (upload-plan.ts); null or absent: upload every file. */
  previous?: UploadedFiles | null;
  /** Upload every file even if the destination holds it already ("Upload every file again"). */
  uploadAll?: boolean;
}

export type WindowSource = (unchangedSince: Promise<Readonly<Record<string, string>> | null>) => Promise<BuiltWindowFiles>;

/** The builder's work, its refusal (HaowuError: an invalid profile, a feed too large) said as a publish failure at step `build`. */
async function building<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof HaowuError)) throw error;
    throw new PublishError('invalid-window', 'build', `Your window could not be built: ${error.message}`);
  }
}

function uploaderFor(target: UploadTarget, secret: string, deps: PublishDeps): Uploader {
  const options = { fetch: deps.fetch, timeoutMs: deps.timeoutMs, now: deps.now };
  return target.kind === 's3' ? s3Uploader(target, secret, options) : webDavUploader(target, secret, options);
}

/** Publishes the files to the target and checks they are live. Answers the outcome; throws only on a bug. */
export async function publishWindowFiles(input: PublishInput, deps: PublishDeps): Promise<PublishOutcome> {
  const started = deps.now();
  const progress = emptyProgress();
  const elapsed = () => Math.max(0, deps.now() - started);
  try {
    // The permissions are asked while the builder starts reading and signing: it is told which pages
    // the destination holds only once they are given (and nothing, so it stops, should one be missing).
    const allowed = (async () => {
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
    })();
    const destination = destinationOf(input.target);
    const previous = input.previous?.destination === destination ? input.previous : null;
    const previousFeed = previous?.files[FEED_PATH];
    // Whether the storage still serves the last publish, read (once the permissions are known) while the window is being built.
    const checking = allowed.then(() =>
      !input.uploadAll && previous && previousFeed !== undefined
        ? // It answers false when it cannot read; should it throw, trusting nothing is safe.
          stillServed(input.target.publicBaseUrl, previous, deps).catch(() => false)
        : false,
    );
    const source = input.files;
    const told = checking.then((live) => unchangedSince(previous, destination, live));
    const builtLater: Promise<BuiltWindowFiles> = typeof source === 'function' ? building(() => source(told)) : Promise.resolve({ files: [...source] });
    // A refused permission fails the publish just below; the builder, never told, fails unheard.
    told.catch(() => undefined);
    builtLater.catch(() => undefined);
    await allowed;
    const built = await builtLater;
    const stillLive = await checking;
    const kept = keptFiles(built.kept ?? [], previous);
    // feed.json apart: the builder may still be signing it (`feed`).
    const given = built.feed ? { pages: built.files, feed: null } : splitFeed(built.files);
    progress.total = given.pages.length + 1 + kept.length;
    const pages = preparePages(given.pages, { files: kept.length, bytes: kept.reduce((sum, file) => sum + file.bytes, 0) });
    progress.bytes = pages.bytes;

    const uploader = uploaderFor(input.target, input.secret, deps);
    const upload = async <T>(file: PreparedFile, put: (file: PreparedFile) => Promise<T>): Promise<T> => {
      let answer: T;
      try {
        answer = await put(file);
      } catch (error) {
        progress.failed.push(file.path);
        throw error;
      }
      progress.uploaded++;
      progress.uploadedBytes += file.bytes.byteLength;
      deps.onProgress?.(progress);
      return answer;
    };
    // A page counts as there only while the memory of the destination is trusted (the served feed is the last publish's).
    const alreadyThere = (path: string) => stillLive && previous?.files[path] !== undefined;
    // feed.json checked as followers will check it: its signature over these very bytes, by this expert (feed-check.ts).
    const checkFeed = async (file: WindowFile) => {
      const feed = prepareFeed(file, pages.bytes);
      const { publishedAt } = await checkFeedToUpload(feed, file.signed, input.expertId);
      const [hashed] = await hashFiles([feed]);
      return { feed: hashed!, publishedAt };
    };
    // A feed already made is checked before anything is sent.
    const givenFeed = given.feed && (await checkFeed(given.feed));
    // After an edit every page replaces one already there (one phase, see uploadPhases): then the old
    // feed and the new one each find every page they link to, and the feed goes up beside the pages
    // as soon as it is signed. Otherwise it goes up after every page. Told by the built pages' paths,
    // before they are hashed: a page whose bytes are already there is not uploaded, and one whose path
    // is not there always is, so every built page is already there exactly when every uploaded one is.
    const feedBesidePages = previousFeed !== undefined && stillLive && pages.files.every((file) => alreadyThere(file.path));
    // One the builder left for later is signed and checked meanwhile (beside the pages: before they are
    // hashed). Should it fail, the pages sent stand as a publish cut off does: the live feed.json, and
    // every page it links to, are the last publish's.
    const readyFeed = givenFeed ? Promise.resolve(givenFeed) : (async () => checkFeed(await building(built.feed!)))();
    const planned = (async () => {
      const hashedPages = await hashFiles(pages.files);
      const plan = planUpload(hashedPages, destination, previous, stillLive, kept);
      progress.unchanged = plan.unchanged;
      return { hashedPages, plan };
    })();
    const concurrency = deps.concurrency ?? UPLOAD_CONCURRENCY;
    // Beside the feed, the pages leave it a connection of its own (a browser opens 6 to one host and
    // queues the 7th request): the feed, the largest file, never waits for a page to finish (issue 19).
    const pageConcurrency = feedBesidePages ? Math.max(1, concurrency - 1) : concurrency;
    const uploadingPages = (async () => {
      const { plan } = await planned;
      // Beside the feed, the pages wait for it to be ready, so its request is the first one sent: the
      // publish ends when the feed is up and read back, and the few pages, smaller, finish before it.
      if (feedBesidePages) await readyFeed.catch(() => undefined);
      await uploader.prepare(plan.upload);
      for (const phase of uploadPhases(plan.upload, alreadyThere)) await runPool(phase, pageConcurrency, (file) => upload(file, uploader.put));
    })();
    const feedUp = (async () => {
      const { feed, publishedAt } = await readyFeed;
      // A page that failed keeps the feed back: the live one stays the last publish's, as does the memory of it.
      if (!feedBesidePages || progress.failed.length > 0) await uploadingPages;
      const stored = await upload(feed, uploader.putFeed);
      return { feed, publishedAt, stored };
    })();
    // The public feed is read back as soon as it is up, while pages beside it may still be going up.
    const readBack = feedUp.then(({ feed, publishedAt, stored }) =>
      verifyLive(
        { publicBaseUrl: input.target.publicBaseUrl, expertId: input.expertId, publishedAt, uploaded: feed.bytes, uploadedEtag: stored.etag },
        { fetch: deps.fetch, now: deps.now, timeoutMs: deps.verifyTimeoutMs },
      ),
    );
    // All settled before going on (or failing): no request of this publish may still run after it. A
    // failed upload is said before the read-back's answer (the feed may be live, the publish is not whole).
    const [pagesDone, feedDone, readDone] = await Promise.allSettled([uploadingPages, feedUp, readBack]);
    if (pagesDone.status === 'rejected') throw pagesDone.reason;
    if (feedDone.status === 'rejected') throw feedDone.reason;
    if (readDone.status === 'rejected') throw readDone.reason;
    const { feed, publishedAt } = feedDone.value;
    progress.bytes += feed.bytes.byteLength;
    const { hashedPages, plan } = await planned;
    const hashed = [...hashedPages, feed];
    const served = readDone.value;

    // Live: what followers read no longer links to the pages that left the window.
    const notRemoved: string[] = [];
    await runPool(plan.remove, deps.concurrency ?? UPLOAD_CONCURRENCY, async (path) => {
      try {
        await uploader.remove(path);
        progress.removed++;
      } catch (error) {
        if (!(error instanceof PublishError)) throw error;
        notRemoved.push(path);
      }
    });
    progress.notRemoved = notRemoved.length;
    await deps.remember?.(uploadedAfter(hashed, destination, notRemoved, kept, built.inputs ?? null, served.etag));
    return {
      status: 'live',
      // The front page, or the feed itself for a window without one.
      liveUrl: hashed.some((file) => file.path === 'index.html') || kept.some((file) => file.path === 'index.html') ? publicWindowUrl(input.target.publicBaseUrl) : publicFeedUrl(input.target.publicBaseUrl),
      feedUrl: publicFeedUrl(input.target.publicBaseUrl),
      expertId: input.expertId,
      publishedAt,
      progress,
      elapsedMs: elapsed(),
    };
  } catch (error) {
    if (!(error instanceof PublishError)) throw error;
    progress.notSent = Math.max(0, progress.total - progress.unchanged - progress.uploaded - progress.failed.length);
    return failedOutcome(error, progress, elapsed());
  }
}

/**
 * Whether the public address still serves the feed.json of the last publish, read past every cache
 * as verify-live.ts reads it: skipping files is safe only if the storage still holds that publish.
 * Asked by the strong ETag it was served with then, when there was one (a 304: those very bytes, none
 * sent); otherwise, or when the server sends the file anyway, by the SHA-256 of what it serves.
 */
async function stillServed(publicBaseUrl: string, previous: UploadedFiles, deps: PublishDeps): Promise<boolean> {
  const url = `${publicFeedUrl(publicBaseUrl)}?haowu-check=${deps.now().toString(36)}`;
  const etag = previous.feedEtag ?? null;
  const fetched = await fetchFeed(url, { fetch: deps.fetch, maxBytes: MAX_FEED_BYTES, what: 'feed', timeoutMs: deps.verifyTimeoutMs ?? VERIFY_TIMEOUT_MS, etag });
  // A 304 answers the tag sent; without one sent it is a cache answering for something it should not.
  if (fetched.kind === 'not-modified') return etag !== null;
  return fetched.kind === 'ok' && (await sha256Hex(fetched.bytes)) === previous.files[FEED_PATH];
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
