import type { PreparedFile } from './window-files';

/**
 * What the storage answered when it took feed.json: the strong ETag it gave those bytes (null when it
 * gave none, a weak one, or one that may not be the public file's). The read-back asks for the public
 * feed by it (verify-live.ts): a `304` means the very bytes uploaded.
 */
export interface StoredFeed {
  etag: string | null;
}

/** One kind of storage, as publish.ts drives it. Every method throws a PublishError on failure. */
export interface Uploader {
  /** Before any file: the destination exists, the credentials work, the folders the files need exist. */
  prepare(files: readonly PreparedFile[]): Promise<void>;
  /** One page or asset. Idempotent: uploading the same file again replaces it. */
  put(file: PreparedFile): Promise<void>;
  /** feed.json, replacing the live one in one step, so a follower reads the old feed or the new one, never part of one. */
  putFeed(file: PreparedFile): Promise<StoredFeed>;
  /** Deletes a file of an earlier publish; a file already gone counts as deleted. */
  remove(path: string): Promise<void>;
}

/**
 * Runs `work` on the items, at most `limit` at a time, in order of starting. After the first
 * failure no new item starts; the ones under way finish, then the first failure is thrown.
 */
export async function runPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (failure === null && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
}
