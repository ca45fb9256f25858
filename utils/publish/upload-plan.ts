import * as z from 'zod/mini';
import { sha256Hex } from '../window/sha256';
import { objectUrl, davUrl, type UploadTarget } from './target';
import { FEED_PATH, type PreparedFile } from './window-files';

/*
 * Publishing only what changed. The window builder is deterministic (the same picks and profile make
 * the same bytes; a pick's own page is dated by the pick, not by the publish), so after the first
 * publish an edit changes a handful of files: the pages listing the pick, its own page, feed.json.
 * Haowu remembers, per destination, the SHA-256 of every file it last put there, and uploads a file
 * again only when its bytes differ. A 1,000-pick window re-publishes in a few requests instead of
 * about 1,050, which is what makes publishing after every change bearable on real storage.
 *
 * The memory is trusted only while the storage still serves the feed.json Haowu last put there (its
 * bytes are read back and hashed before anything is skipped, or, when the public address gave it a
 * strong ETag, it answers 304 to that tag, which no other bytes can have): a bucket emptied or a folder replaced
 * by someone else makes the next publish upload everything, as does "Upload every file again".
 * Pages of picks that left the window (retracted, expired) are deleted after the new feed is live,
 * so a retracted pick's page does not stay reachable; a delete that fails is retried next time.
 *
 * Building only what changed: beside each page's hash Haowu remembers the hash of what the page was
 * made from (its inputs: utils/window/expert-window.ts). While the memory is trusted, a page whose
 * inputs are unchanged is not even built (`kept`): its bytes are those already at the destination.
 * A first publish, another destination, "Upload every file again", another window language or
 * address, or a new Haowu whose pages look different builds every page.
 */

const Sha256Hex = z.string().check(z.regex(/^[0-9a-f]{64}$/));

export const UploadedFiles = z.strictObject({
  /** Where the files are (`destinationOf`): another bucket, prefix or folder starts from nothing. */
  destination: z.string().check(z.maxLength(2048)),
  /** Path in the window → SHA-256 (hex) of the bytes last uploaded there. */
  files: z.record(z.string().check(z.maxLength(512)), Sha256Hex),
  /** Paths no longer in the window whose delete failed: deleted at the next publish. */
  leftover: z.array(z.string().check(z.maxLength(512))).check(z.maxLength(25_000)),
  /** Page path → SHA-256 (hex) of its inputs and its size, as last uploaded; absent before incremental builds. */
  built: z.optional(z.record(z.string().check(z.maxLength(512)), z.strictObject({ inputs: Sha256Hex, bytes: z.number().check(z.int(), z.nonnegative()) }))),
  /** The strong ETag the public address served feed.json with, read back right after the upload (verify-live.ts); absent when it gave none. */
  feedEtag: z.optional(z.string().check(z.maxLength(1024))),
});
export type UploadedFiles = z.infer<typeof UploadedFiles>;

/** The destination's identity: the address of the window's root where files are written (not where they are read). */
export const destinationOf = (target: UploadTarget): string => (target.kind === 's3' ? objectUrl(target, '') : davUrl(target, ''));

export { sha256Hex };

export interface HashedFile extends PreparedFile {
  sha256: string;
}

export async function hashFiles(files: readonly PreparedFile[]): Promise<HashedFile[]> {
  return Promise.all(files.map(async (file) => ({ ...file, sha256: await sha256Hex(file.bytes) })));
}

/** A page the builder did not build (its inputs unchanged): what the trusted memory says is at the destination. */
export interface KeptFile {
  path: string;
  sha256: string;
  inputs: string;
  bytes: number;
}

/**
 * What the builder may skip: path → inputs hash of each page the last publish put at this
 * destination, when the storage still serves that publish (`stillLive`); null when every page must
 * be built.
 */
export function unchangedSince(previous: UploadedFiles | null, destination: string, stillLive: boolean): Record<string, string> | null {
  if (!previous?.built || previous.destination !== destination || !stillLive) return null;
  return Object.fromEntries(Object.entries(previous.built).flatMap(([path, page]) => (previous.files[path] === undefined ? [] : [[path, page.inputs]])));
}

/** The pages the builder kept, with what the memory says of each; throws on a path it does not know (a bug). */
export function keptFiles(paths: readonly string[], previous: UploadedFiles | null): KeptFile[] {
  return paths.map((path) => {
    const sha256 = previous?.files[path];
    const page = previous?.built?.[path];
    if (sha256 === undefined || page === undefined) throw new Error(`The window builder kept ${path}, which the last publish did not put there`);
    return { path, sha256, ...page };
  });
}

export interface UploadPlan {
  /** Pages and assets to upload (feed.json is always uploaded, last, apart from these). */
  upload: HashedFile[];
  /** Files whose bytes are already at the destination. */
  unchanged: number;
  /** Paths to delete once the new feed is live. */
  remove: string[];
}

/**
 * What to upload and delete. `previous` is what Haowu last put at this destination, and
 * `previousStillLive` whether the storage still serves that publish's feed.json; without both, every
 * file is uploaded (and nothing Haowu did not put there is ever deleted).
 */
export function planUpload(
  files: readonly HashedFile[],
  destination: string,
  previous: UploadedFiles | null,
  previousStillLive: boolean,
  kept: readonly KeptFile[] = [],
): UploadPlan {
  const pages = files.filter((file) => file.path !== FEED_PATH);
  const known = previous !== null && previous.destination === destination ? previous : null;
  const trusted = known !== null && previousStillLive ? known : null;
  if (kept.length > 0 && !trusted) throw new Error('Pages were kept unbuilt without a trusted record of the destination');
  const upload = trusted ? pages.filter((file) => trusted.files[file.path] !== file.sha256) : pages;
  // feed.json is always part of the window (uploaded apart from these).
  const paths = new Set([FEED_PATH, ...files.map((file) => file.path), ...kept.map((file) => file.path)]);
  const remove = known ? [...new Set([...Object.keys(known.files), ...known.leftover])].filter((path) => !paths.has(path)).sort() : [];
  return { upload, unchanged: pages.length - upload.length + kept.length, remove };
}

/**
 * What to remember after a live publish: every file now at the destination (built or kept), the
 * deletes still to do, and each page's inputs when the builder gave them (`inputs`: path → hash).
 */
export function uploadedAfter(
  files: readonly HashedFile[],
  destination: string,
  notRemoved: readonly string[],
  kept: readonly KeptFile[] = [],
  inputs: Readonly<Record<string, string>> | null = null,
  feedEtag: string | null = null,
): UploadedFiles {
  const built: NonNullable<UploadedFiles['built']> = {};
  if (inputs) {
    for (const file of files) if (inputs[file.path] !== undefined) built[file.path] = { inputs: inputs[file.path]!, bytes: file.bytes.byteLength };
    for (const file of kept) built[file.path] = { inputs: file.inputs, bytes: file.bytes };
  }
  return {
    destination,
    files: Object.fromEntries([...files, ...kept].map((file) => [file.path, file.sha256])),
    leftover: [...notRemoved],
    ...(inputs && { built }),
    ...(feedEtag !== null && { feedEtag }),
  };
}
