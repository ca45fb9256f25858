import type { HaowuDb } from '../db/open';
import { formatBytes } from '../feed/crypto';
import { MAX_FEED_BYTES } from '../feed/limits';
import type { FeedEnvelope } from '../feed/schema';
import type { Language } from '../i18n/translate';
import { PublishError } from './outcome';

/*
 * The expert's window as files: what the static site builder (utils/window/) makes and what
 * publishing uploads or zips. The shape is the builder's; it is restated here so publishing does not
 * depend on how the pages are made.
 */

export interface WindowFile {
  /** Relative to the window's root, with "/" separators: "index.html", "p/jd-100.html", "feed.json". */
  path: string;
  contentType: string;
  cacheControl: string;
  body: string | Uint8Array;
  /**
   * feed.json only: the envelope its body encodes, as the builder signed it (utils/feed/crypto.ts
   * `verifiedHere` says whether it was verified here). Without it, the feed is verified as a follower would.
   */
  signed?: FeedEnvelope;
}

export interface WindowBuildOptions {
  language: Language;
  /** Where the window will be read (`https://host/path`, no trailing slash); null when unknown (a zip). */
  publicBaseUrl: string | null;
  /**
   * Path → hash of each page's inputs at the destination (upload-plan.ts `unchangedSince`): those
   * pages need not be built. Possibly still being found out (the public feed read back): the builder
   * reads and signs meanwhile.
   */
  unchangedSince?: Readonly<Record<string, string>> | null | Promise<Readonly<Record<string, string>> | null>;
  /** Give feed.json apart, as `feed` (publishing: the pages need not wait for its signing, nor it for theirs). */
  feedLater?: boolean;
  /** The expert publishing (publishing read the identity already): the builder reads their picks while it reads the identity. */
  expertId?: string;
}

/** What a builder gives: the files it built and, building only what changed, the pages it kept and every page's inputs. */
export interface BuiltWindowFiles {
  files: WindowFile[];
  /** Pages not built because their inputs are those in `unchangedSince`. */
  kept?: readonly string[];
  /** Path → SHA-256 of each page's inputs, remembered for the next publish. */
  inputs?: Readonly<Record<string, string>>;
  /** feed.json apart (asked for with `feedLater`), which the builder may still be signing; `files` then holds only pages. */
  feed?: () => Promise<WindowFile>;
}

export type WindowBuilder = (db: HaowuDb, now: number, options: WindowBuildOptions) => Promise<BuiltWindowFiles>;

export const FEED_PATH = 'feed.json';
/** The whole window, every file's bytes together. */
export const MAX_WINDOW_BYTES = 20 * 1024 * 1024;
/** feed.json: what followers accept (utils/feed/limits.ts). */
export const MAX_WINDOW_FEED_BYTES = MAX_FEED_BYTES;
export const MAX_WINDOW_FILES = 25_000;
const MAX_PATH_LENGTH = 512;

/** feed.json may be cached briefly; a new publish reaches followers within a minute. */
export const FEED_CACHE_CONTROL = 'public, max-age=60';
const MAX_FEED_MAX_AGE = 300;

export interface PreparedFile {
  path: string;
  contentType: string;
  cacheControl: string;
  bytes: Uint8Array;
}

