import { drain, send, serverErrorCode, statusError, type SendOptions, type Where } from './http';
import { davUrl, type WebDavTarget } from './target';
import { runPool, type Uploader } from './uploader';
import { FEED_PATH, folderPaths, type PreparedFile } from './window-files';

/*
 * A WebDAV folder (Nextcloud, 坚果云 Jianguoyun, Synology): Basic auth over https. The folder must
 * exist (PROPFIND tells whether it does and whether the password works); the subfolders the window
 * needs are made with MKCOL. feed.json is uploaded under a temporary name and MOVEd over the live
 * one, which common servers do as one rename: a follower never reads a half-written feed.
 */

/** Where the next feed waits before it is moved over feed.json. Fixed, so an interrupted publish leaves one file, replaced by the next. */
export const FEED_UPLOAD_PATH = 'feed.json.next';

const PROPFIND_BODY = '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/></d:prop></d:propfind>';

/** `Basic base64(user:password)`, from UTF-8 (RFC 7617), so a Chinese password works. */
export function basicAuth(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

const XML_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };

/**
 * The subfolders a PROPFIND (Depth: 1) of `folderUrl` lists, as "name/". Read with regular
 * expressions: a service worker has no DOMParser. Anything unreadable is simply not listed (the
 * folder is then made again, which a server answers with 405).
 */
export function listedSubfolders(xml: string, folderUrl: string): Set<string> {
  const folders = new Set<string>();
  const base = new URL(folderUrl);
  for (const [block] of xml.matchAll(/<(?:[\w.-]+:)?response[\s>][\s\S]*?<\/(?:[\w.-]+:)?response>/g)) {
    if (!/<(?:[\w.-]+:)?collection\s*\/?>/.test(block)) continue;
    const href = /<(?:[\w.-]+:)?href>([^<]*)<\//.exec(block)?.[1];
    if (!href) continue;
    try {
      const path = decodeURIComponent(new URL(href.replace(/&(amp|lt|gt|quot|apos);/g, (e) => XML_ENTITIES[e] ?? e), base).pathname);
      const parent = decodeURIComponent(base.pathname);
      if (!path.startsWith(parent)) continue;
      const rest = path.slice(parent.length).replace(/\/+$/, '');
      if (rest && !rest.includes('/')) folders.add(`${rest}/`);
    } catch {
      // An href that is not a URL: skip it.
    }
  }
  return folders;
}

export function webDavUploader(target: WebDavTarget, password: string, options: SendOptions): Uploader {
  const authorization = basicAuth(target.username, password);

  async function request(method: string, relative: string, where: Where, init: RequestInit = {}, accept: (status: number) => boolean = (s) => s >= 200 && s < 300) {
    const url = relative === '' ? target.folderUrl : davUrl(target, relative);
    const response = await send(url, { ...init, method, headers: { authorization, ...(init.headers as Record<string, string> | undefined) } }, where, options);
    if (!accept(response.status)) throw statusError(response.status, await serverErrorCode(response), where, 'webdav');
    return response;
  }

  async function putFile(file: PreparedFile, as: string, step: 'upload' | 'feed'): Promise<void> {
    const where: Where = { step, file: file.path, doing: `uploading ${file.path}` };
    const response = await request('PUT', as, where, { headers: { 'content-type': file.contentType }, body: file.bytes as Uint8Array<ArrayBuffer> });
    await drain(response);
  }

  return {
    async prepare(files) {
      const listing = await request('PROPFIND', '', { step: 'connect', doing: 'opening the WebDAV folder' }, {
        headers: { depth: '1', 'content-type': 'application/xml; charset=utf-8' },
        body: PROPFIND_BODY,
      });
      const existing = listedSubfolders(await listing.text().catch(() => ''), target.folderUrl);
      const missing = folderPaths(files).filter((folder) => !existing.has(folder));
      // Parents before children: one level at a time, each level in parallel.
      const levels = new Map<number, string[]>();
      for (const folder of missing) {
        const level = folder.split('/').length;
        levels.set(level, [...(levels.get(level) ?? []), folder]);
      }
      for (const [, level] of [...levels.entries()].sort(([a], [b]) => a - b)) {
        await runPool(level, 4, async (folder) => {
          // 405: the folder exists already.
          const response = await request('MKCOL', folder, { step: 'folders', file: folder, doing: `creating the folder ${folder}` }, {}, (s) => (s >= 200 && s < 300) || s === 405);
          await drain(response);
        });
      }
    },
    put: (file) => putFile(file, file.path, 'upload'),
    async putFeed(file) {
      await putFile(file, FEED_UPLOAD_PATH, 'feed');
      const where: Where = { step: 'feed', file: FEED_PATH, doing: 'moving the new feed.json into place' };
      const moved = await request('MOVE', FEED_UPLOAD_PATH, where, { headers: { destination: davUrl(target, FEED_PATH), overwrite: 'T' } }, () => true);
      await drain(moved);
      // No ETag: a PUT's, given for the temporary file, need not be the moved one's (read back whole).
      if (moved.ok) return { etag: null };
      // A server without MOVE: a plain PUT, which most servers still write to a temporary file first.
      if (moved.status === 405 || moved.status === 501 || moved.status === 502) {
        await putFile(file, FEED_PATH, 'feed');
        await request('DELETE', FEED_UPLOAD_PATH, where, {}, () => true).then(drain, () => undefined);
        return { etag: null };
      }
      throw statusError(moved.status, null, where, 'webdav');
    },
    async remove(path) {
      const where: Where = { step: 'cleanup', file: path, doing: `deleting ${path}` };
      // 404: already gone.
      const response = await request('DELETE', path, where, {}, (s) => (s >= 200 && s < 300) || s === 404);
      await drain(response);
    },
  };
}
