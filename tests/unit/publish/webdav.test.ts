// @vitest-environment node
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyFeed } from '../../../utils/feed/verify';
import type { FetchLike } from '../../../utils/publish/http';
import { publishWindowFiles, type PublishDeps } from '../../../utils/publish/publish';
import { WebDavTarget, type WebDavTarget as WebDavTargetType } from '../../../utils/publish/target';
import type { UploadedFiles } from '../../../utils/publish/upload-plan';
import { basicAuth, listedSubfolders } from '../../../utils/publish/webdav';
import { DAV_PASSWORD, DAV_USER, httpsFetch, makeCert, startWebDav, type DavServer } from './servers';
import { editedWindow, feedText, testExpert, testWindow, type TestExpert } from './window';

/*
 * Publishing to a real WebDAV server (webdav-server v2) over https with Basic auth: the folder checked
 * with PROPFIND, subfolders made with MKCOL, pages PUT, feed.json PUT under a temporary name and
 * MOVEd into place, then read back anonymously at the folder's public address and verified.
 */

const cert = makeCert();
let server: DavServer;
let fetch: ReturnType<typeof httpsFetch>;
let expert: TestExpert;
const T1 = '2025-06-01T08:00:00.000Z';
const T2 = '2025-06-02T08:00:00.000Z';

beforeAll(async () => {
  server = await startWebDav(cert);
  fetch = httpsFetch({ ca: cert.cert });
  expert = await testExpert();
  for (const folder of ['sites/a', 'sites/b', 'sites/drop', 'sites/other', 'sites/html']) await server.mkdir(folder);
  server.reset();
}, 30_000);
afterAll(async () => {
  fetch.close();
  await server.close();
});
afterEach(() => server.reset());

/** The folder `/sites/<name>/`, public at the same address. */
const target = (name: string, overrides: Partial<WebDavTargetType> = {}): WebDavTargetType =>
  WebDavTarget.parse({ kind: 'webdav', folderUrl: `${server.origin}/sites/${name}`, username: DAV_USER, publicBaseUrl: `${server.origin}/sites/${name}`, ...overrides });

const deps = (overrides: Partial<PublishDeps> = {}): PublishDeps => ({ fetch, now: Date.now, hasOrigin: async () => true, ...overrides });

const publish = (target: WebDavTargetType, files: Awaited<ReturnType<typeof testWindow>>, options: { password?: string; deps?: Partial<PublishDeps>; previous?: UploadedFiles | null } = {}) =>
  publishWindowFiles({ target, secret: options.password ?? DAV_PASSWORD, expertId: expert.expertId, files, previous: options.previous }, deps(options.deps));

async function liveFeed(name: string) {
  const response = await fetch(`${server.origin}/sites/${name}/feed.json`, {});
  return verifyFeed(await response.text(), { expectedExpertId: expert.expertId });
}

