import { browser } from 'wxt/browser';
import type { HaowuDb } from '../db/open';
import { HaowuError } from '../errors';
import { getIdentity } from '../expert/key-store';
import { resolveLanguage, type Language } from '../i18n/translate';
import { onOwnWindowChange } from '../messaging/page-effects';
import { getSettings } from '../settings';
import { alarmScheduler, createAutoPublisher, type AutoPublisher, type Scheduler } from './auto-publish';
import type { FetchLike } from './http';
import { PublishError, emptyProgress, publishDetail, type PublishOutcome } from './outcome';
import { sessionProgressWriter, type ProgressWriter } from './progress';
import { failedOutcome, publishWindowFiles, type PublishDeps, type WindowSource } from './publish';
import { getStoredTarget, lastPublishOf, readPublishState, recordPublish, type LastPublish, type PublishState } from './store';
import { requiredOrigins, uploadOrigin, type PublishTarget } from './target';
import type { UploadedFiles } from './upload-plan';
import type { WindowBuilder } from './window-files';
import { buildWindow } from './window-source';
import { toBase64, zipWindow } from './zip';

/*
 * Publishing as the background runs it: the saved target, the remembered (or given) secret, the
 * expert's identity and the window's files, put together for publish.ts; one publish at a time,
 * whoever asked (the Studio or auto-publish); and the last outcome recorded on the target.
 */

export interface PublishServices {
  fetch: FetchLike;
  hasOrigin: (pattern: string) => Promise<boolean>;
  buildWindow: WindowBuilder;
  /** The expert id of this device's identity, or null. */
  expertId: () => Promise<string | null>;
  /** The window's language when the Studio names none: Haowu's own. */
  language: () => Promise<Language>;
  concurrency?: number;
  timeoutMs?: number;
  verifyTimeoutMs?: number;
  /** Where the Studio's progress bar is told how far a publish is (storage.session by default). */
  progress?: (startedAt: number, now: () => number) => ProgressWriter;
}

/** The real network, permissions, builder and identity. `fetch` is read at each call (tests replace it). */
export const backgroundPublishServices = (): PublishServices => ({
  fetch: (url, init) => globalThis.fetch(url, init),
  hasOrigin: (pattern) => browser.permissions.contains({ origins: [pattern] }),
  buildWindow,
  expertId: async () => (await getIdentity())?.expertId ?? null,
  language: async () => resolveLanguage((await getSettings()).language, globalThis.navigator?.languages ?? []),
});

// One publish at a time in this background, so two never upload over each other.
let queue: Promise<unknown> = Promise.resolve();
function exclusive<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

export interface PublishTargetView {
  /** The saved target (never with a secret), or null when there is none or it is no longer valid. */
  target: PublishTarget | null;
  /** A target is saved but fails today's rules: save it again. */
  invalid: boolean;
  /** A secret for this target is remembered in this browser. */
  secretStored: boolean;
  /** The host permissions publishing needs (`https://host/*`); the Studio asks for them when saving. */
  origins: string[];
  /** Where the secret is sent (uploads), for the Studio to show. */
  uploadOrigin: string | null;
  lastPublish: LastPublish | null;
}

export async function publishTargetView(): Promise<PublishTargetView> {
  const stored = await afterRecording(getStoredTarget);
  if (stored.state === 'none') return { target: null, invalid: false, secretStored: false, origins: [], uploadOrigin: null, lastPublish: null };
  if (stored.state === 'invalid') return { target: null, invalid: true, secretStored: false, origins: [], uploadOrigin: null, lastPublish: stored.lastPublish };
  const { target } = stored;
  return {
    target,
    invalid: false,
    secretStored: stored.secretStored,
    origins: requiredOrigins(target),
    uploadOrigin: target.kind === 'zip' ? null : uploadOrigin(target),
    lastPublish: stored.lastPublish,
  };
}

export interface PublishRequest {
  language?: Language;
  /** The secret for this publish only, when it is not remembered (or to use another). Never stored here. */
  secret?: string;
  /** Started by auto-publish. */
  auto?: boolean;
  /** Upload every file, not only those that changed since the last live publish. */
  uploadAll?: boolean;
}