/** A path segment a static host serves as it is: no "." or "..", no empty part, no "\", "?", "#", "%" or control character. */
function pathProblem(path: string): string | null {
  if (path === '' || path.length > MAX_PATH_LENGTH) return 'is empty or too long';
  if (path.startsWith('/')) return 'starts with "/"';
  // eslint-disable-next-line no-control-regex
  if (/[\\?#%\u0000-\u001f\u007f]/.test(path)) return 'contains \\, ?, #, % or a control character';
  if (path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) return 'contains an empty, "." or ".." part';
  return null;
}

/** feed.json's Cache-Control: the builder's when every max-age in it is short, else one minute. */
function feedCacheControl(given: string): string {
  if (/no-cache|no-store/.test(given)) return given;
  const ages = [...given.matchAll(/(?:max-age|s-maxage)=(\d+)/g)].map((match) => Number(match[1]));
  return ages.length > 0 && ages.every((age) => age <= MAX_FEED_MAX_AGE) ? given : FEED_CACHE_CONTROL;
}

const tooLarge = (what: string, limit: number, size: number, file?: string) =>
  new PublishError('too-large', 'check', `${what} is ${formatBytes(size)}, more than the ${formatBytes(limit)} Haowu publishes.`, file, {
    limit: formatBytes(limit),
    size: formatBytes(size),
  });

/** The window's pages (and other files but feed.json) checked and encoded once, their bytes counted with the kept pages'. */
export interface PreparedPages {
  files: PreparedFile[];
  bytes: number;
}

/**
 * Checks the builder's pages and encodes them once: safe, unique paths, not feed.json, the file count
 * (the feed included) and the window's size so far (20 MB in all). Throws a PublishError at step `check`.
 */
export function preparePages(
  files: readonly WindowFile[],
  /** Pages of the window not built this time (their count and bytes, from the last publish), counted against the caps too. */
  kept: { files: number; bytes: number } = { files: 0, bytes: 0 },
): PreparedPages {
  const count = files.length + kept.files + 1;
  if (count > MAX_WINDOW_FILES) {
    throw new PublishError('too-large', 'check', `The window has ${count} files, more than the ${MAX_WINDOW_FILES} Haowu publishes.`, undefined, { limit: MAX_WINDOW_FILES });
  }
  const encoder = new TextEncoder();
  const seen = new Set<string>([FEED_PATH]);
  const prepared: PreparedFile[] = [];
  let total = kept.bytes;
  for (const file of files) {
    const problem = pathProblem(file.path);
    if (problem) throw new PublishError('invalid-window', 'check', `A file of the window has a path that ${problem}: "${file.path.slice(0, 100)}".`, file.path.slice(0, 100));
    if (seen.has(file.path)) throw new PublishError('invalid-window', 'check', `The window lists "${file.path}" twice.`, file.path);
    seen.add(file.path);
    const bytes = typeof file.body === 'string' ? encoder.encode(file.body) : file.body;
    total += bytes.byteLength;
    prepared.push({ path: file.path, contentType: file.contentType || 'application/octet-stream', cacheControl: file.cacheControl || 'public, max-age=300', bytes });
  }
  if (total > MAX_WINDOW_BYTES) throw tooLarge('The window', MAX_WINDOW_BYTES, total);
  return { files: prepared, bytes: total };
}

/** Checks and encodes feed.json (5 MB at most, and the whole window, `pagesBytes` with it, 20 MB). Throws a PublishError at step `check`. */
export function prepareFeed(file: WindowFile, pagesBytes: number): PreparedFile {
  const bytes = typeof file.body === 'string' ? new TextEncoder().encode(file.body) : file.body;
  if (bytes.byteLength > MAX_WINDOW_FEED_BYTES) throw tooLarge('The feed', MAX_WINDOW_FEED_BYTES, bytes.byteLength, FEED_PATH);
  if (pagesBytes + bytes.byteLength > MAX_WINDOW_BYTES) throw tooLarge('The window', MAX_WINDOW_BYTES, pagesBytes + bytes.byteLength);
  return { path: FEED_PATH, contentType: file.contentType || 'application/octet-stream', cacheControl: feedCacheControl(file.cacheControl ?? ''), bytes };
}

/** The builder's files apart: feed.json and the rest. Throws a PublishError when there is no feed.json. */
export function splitFeed(files: readonly WindowFile[]): { pages: WindowFile[]; feed: WindowFile } {
  const feed = files.find((file) => file.path === FEED_PATH);
  if (!feed) throw new PublishError('invalid-window', 'check', 'The window has no feed.json, so followers would have nothing to read.', FEED_PATH);
  return { pages: files.filter((file) => file !== feed), feed };
}

/**
 * Checks the builder's files and encodes them once: safe, unique paths, a feed.json, the size caps
 * (20 MB in all, 5 MB for the feed). Throws a PublishError at step `check`.
 */
export function prepareWindowFiles(
  files: readonly WindowFile[],
  kept: { files: number; bytes: number } = { files: 0, bytes: 0 },
): { files: PreparedFile[]; feed: PreparedFile; bytes: number } {
  const { pages, feed } = splitFeed(files);
  const prepared = preparePages(pages, kept);
  const feedFile = prepareFeed(feed, prepared.bytes);
  return { files: [...prepared.files, feedFile], feed: feedFile, bytes: prepared.bytes + feedFile.bytes.byteLength };
}

const depth = (path: string) => path.split('/').length - 1;

/**
 * The order of the upload, so a publish cut off half-way leaves the live window working: the
 * deepest files first (product and store pages), then the pages linking to them, up to the root
 * (index.html), and feed.json last of all, on its own (see publish.ts). Each group is uploaded in
 * parallel; a group starts once the one before it is complete. When every page replaces one the
 * destination already holds (`alreadyThere`: an edit, not a new pick), no page can link to one that
 * is missing, so they all go up as one group.
 */
export function uploadPhases(files: readonly PreparedFile[], alreadyThere: (path: string) => boolean = () => false): PreparedFile[][] {
  const pages = files.filter((file) => file.path !== FEED_PATH);
  if (pages.length > 0 && pages.every((file) => alreadyThere(file.path))) return [pages];
  const byDepth = new Map<number, PreparedFile[]>();
  for (const file of files) {
    if (file.path === FEED_PATH) continue;
    const group = byDepth.get(depth(file.path)) ?? [];
    group.push(file);
    byDepth.set(depth(file.path), group);
  }
  return [...byDepth.entries()].sort(([a], [b]) => b - a).map(([, group]) => group);
}

/** Every folder the files need, parents before children: "p/", "store/", "store/jd/". */
export function folderPaths(files: readonly Pick<PreparedFile, 'path'>[]): string[] {
  const folders = new Set<string>();
  for (const file of files) {
    const parts = file.path.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) folders.add(`${parts.slice(0, i).join('/')}/`);
  }
  return [...folders].sort((a, b) => depth(a) - depth(b) || a.localeCompare(b));
}