describe('publishing to a WebDAV folder', () => {
  it('makes the subfolders, uploads the pages, moves the feed into place and is live once it verifies', async () => {
    const files = await testWindow(expert, T1);
    const outcome = await publish(target('a'), files);
    expect(outcome).toMatchObject({ status: 'live', liveUrl: `${server.origin}/sites/a/index.html`, publishedAt: T1, progress: { uploaded: files.length } });

    const methods = server.seen.map((request) => `${request.method} ${request.path}`);
    expect(methods[0]).toBe('PROPFIND /sites/a/');
    expect(methods.filter((m) => m.startsWith('MKCOL')).sort()).toEqual(['MKCOL /sites/a/p/', 'MKCOL /sites/a/store/', 'MKCOL /sites/a/tag/']);
    // feed.json is never written in place: uploaded as feed.json.next, then moved, after every page.
    expect(methods).not.toContain('PUT /sites/a/feed.json');
    const lastPut = methods.map((m) => m.startsWith('PUT')).lastIndexOf(true);
    expect(methods[lastPut]).toBe('PUT /sites/a/feed.json.next');
    expect(methods[lastPut + 1]).toBe('MOVE /sites/a/feed.json.next');
    expect(methods.at(-1)).toBe('GET /sites/a/feed.json');
    expect(server.seen.find((request) => request.path === '/sites/a/p/pick-0.html')?.contentType).toBe('text/html; charset=utf-8');

    const page = await fetch(`${server.origin}/sites/a/p/pick-0.html`, {});
    expect(await page.text()).toContain(`Pick 0 ${T1}`);
    expect(await liveFeed('a')).toMatchObject({ ok: true, payload: { publishedAt: T1 } });
    expect((await fetch(`${server.origin}/sites/a/feed.json.next`, {})).status).toBe(404);

    // Again: the folders exist now (listed by PROPFIND), so none is made twice.
    server.reset();
    expect(await publish(target('a'), await testWindow(expert, T2))).toMatchObject({ status: 'live', publishedAt: T2 });
    expect(server.seen.some((request) => request.method === 'MKCOL')).toBe(false);
  }, 30_000);

  it('answers auth for a wrong password or user, at the first request', async () => {
    const files = await testWindow(expert, T1);
    const wrongPassword = await publish(target('b'), files, { password: 'wrong' });
    expect(wrongPassword).toMatchObject({ status: 'failed', code: 'auth', step: 'connect', params: { status: 401 } });
    expect(wrongPassword.status === 'failed' && wrongPassword.message).toMatch(/app password/);
    expect(await publish(target('b', { username: 'someone' }), files)).toMatchObject({ status: 'failed', code: 'auth', step: 'connect' });
    expect(server.seen.map((request) => request.method)).toEqual(['PROPFIND', 'PROPFIND']);
  }, 30_000);

  it('answers not-found for a folder that does not exist, and does not create it', async () => {
    const outcome = await publish(target('missing'), await testWindow(expert, T1));
    expect(outcome).toMatchObject({ status: 'failed', code: 'not-found', step: 'connect', params: { status: 404 } });
    expect((await fetch(`${server.origin}/sites/missing/`, { method: 'PROPFIND', headers: { depth: '0', authorization: basicAuth(DAV_USER, DAV_PASSWORD) } })).status).toBe(404);
  }, 30_000);

  it('says the public address serves another feed or a page', async () => {
    await server.putDirect('/sites/other/feed.json', await feedText(await testExpert(), T2));
    await server.putDirect('/sites/html/feed.json', '<!doctype html><title>Nextcloud</title>');
    const files = await testWindow(expert, T2);
    expect(await publish(target('b', { publicBaseUrl: `${server.origin}/sites/other` }), files)).toMatchObject({
      status: 'failed',
      code: 'public-address-serves-other',
      step: 'verify',
      params: { found: 'other-expert' },
    });
    expect(await publish(target('b', { publicBaseUrl: `${server.origin}/sites/html` }), files)).toMatchObject({ code: 'public-address-serves-other', params: { found: 'not-a-feed' } });
  }, 30_000);

  it('leaves the old feed live when the connection drops half-way, and a retry completes it', async () => {
    expect(await publish(target('drop'), await testWindow(expert, T1))).toMatchObject({ status: 'live' });
    server.reset();
    // The 4th PUT never reaches the server: the network drops.
    let puts = 0;
    const dropping: FetchLike = (url, init) => {
      if (init.method === 'PUT' && ++puts === 4) return Promise.reject(new TypeError('Failed to fetch'));
      return fetch(url, init);
    };
    const files = await testWindow(expert, T2);
    const dropped = await publish(target('drop'), files, { deps: { fetch: dropping, concurrency: 1 } });
    expect(dropped).toMatchObject({ status: 'failed', code: 'network', step: 'upload', progress: { uploaded: 3, notSent: files.length - 4 } });
    if (dropped.status !== 'failed') return;
    expect(dropped.file).toMatch(/^p\/pick-\d\.html$/);
    expect(dropped.progress.failed).toEqual([dropped.file]);
    expect(server.seen.some((request) => request.path.startsWith('/sites/drop/feed.json'))).toBe(false);
    expect(await liveFeed('drop')).toMatchObject({ ok: true, payload: { publishedAt: T1 } });

    // Dropped between the new feed's upload and its move: the live one is still the old, whole feed.
    server.reset();
    const noMove: FetchLike = (url, init) => (init.method === 'MOVE' ? Promise.reject(new TypeError('Failed to fetch')) : fetch(url, init));
    expect(await publish(target('drop'), files, { deps: { fetch: noMove } })).toMatchObject({ status: 'failed', code: 'network', step: 'feed', file: 'feed.json' });
    expect(await liveFeed('drop')).toMatchObject({ ok: true, payload: { publishedAt: T1 } });

    expect(await publish(target('drop'), files)).toMatchObject({ status: 'live', publishedAt: T2 });
    expect(await liveFeed('drop')).toMatchObject({ ok: true, payload: { publishedAt: T2 } });
  }, 30_000);

  it('falls back to a plain PUT of feed.json on a server without MOVE', async () => {
    server.interfere = (request, response) => {
      if (request.method !== 'MOVE') return 'pass';
      response.writeHead(501).end();
      return 'handled';
    };
    expect(await publish(target('b'), await testWindow(expert, T1))).toMatchObject({ status: 'live' });
    expect(server.seen.map((request) => `${request.method} ${request.path}`).slice(-4)).toEqual([
      'MOVE /sites/b/feed.json.next',
      'PUT /sites/b/feed.json',
      'DELETE /sites/b/feed.json.next',
      'GET /sites/b/feed.json',
    ]);
  }, 30_000);
});