const failedAtCheck = (error: PublishError, started: number, now: number): PublishOutcome => failedOutcome(error, emptyProgress(), Math.max(0, now - started));

/** The window's language: the one asked for, else the last publish's (auto-publish keeps the expert's choice), else Haowu's own. */
async function windowLanguage(request: PublishRequest, last: LastPublish | null, services: PublishServices): Promise<Language> {
  return request.language ?? last?.language ?? (await services.language());
}

async function publishNow(
  db: HaowuDb,
  now: () => number,
  request: PublishRequest,
  { stored, secret: remembered, uploaded }: PublishState,
  /** The identity's expert id, being read since the publish began (beside its state). */
  identity: Promise<string | null>,
  language: Language,
  services: PublishServices,
  remember: (uploaded: UploadedFiles) => void,
  /** Given how to remove the Studio's progress note, which publishOwnWindow does once the outcome is answered. */
  progressEnds: (done: () => Promise<void>) => void,
): Promise<PublishOutcome> {
  const started = now();
  if (stored.state === 'none') {
    return failedAtCheck(new PublishError('no-target', 'check', 'Choose where to publish first (object storage or a WebDAV folder).'), started, now());
  }
  if (stored.state === 'invalid') {
    return failedAtCheck(new PublishError('invalid-config', 'check', 'The publishing settings are no longer valid. Open them, check each field and save them again.'), started, now());
  }
  const { target } = stored;
  if (target.kind === 'zip') {
    return failedAtCheck(
      new PublishError('no-target', 'check', 'Your window is set to be downloaded as a zip: download it and upload it to your host yourself.', undefined, { kind: 'zip' }),
      started,
      now(),
    );
  }
  const secret = request.secret ?? remembered;
  if (secret === null) {
    const what = target.kind === 's3' ? 'secret access key' : 'app password';
    return failedAtCheck(new PublishError('no-secret', 'check', `Enter the ${what} to publish (it is not remembered in this browser).`), started, now());
  }
  const expertId = await identity;
  if (expertId === null) return failedAtCheck(new PublishError('no-identity', 'check', 'You have no expert profile yet. Create one in the Studio first.'), started, now());

  // Built once the publisher knows which pages the destination still holds (publish.ts); the feed is
  // signed while the pages upload.
  const build: WindowSource = (unchangedSince) => services.buildWindow(db, now(), { language, publicBaseUrl: target.publicBaseUrl, unchangedSince, feedLater: true, expertId });
  const progress = (services.progress ?? sessionProgressWriter)(started, now);
  progressEnds(progress.done);
  const deps: PublishDeps = {
    onProgress: progress.update,
    fetch: services.fetch,
    now,
    hasOrigin: services.hasOrigin,
    concurrency: services.concurrency,
    timeoutMs: services.timeoutMs,
    verifyTimeoutMs: services.verifyTimeoutMs,
    remember: async (files) => remember(files),
  };
  return publishWindowFiles({ target, secret, expertId, files: build, previous: uploaded, uploadAll: request.uploadAll ?? false }, deps);
}

/*
 * The last publish's record (how it went, and what is now at the target), written after its answer:
 * the expert sees the window live as soon as it is, not a database write later. The next publish is
 * queued behind it (exclusive), and reading or saving the target waits for it (`afterRecording`).
 * Should the write fail, the memory is the one before, whose feed the storage no longer serves, so
 * the next publish uploads every file: nothing is wrong, only slower.
 */
let recording: Promise<void> = Promise.resolve();

/** `work` once the last publish is recorded: what reads or replaces the saved target sees it. */
export const afterRecording = <T>(work: () => Promise<T>): Promise<T> => recording.then(work);