describe('reading a PROPFIND listing', () => {
  it('lists the subfolders, whatever the namespace prefix and encoding', () => {
    const xml = `<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">
      <d:response><d:href>/dav/haowu/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop></d:propstat></d:response>
      <d:response><d:href>/dav/haowu/p/</d:href><d:propstat><d:prop><d:resourcetype><d:collection/></d:resourcetype></d:prop></d:propstat></d:response>
      <d:response><d:href>https://dav.example/dav/haowu/%E5%A5%BD%E7%89%A9/</d:href><d:propstat><d:prop><d:resourcetype><d:collection /></d:resourcetype></d:prop></d:propstat></d:response>
      <d:response><d:href>/dav/haowu/index.html</d:href><d:propstat><d:prop><d:resourcetype/></d:prop></d:propstat></d:response>
    </d:multistatus>`;
    expect([...listedSubfolders(xml, 'https://dav.example/dav/haowu/')].sort()).toEqual(['p/', '好物/']);
    const upper = '<D:multistatus xmlns:D="DAV:"><D:response><D:href>/x/store/</D:href><D:propstat><D:prop><D:resourcetype><D:collection/></D:resourcetype></D:prop></D:propstat></D:response></D:multistatus>';
    expect([...listedSubfolders(upper, 'https://h/x/')]).toEqual(['store/']);
    expect([...listedSubfolders('not xml', 'https://h/x/')]).toEqual([]);
  });

  it('encodes Basic auth from UTF-8', () => {
    expect(basicAuth('mei', '好物')).toBe(`Basic ${Buffer.from('mei:好物', 'utf8').toString('base64')}`);
  });

  it('publishes again only the files that changed, and deletes the page of a pick that left the window', async () => {
    let last: UploadedFiles | null = null;
    const remember = async (uploaded: UploadedFiles) => void (last = uploaded);
    const first = await testWindow(expert, T1, { pages: 4 });
    expect(await publish(target('b'), first, { deps: { remember } })).toMatchObject({ status: 'live', progress: { uploaded: first.length } });
    server.reset();
    const second = await editedWindow(expert, first, T2, { leaves: 'p/pick-3.html', joins: 'p/pick-8.html' });
    expect(await publish(target('b'), second, { previous: last, deps: { remember } })).toMatchObject({ status: 'live', progress: { uploaded: 3, unchanged: 5, removed: 1 } });
    const methods = server.seen.map((request) => `${request.method} ${request.path.replace(/\?.*$/, '')}`);
    expect(methods.filter((m) => !m.startsWith('PROPFIND'))).toEqual([
      'GET /sites/b/feed.json',
      'PUT /sites/b/p/pick-8.html',
      'PUT /sites/b/index.html',
      'PUT /sites/b/feed.json.next',
      'MOVE /sites/b/feed.json.next',
      'GET /sites/b/feed.json',
      'DELETE /sites/b/p/pick-3.html',
    ]);
    expect((await fetch(`${server.origin}/sites/b/p/pick-3.html`, {})).status).toBe(404);
    expect(await liveFeed('b')).toMatchObject({ ok: true, payload: { publishedAt: T2 } });
  }, 30_000);
});