/** Publishes the window to the saved target now (after any publish under way), and records how it went. */
export function publishOwnWindow(db: HaowuDb, now: () => number, request: PublishRequest, services: PublishServices = backgroundPublishServices()): Promise<PublishOutcome> {
  let answer: (outcome: PublishOutcome) => void = () => undefined;
  const answered = new Promise<PublishOutcome>((resolve) => (answer = resolve));
  const run = exclusive(async () => {
    const identity = services.expertId();
    identity.catch(() => undefined); // awaited by publishNow, unless it fails a check first
    const state = await readPublishState();
    const language = await windowLanguage(request, state.stored.state === 'none' ? null : state.stored.lastPublish, services);
    // What is now at the target, told by a live publish; recorded with how it went, in one write.
    let uploaded: UploadedFiles | null = null;
    // The Studio shows the progress note only while it waits for the outcome: it is removed after the answer
    // (with the record; a publish that wrote none has none to remove), not before it (issue 19).
    let progressDone = async (): Promise<void> => undefined;
    const outcome = await publishNow(db, now, request, state, identity, language, services, (files) => void (uploaded = files), (done) => void (progressDone = done)).catch(async (error: unknown) => {
      await progressDone();
      throw error;
    });
    const record = recordPublish(lastPublishOf(outcome, now(), request.auto ?? false, language), uploaded);
    recording = record.catch(() => undefined);
    answer(outcome);
    await Promise.all([record, progressDone()]);
  });
  run.catch((error: unknown) => console.warn('[haowu] the publish could not be recorded', error));
  // The outcome as soon as it is known; a bug before it (run rejects) is thrown to the caller.
  return Promise.race([answered, run.then(() => answered)]);
}

export interface WindowZipAnswer {
  filename: string;
  /** The zip's bytes, base64 (messages carry JSON). */
  base64: string;
  bytes: number;
  files: number;
}

/** The window as a zip to download, for the public address given, or the saved target's, or none. */
export async function buildOwnWindowZip(
  db: HaowuDb,
  now: number,
  request: { language?: Language; publicBaseUrl?: string },
  services: Pick<PublishServices, 'buildWindow' | 'language'> = backgroundPublishServices(),
): Promise<WindowZipAnswer> {
  const stored = await getStoredTarget();
  const savedBase = stored.state === 'ok' ? stored.target.publicBaseUrl : undefined;
  const { files } = await services.buildWindow(db, now, { language: request.language ?? (await services.language()), publicBaseUrl: request.publicBaseUrl ?? savedBase ?? null });
  try {
    const zip = zipWindow(files, now);
    return { filename: zip.filename, base64: toBase64(zip.bytes), bytes: zip.bytes.byteLength, files: files.length };
  } catch (error) {
    // As the publisher's code, step and parameters (`publish:<code>`), which the Studio says in its language.
    if (error instanceof PublishError) throw new HaowuError(error.code === 'too-large' ? 'too-large' : 'internal', error.message, publishDetail(error));
    throw error;
  }
}

/** Whether a change should publish on its own: a target to upload to, the option on, the secret remembered. */
async function autoPublishWanted(): Promise<boolean> {
  const stored = await getStoredTarget();
  return stored.state === 'ok' && stored.target.kind !== 'zip' && stored.target.autoPublish && stored.secretStored;
}

export interface AutoPublishWiring {
  db: () => Promise<HaowuDb>;
  now?: () => number;
  services?: PublishServices;
  /** Defaults to browser.alarms (survives the service worker stopping). */
  scheduler?: (fire: () => void) => Scheduler;
  delayMs?: number;
}

/**
 * Starts auto-publish in the background: every successful message that changes the expert's own
 * picks or profile (page-effects.ts, OWN_WINDOW_CHANGES) schedules a publish. Returns the publisher
 * and a function that stops listening.
 */
export function startAutoPublish({ db, now = Date.now, services, scheduler, delayMs }: AutoPublishWiring): { publisher: AutoPublisher; stop: () => void } {
  let stopScheduler: (() => void) | undefined;
  const makeScheduler =
    scheduler ??
    ((fire: () => void) => {
      const made = alarmScheduler()(fire);
      stopScheduler = made.stop;
      return made;
    });
  const publisher = createAutoPublisher({
    delayMs,
    scheduler: makeScheduler,
    publish: async () => {
      if (!(await autoPublishWanted())) return;
      const outcome = await publishOwnWindow(await db(), now, { auto: true }, services);
      if (outcome.status === 'failed') console.warn('[haowu] automatic publish failed:', outcome.code, outcome.message);
    },
    onError: (error) => console.warn('[haowu] automatic publish failed', error),
  });
  const unsubscribe = onOwnWindowChange(() => publisher.changed());
  return {
    publisher,
    stop: () => {
      unsubscribe();
      publisher.cancel();
      stopScheduler?.();
    },
  };
}
