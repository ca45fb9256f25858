// @vitest-environment node
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HaowuError } from '../../../utils/errors';
import { verifyFeed } from '../../../utils/feed/verify';
import type { FetchLike } from '../../../utils/publish/http';
import { publishWindowFiles, type PublishDeps, type WindowSource } from '../../../utils/publish/publish';
import type { WindowFile } from '../../../utils/publish/window-files';
import { S3Target, type S3Target as S3TargetType } from '../../../utils/publish/target';
import type { UploadedFiles } from '../../../utils/publish/upload-plan';
import { strongEtag } from '../../../utils/publish/verify-live';
import { S3_KEY_ID, S3_SECRET, httpsFetch, makeCert, startS3, type S3Server } from './servers';
import { editedWindow, feedText, testExpert, testWindow, type TestExpert } from './window';

/*
 * Publishing to a real S3-compatible server (s3rver) over https: every object PUT with a checked
 * Signature V4, then the feed read back through the bucket's public address and verified.
 */

const cert = makeCert();
let server: S3Server;
let fetch: ReturnType<typeof httpsFetch>;
let expert: TestExpert;
const T1 = '2025-06-01T08:00:00.000Z';
const T2 = '2025-06-02T08:00:00.000Z';

beforeAll(async () => {
  server = await startS3(cert, ['haowu', 'other']);
  fetch = httpsFetch({ ca: cert.cert });
  expert = await testExpert();
}, 30_000);
afterAll(async () => {
  fetch.close();
  await server.close();
});
afterEach(() => server.reset());

/** A path-style target writing under `prefix` (default "site"), public at that folder unless told otherwise. */
const target = (overrides: Partial<S3TargetType> = {}): S3TargetType =>
  S3Target.parse({
    kind: 's3',
    endpoint: server.origin,
    region: 'us-east-1',
    bucket: 'haowu',
    addressing: 'path',
    accessKeyId: S3_KEY_ID,
    publicBaseUrl: `${server.origin}/${overrides.bucket ?? 'haowu'}/${overrides.prefix ?? 'site'}`,
    prefix: 'site',
    ...overrides,
  });

const deps = (overrides: Partial<PublishDeps> = {}): PublishDeps => ({ fetch, now: Date.now, hasOrigin: async () => true, ...overrides });

async function publish(
  files: Awaited<ReturnType<typeof testWindow>> | WindowSource,
  options: { target?: S3TargetType; secret?: string; deps?: Partial<PublishDeps>; previous?: UploadedFiles | null; uploadAll?: boolean } = {},
) {
  return publishWindowFiles(
    { target: options.target ?? target(), secret: options.secret ?? S3_SECRET, expertId: expert.expertId, files, previous: options.previous, uploadAll: options.uploadAll },
    deps(options.deps),
  );
}

/** A `remember` that keeps what the last live publish put at the target, as the background's store does. */
function memory() {
  const memo = { last: null as UploadedFiles | null, remember: async (uploaded: UploadedFiles) => void (memo.last = uploaded) };
  return memo;
}

const requests = () => server.seen.map((request) => `${request.method} ${request.path.replace(/\?.*$/, '')}`);

/** What followers read at the public address, verified. */
async function liveFeed(base = `${server.origin}/haowu/site`) {
  const response = await fetch(`${base}/feed.json`, {});
  return verifyFeed(await response.text(), { expectedExpertId: expert.expertId });
}

describe('publishing to S3-compatible storage', () => {
  it('uploads every file with its headers, the feed last, and is live once the public feed verifies', async () => {
    const files = await testWindow(expert, T1);
    const outcome = await publish(files);
    expect(outcome).toMatchObject({
      status: 'live',
      liveUrl: `${server.origin}/haowu/site/index.html`,
      feedUrl: `${server.origin}/haowu/site/feed.json`,
      expertId: expert.expertId,
      publishedAt: T1,
      progress: { total: files.length, uploaded: files.length, failed: [], notSent: 0 },
    });
    const puts = server.seen.filter((request) => request.method === 'PUT');
    expect(puts.map((put) => put.path).sort()).toEqual(files.map((file) => `/haowu/site/${file.path}`).sort());
    // Pages before the pages linking to them, feed.json last of all, then the read-back.
    expect(puts.at(-1)?.path).toBe('/haowu/site/feed.json');
    expect(puts.at(-2)?.path).toBe('/haowu/site/index.html');
    expect(puts.findIndex((put) => put.path.includes('/p/'))).toBeLessThan(puts.findIndex((put) => put.path.endsWith('index.html')));
    expect(server.seen.at(-1)).toMatchObject({ method: 'GET', path: '/haowu/site/feed.json' });
    expect(puts.find((put) => put.path.endsWith('feed.json'))).toMatchObject({ contentType: 'application/json', cacheControl: 'public, max-age=300, no-transform' });

    // Served as uploaded, at the public address.
    const page = await fetch(`${server.origin}/haowu/site/p/pick-0.html`, {});
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('public, max-age=600');
    expect(await page.text()).toContain(`Pick 0 ${T1}`);
    expect(await liveFeed()).toMatchObject({ ok: true, payload: { publishedAt: T1 } });
  }, 30_000);

  it('signs the SHA-256 of each body', async () => {
    const sent: { headers: Headers; body: Uint8Array }[] = [];
    const recording: FetchLike = (url, init) => {
      if (init.method === 'PUT') sent.push({ headers: new Headers(init.headers), body: init.body as Uint8Array });
      return fetch(url, init);
    };
    expect(await publish(await testWindow(expert, T1, { pages: 1 }), { deps: { fetch: recording } })).toMatchObject({ status: 'live' });
    expect(sent.length).toBe(5);
    for (const { headers, body } of sent) expect(headers.get('x-amz-content-sha256')).toBe(createHash('sha256').update(body).digest('hex'));
  }, 30_000);

  it('publishes to a virtual-hosted bucket (https://bucket.endpoint/key)', async () => {
    const local = httpsFetch({ ca: cert.cert, resolveAllToLocalhost: true });
    try {
      const virtual = target({ endpoint: `https://s3.test:${server.port}`, addressing: 'virtual-hosted', prefix: 'vhost', publicBaseUrl: `https://haowu.s3.test:${server.port}/vhost` });
      const files = await testWindow(expert, T1, { pages: 1 });
      const live = await publish(files, { target: virtual, deps: { fetch: local } });
      expect(live).toMatchObject({ status: 'live', liveUrl: `https://haowu.s3.test:${server.port}/vhost/index.html` });
      // The bucket was named by the host, not the path; the objects are in it.
      expect(server.seen.filter((request) => request.method === 'PUT').map((put) => put.path).sort()).toEqual(files.map((file) => `/vhost/${file.path}`).sort());
      expect(await liveFeed(`${server.origin}/haowu/vhost`)).toMatchObject({ ok: true });
    } finally {
      local.close();
    }
  }, 30_000);

  it('answers auth for a wrong secret or an unknown key id, before the feed is touched', async () => {
    const files = await testWindow(expert, T1);
    const wrongSecret = await publish(files, { secret: 'not-the-secret' });
    expect(wrongSecret).toMatchObject({ status: 'failed', code: 'auth', step: 'upload', params: { status: 403, serverCode: 'SignatureDoesNotMatch' } });
    const wrongKey = await publish(files, { target: target({ accessKeyId: 'NOSUCHKEY' }) });
    expect(wrongKey).toMatchObject({ status: 'failed', code: 'auth', params: { serverCode: 'InvalidAccessKeyId' } });
    expect(wrongKey.status === 'failed' && wrongKey.message).toMatch(/access key id and secret/);
    expect(server.seen.some((request) => request.path.endsWith('feed.json'))).toBe(false);
  }, 30_000);

  it('answers not-found for a bucket that does not exist', async () => {
    const outcome = await publish(await testWindow(expert, T1), { target: target({ bucket: 'no-such-bucket', publicBaseUrl: `${server.origin}/no-such-bucket/site` }) });
    expect(outcome).toMatchObject({ status: 'failed', code: 'not-found', step: 'upload', params: { status: 404, serverCode: 'NoSuchBucket' } });
  }, 30_000);

  it('says which step failed when the public address serves something else', async () => {
    const files = await testWindow(expert, T2);
    const someoneElse = await testExpert();
    await server.putDirect('other', 'feed/feed.json', await feedText(someoneElse, T2));
    await server.putDirect('other', 'html/feed.json', '<!doctype html><title>Welcome to nginx</title>', 'text/html');

    const otherExpert = await publish(files, { target: target({ prefix: 'a', publicBaseUrl: `${server.origin}/other/feed` }) });
    expect(otherExpert).toMatchObject({ status: 'failed', code: 'public-address-serves-other', step: 'verify', params: { found: 'other-expert' } });
    const html = await publish(files, { target: target({ prefix: 'a', publicBaseUrl: `${server.origin}/other/html` }) });
    expect(html).toMatchObject({ status: 'failed', code: 'public-address-serves-other', step: 'verify', params: { found: 'not-a-feed' } });
    const nothing = await publish(files, { target: target({ prefix: 'a', publicBaseUrl: `${server.origin}/other/nothing` }) });
    expect(nothing).toMatchObject({ status: 'failed', code: 'public-address-unreachable', step: 'verify', params: { status: 404 } });
    // Everything was uploaded all the same: only the check failed.
    expect(html.progress).toMatchObject({ uploaded: files.length, failed: [] });
  }, 30_000);

  it('answers public-address-stale while the public address serves an older feed', async () => {
    expect(await publish(await testWindow(expert, T1), { target: target({ prefix: 'cdn' }) })).toMatchObject({ status: 'live' });
    // The new feed goes to "origin"; the public address (a cache, here the old copy) still has T1.
    const outcome = await publish(await testWindow(expert, T2), { target: target({ prefix: 'origin', publicBaseUrl: `${server.origin}/haowu/cdn` }) });
    expect(outcome).toMatchObject({ status: 'failed', code: 'public-address-stale', step: 'verify', params: { servedPublishedAt: T1, publishedAt: T2 } });
  }, 30_000);

  it('leaves the old window live when the connection drops half-way, and a retry completes it', async () => {
    expect(await publish(await testWindow(expert, T1, { pages: 12 }), { target: target({ prefix: 'drop' }) })).toMatchObject({ status: 'live' });
    server.reset();
    // The server cuts the connection on the 6th PUT (a real TLS connection reset, not an answer).
    server.interfere = (request, _response, { put }) => {
      if (request.method === 'PUT' && put === 6) {
        request.socket.destroy();
        return 'handled';
      }
      return 'pass';
    };
    const files = await testWindow(expert, T2, { pages: 12 });
    const dropped = await publish(files, { target: target({ prefix: 'drop' }), deps: { concurrency: 1 } });
    expect(dropped).toMatchObject({ status: 'failed', code: 'network', step: 'upload', progress: { total: files.length, uploaded: 5, notSent: files.length - 6 } });
    if (dropped.status !== 'failed') return;
    const cut = server.seen.filter((request) => request.method === 'PUT')[5]!.path;
    expect(`/haowu/drop/${dropped.file}`).toBe(cut);
    expect(dropped.progress.failed).toEqual([dropped.file]);
    expect(dropped.message).toMatch(/uploading p\/pick-\d+\.html/);
    expect(server.seen.some((request) => request.method === 'PUT' && request.path.endsWith('feed.json'))).toBe(false);
    // Followers still read the old feed, which verifies.
    expect(await liveFeed(`${server.origin}/haowu/drop`)).toMatchObject({ ok: true, expertId: expert.expertId, payload: { publishedAt: T1 } });

    server.reset();
    const retried = await publish(files, { target: target({ prefix: 'drop' }) });
    expect(retried).toMatchObject({ status: 'live', publishedAt: T2, progress: { uploaded: files.length } });
    expect(await liveFeed(`${server.origin}/haowu/drop`)).toMatchObject({ ok: true, payload: { publishedAt: T2 } });
  }, 30_000);

  it('answers server for a 5xx and timeout for a server that never answers, naming the file', async () => {
    const files = await testWindow(expert, T1, { pages: 2 });
    server.interfere = (request, response, { put }) => {
      if (request.method === 'PUT' && put === 2) {
        request.resume();
        response.writeHead(503, { 'content-type': 'application/xml' }).end('<Error><Code>SlowDown</Code></Error>');
        return 'handled';
      }
      return 'pass';
    };
    const busy = await publish(files, { deps: { concurrency: 1 } });
    expect(busy).toMatchObject({ status: 'failed', code: 'server', step: 'upload', params: { status: 503, serverCode: 'SlowDown' } });
    expect(busy.status === 'failed' && busy.file).toMatch(/^(p|store|tag)\//);

    server.reset();
    server.interfere = (request) => (request.method === 'PUT' && request.url?.endsWith('feed.json') ? 'handled' : 'pass');
    const slow = await publish(files, { deps: { timeoutMs: 300 } });
    expect(slow).toMatchObject({ status: 'failed', code: 'timeout', step: 'feed', file: 'feed.json', progress: { uploaded: files.length - 1, failed: ['feed.json'] } });
  }, 30_000);

  it('answers network for a certificate the browser would refuse', async () => {
    const untrusting = httpsFetch();
    try {
      expect(await publish(await testWindow(expert, T1), { deps: { fetch: untrusting } })).toMatchObject({ status: 'failed', code: 'network', step: 'upload' });
    } finally {
      untrusting.close();
    }
  }, 30_000);

  it('checks permissions, sizes and the feed before sending anything', async () => {
    const files = await testWindow(expert, T1);
    const denied = await publish(files, { deps: { hasOrigin: async (pattern) => pattern !== 'https://127.0.0.1/*' } });
    expect(denied).toMatchObject({ status: 'failed', code: 'permission', step: 'permission', params: { origin: 'https://127.0.0.1/*' } });

    const huge = [...files, { path: 'big.bin', contentType: 'application/octet-stream', cacheControl: 'public', body: new Uint8Array(21 * 1024 * 1024) }];
    expect(await publish(huge)).toMatchObject({ status: 'failed', code: 'too-large', step: 'check', params: { limit: '20 MB' } });
    const hugeFeed = files.map((file) => (file.path === 'feed.json' ? { ...file, body: ' '.repeat(5 * 1024 * 1024 + 1) } : file));
    expect(await publish(hugeFeed)).toMatchObject({ status: 'failed', code: 'too-large', file: 'feed.json' });

    const someoneElse = await testExpert();
    const notMine = files.map((file) => (file.path === 'feed.json' ? { ...file, body: '' } : file));
    expect(await publish(notMine)).toMatchObject({ status: 'failed', code: 'invalid-window', step: 'check', file: 'feed.json' });
    const othersFeed = await testWindow(someoneElse, T1);
    expect(await publish(othersFeed)).toMatchObject({ status: 'failed', code: 'invalid-window', params: { reason: 'wrong-expert' } });
    const noFeed = files.filter((file) => file.path !== 'feed.json');
    expect(await publish(noFeed)).toMatchObject({ status: 'failed', code: 'invalid-window', file: 'feed.json' });
    const escape = [...files, { path: '../escape.html', contentType: 'text/html', cacheControl: '', body: 'x' }];
    expect(await publish(escape)).toMatchObject({ status: 'failed', code: 'invalid-window' });

    expect(server.seen).toEqual([]);
  }, 30_000);

  it('keeps at most 6 uploads in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const counting: FetchLike = async (url, init) => {
      inFlight++;
      most = Math.max(most, inFlight);
      try {
        return await fetch(url, init);
      } finally {
        inFlight--;
      }
    };
    expect(await publish(await testWindow(expert, T1, { pages: 40 }), { deps: { fetch: counting } })).toMatchObject({ status: 'live' });
    expect(most).toBe(6);
  }, 30_000);

  describe('publishing again: only what changed', () => {
    it('uploads only the files whose bytes changed, the feed last, then deletes the page that left the window', async () => {
      const again = target({ prefix: 'again' });
      const memo = memory();
      const first = await testWindow(expert, T1, { pages: 6 });
      expect(await publish(first, { target: again, deps: { remember: memo.remember } })).toMatchObject({ status: 'live', progress: { uploaded: 10, unchanged: 0, removed: 0 } });
      expect(Object.keys(memo.last!.files).sort()).toEqual(first.map((file) => file.path).sort());
      server.reset();

      const second = await editedWindow(expert, first, T2, { leaves: 'p/pick-5.html', joins: 'p/pick-9.html' });
      const outcome = await publish(second, { target: again, previous: memo.last, deps: { remember: memo.remember } });
      expect(outcome).toMatchObject({ status: 'live', publishedAt: T2, progress: { total: 10, uploaded: 3, unchanged: 7, removed: 1, notRemoved: 0 } });
      // The live feed read first (is the bucket as Haowu left it?), the changed pages deepest first,
      // the feed, its read-back, and only then the delete: followers never meet a missing page.
      expect(requests()).toEqual([
        'GET /haowu/again/feed.json',
        'PUT /haowu/again/p/pick-9.html',
        'PUT /haowu/again/index.html',
        'PUT /haowu/again/feed.json',
        'GET /haowu/again/feed.json',
        'DELETE /haowu/again/p/pick-5.html',
      ]);
      expect((await fetch(`${server.origin}/haowu/again/p/pick-5.html`, {})).status).toBe(404);
      expect(await (await fetch(`${server.origin}/haowu/again/p/pick-0.html`, {})).text()).toContain(`Pick 0 ${T1}`);
      expect(await liveFeed(`${server.origin}/haowu/again`)).toMatchObject({ ok: true, payload: { publishedAt: T2 } });
      expect(memo.last!.files).not.toHaveProperty(['p/pick-5.html']);
      expect(memo.last!.files).toHaveProperty(['p/pick-9.html']);
    }, 30_000);

    it('keeps only a strong ETag: a weak one may be shared by other bytes', () => {
      expect(strongEtag('"0a1b"')).toBe('"0a1b"');
      expect(strongEtag('W/"0a1b"')).toBeNull();
      expect(strongEtag('0a1b')).toBeNull();
      expect(strongEtag(null)).toBeNull();
    });

    it('asks whether the last publish is still there by the strong ETag it was served with, and by its bytes without one', async () => {
      const tagged = target({ prefix: 'tagged' });
      const memo = memory();
      const files = await testWindow(expert, T1, { pages: 4 });
      const asked: (string | null)[] = [];
      const statuses: number[] = [];
      const recording: FetchLike = async (url, init) => {
        if (url.includes('haowu-check')) asked.push(new Headers(init.headers).get('if-none-match'));
        const response = await fetch(url, init);
        if (url.includes('haowu-check')) statuses.push(response.status);
        return response;
      };
      expect(await publish(files, { target: tagged, deps: { remember: memo.remember, fetch: recording } })).toMatchObject({ status: 'live' });
      // s3rver tags an object with its MD5, in quotes: a strong tag.
      const etag = memo.last!.feedEtag;
      expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
      expect(etag).toBe(`"${createHash('md5').update(String(files.find((file) => file.path === 'feed.json')!.body)).digest('hex')}"`);
      // The read-back after the upload asks by the tag the storage gave the upload: a 304, those very bytes, none sent again.
      expect(asked).toEqual([etag]);
      expect(statuses).toEqual([304]);

      // Still there: a 304 to that tag, and nothing of the feed is sent.
      let answered = 0;
      server.interfere = (request) => {
        if (request.url?.includes('haowu-check')) answered++;
        return 'pass';
      };
      expect(await publish(files, { target: tagged, previous: memo.last, deps: { remember: memo.remember, fetch: recording } })).toMatchObject({ status: 'live', progress: { uploaded: 1, unchanged: 7 } });
      // The check before it by the tag, answered 304; the read-back after it by the new upload's tag, 304.
      expect(asked).toEqual([etag, etag, memo.last!.feedEtag]);
      expect(statuses).toEqual([304, 304, 304]);
      expect(answered).toBe(2);

      // Another feed there: another tag, so the server sends it, and it is not the last publish's.
      await server.putDirect('haowu', 'tagged/feed.json', await feedText(expert, '2025-05-01T00:00:00.000Z'));
      expect(await publish(files, { target: tagged, previous: memo.last, deps: { remember: memo.remember } })).toMatchObject({ status: 'live', progress: { uploaded: 8, unchanged: 0 } });

      // A 304 to a request that sent no tag (a memory from before tags were kept) is no answer: everything goes up.
      const untagged = { ...memo.last!, feedEtag: undefined };
      let checks = 0;
      server.interfere = (request, response) => {
        // The check before the upload only; the read-back after it is served.
        if (!request.url?.includes('haowu-check') || checks++ > 0) return 'pass';
        response.writeHead(304).end();
        return 'handled';
      };
      expect(await publish(files, { target: tagged, previous: untagged, deps: { remember: memo.remember } })).toMatchObject({ status: 'live', progress: { uploaded: 8, unchanged: 0 } });
    }, 30_000);

    it('uploads everything when the storage no longer serves the last publish’s feed, or when asked to', async () => {
      const wiped = target({ prefix: 'wiped' });
      const memo = memory();
      const files = await testWindow(expert, T1, { pages: 4 });
      expect(await publish(files, { target: wiped, deps: { remember: memo.remember } })).toMatchObject({ status: 'live' });
      // Someone else wrote the feed (or emptied the bucket and uploaded an older zip).
      await server.putDirect('haowu', 'wiped/feed.json', await feedText(expert, '2025-05-01T00:00:00.000Z'));
      server.reset();
      expect(await publish(files, { target: wiped, previous: memo.last, deps: { remember: memo.remember } })).toMatchObject({ status: 'live', progress: { uploaded: 8, unchanged: 0 } });

      server.reset();
      expect(await publish(files, { target: wiped, previous: memo.last, deps: { remember: memo.remember } })).toMatchObject({ status: 'live', progress: { uploaded: 1, unchanged: 7 } });
      server.reset();
      expect(await publish(files, { target: wiped, previous: memo.last, uploadAll: true, deps: { remember: memo.remember } })).toMatchObject({ status: 'live', progress: { uploaded: 8, unchanged: 0 } });
      // Another destination's memory is not this one's.
      server.reset();
      expect(await publish(files, { target: target({ prefix: 'elsewhere' }), previous: memo.last })).toMatchObject({ status: 'live', progress: { uploaded: 8, unchanged: 0, removed: 0 } });
    }, 30_000);

    it('builds only the pages whose inputs changed while the storage holds the last publish, and every page otherwise', async () => {
      const built = target({ prefix: 'built' });
      const memo = memory();
      // A builder as utils/window/own-window.ts is: each page's inputs stand for what it is made from (here its bytes).
      const asked: (Readonly<Record<string, string>> | null)[] = [];
      const builder = (window: readonly WindowFile[]): WindowSource => async (told) => {
        const unchangedSince = await told;
        asked.push(unchangedSince);
        const inputs = Object.fromEntries(window.filter((file) => file.path !== 'feed.json').map((file) => [file.path, createHash('sha256').update(String(file.body)).digest('hex')]));
        const kept = Object.keys(inputs).filter((path) => unchangedSince?.[path] === inputs[path]);
        return { files: window.filter((file) => !kept.includes(file.path)), kept, inputs };
      };
      const first = await testWindow(expert, T1, { pages: 6 });
      expect(await publish(builder(first), { target: built, deps: { remember: memo.remember } })).toMatchObject({ status: 'live', progress: { total: 10, uploaded: 10 } });
      expect(asked.pop()).toBeNull();
      expect(Object.keys(memo.last!.built!).sort()).toEqual(first.filter((file) => file.path !== 'feed.json').map((file) => file.path).sort());

      server.reset();
      const second = await editedWindow(expert, first, T2, { leaves: 'p/pick-5.html', joins: 'p/pick-9.html' });
      const outcome = await publish(builder(second), { target: built, previous: memo.last, deps: { remember: memo.remember } });
      // Built and uploaded: index.html, the new pick's page and the feed; the six unchanged pages were not built.
      expect(outcome).toMatchObject({ status: 'live', publishedAt: T2, progress: { total: 10, uploaded: 3, unchanged: 7, removed: 1 } });
      expect(Object.keys(asked.pop()!).sort()).toEqual(Object.keys(memo.last!.built!).filter((path) => path !== 'p/pick-9.html').concat('p/pick-5.html').sort());
      // What the bucket holds is the new window, every page of it, and the memory knows each one.
      for (const file of second) expect(await (await fetch(`${server.origin}/haowu/built/${file.path}`, {})).text(), file.path).toBe(String(file.body));
      expect(Object.keys(memo.last!.files).sort()).toEqual(second.map((file) => file.path).sort());
      expect(Object.keys(memo.last!.built!).sort()).toEqual(second.filter((file) => file.path !== 'feed.json').map((file) => file.path).sort());

      // The storage no longer serves that publish, or every file is asked for: every page is built.
      await server.putDirect('haowu', 'built/feed.json', await feedText(expert, '2025-05-01T00:00:00.000Z'));
      expect(await publish(builder(second), { target: built, previous: memo.last, deps: { remember: memo.remember } })).toMatchObject({ status: 'live', progress: { uploaded: 10 } });
      expect(asked.pop()).toBeNull();
      expect(await publish(builder(second), { target: built, previous: memo.last, uploadAll: true, deps: { remember: memo.remember } })).toMatchObject({ status: 'live', progress: { uploaded: 10 } });
      expect(asked.pop()).toBeNull();
    }, 30_000);

    it('a delete that fails leaves the publish live and is retried by the next one', async () => {
      const retry = target({ prefix: 'retry' });
      const memo = memory();
      const first = await testWindow(expert, T1, { pages: 3 });
      expect(await publish(first, { target: retry, deps: { remember: memo.remember } })).toMatchObject({ status: 'live' });
      server.interfere = (request, response) => {
        if (request.method !== 'DELETE') return 'pass';
        response.writeHead(503).end();
        return 'handled';
      };
      const second = await editedWindow(expert, first, T2, { leaves: 'p/pick-2.html', joins: 'p/pick-7.html' });
      expect(await publish(second, { target: retry, previous: memo.last, deps: { remember: memo.remember } })).toMatchObject({ status: 'live', progress: { removed: 0, notRemoved: 1 } });
      expect(memo.last!.leftover).toEqual(['p/pick-2.html']);
      expect((await fetch(`${server.origin}/haowu/retry/p/pick-2.html`, {})).status).toBe(200);

      server.reset();
      expect(await publish(second, { target: retry, previous: memo.last, deps: { remember: memo.remember } })).toMatchObject({ status: 'live', progress: { uploaded: 1, removed: 1, notRemoved: 0 } });
      expect(memo.last!.leftover).toEqual([]);
      expect((await fetch(`${server.origin}/haowu/retry/p/pick-2.html`, {})).status).toBe(404);
    }, 30_000);

    /** The server answers 500 to every upload of index.html. */
    const refuseIndexUploads = () => {
      server.interfere = (request, response) => {
        if (request.method !== 'PUT' || !request.url?.includes('index.html')) return 'pass';
        response.writeHead(500).end();
        return 'handled';
      };
    };
    /** An edit of one pick: its page and index.html change, the feed is signed anew; every page was there before. */
    const editedInPlace = async (window: readonly WindowFile[], publishedAt: string): Promise<WindowFile[]> => {
      const feed = (await testWindow(expert, publishedAt)).find((file) => file.path === 'feed.json')!;
      return window.map((file) =>
        file.path === 'feed.json' ? feed : file.path === 'index.html' || file.path === 'p/pick-1.html' ? { ...file, body: `${String(file.body)}<p>edited ${publishedAt}</p>` } : file,
      );
    };
    const textOf = (files: readonly WindowFile[], path: string) => String(files.find((file) => file.path === path)!.body);

    /** `files` as the background's builder gives them: the pages first, feed.json signed when asked (`feedLater`). */
    const feedLater = (files: readonly WindowFile[], feed: () => Promise<WindowFile> = async () => files.find((file) => file.path === 'feed.json')!): WindowSource =>
      async () => ({ files: files.filter((file) => file.path !== 'feed.json'), feed });

    it('signs a feed left for later while the pages upload, and still puts it after every page when one is new', async () => {
      const later = target({ prefix: 'later' });
      const memo = memory();
      let asked = 0;
      const first = await testWindow(expert, T1, { pages: 3 });
      const source = feedLater(first, async () => (asked++, first.find((file) => file.path === 'feed.json')!));
      expect(await publish(source, { target: later, deps: { remember: memo.remember } })).toMatchObject({ status: 'live', publishedAt: T1, progress: { total: first.length, uploaded: first.length } });
      expect(asked).toBe(1);
      const puts = server.seen.filter((request) => request.method === 'PUT').map((request) => request.path);
      expect(puts.at(-1)).toBe('/haowu/later/feed.json');
      expect(puts.at(-2)).toBe('/haowu/later/index.html');
      expect(memo.last?.files['feed.json']).toBe(createHash('sha256').update(textOf(first, 'feed.json')).digest('hex'));

      // An edit (every page it changes is already there): live with the new feed; nothing more to send after it.
      const second = await editedInPlace(first, T2);
      server.reset();
      expect(await publish(feedLater(second), { target: later, previous: memo.last, deps: { remember: memo.remember } })).toMatchObject({ status: 'live', publishedAt: T2, progress: { uploaded: 3 } });
      expect(server.seen.filter((request) => request.method === 'PUT').map((request) => request.path).sort()).toEqual(['/haowu/later/feed.json', '/haowu/later/index.html', '/haowu/later/p/pick-1.html']);
      expect(await liveFeed(`${server.origin}/haowu/later`)).toMatchObject({ ok: true, payload: { publishedAt: T2 } });
      server.reset();
      expect(await publish(feedLater(second), { target: later, previous: memo.last, deps: { remember: memo.remember } })).toMatchObject({ status: 'live', progress: { uploaded: 1 } });
    }, 30_000);

    it('a feed left for later that cannot be signed, or is too large, fails the publish and never goes up', async () => {
      const unsigned = target({ prefix: 'unsigned' });
      const memo = memory();
      const first = await testWindow(expert, T1, { pages: 2 });
      expect(await publish(first, { target: unsigned, deps: { remember: memo.remember } })).toMatchObject({ status: 'live' });
      const remembered = memo.last;
      const second = await editedInPlace(first, T2);
      server.reset();
      const refused = feedLater(second, async () => {
        throw new HaowuError('invalid-input', 'profile.notPublishable');
      });
      expect(await publish(refused, { target: unsigned, previous: memo.last, deps: { remember: memo.remember } })).toMatchObject({ status: 'failed', code: 'invalid-window', step: 'build' });
      const huge = feedLater(second, async () => ({ ...second.find((file) => file.path === 'feed.json')!, body: ' '.repeat(5 * 1024 * 1024 + 1) }));
      expect(await publish(huge, { target: unsigned, previous: memo.last, deps: { remember: memo.remember } })).toMatchObject({ status: 'failed', code: 'too-large', file: 'feed.json' });
      expect(server.seen.some((request) => request.method === 'PUT' && request.path.endsWith('feed.json'))).toBe(false);
      expect(memo.last).toBe(remembered);
      // Followers still read the last publish's feed, whose pages are all there.
      expect(await liveFeed(`${server.origin}/haowu/unsigned`)).toMatchObject({ ok: true, payload: { publishedAt: T1 } });
      expect(await publish(feedLater(second), { target: unsigned, previous: memo.last, deps: { remember: memo.remember } })).toMatchObject({ status: 'live', publishedAt: T2 });
    }, 30_000);

    it('a page that fails beside a feed left for later fails the publish, remembers nothing, and the retry completes it', async () => {
      const beside = target({ prefix: 'beside' });
      const memo = memory();
      const first = await testWindow(expert, T1, { pages: 3 });
      expect(await publish(first, { target: beside, deps: { remember: memo.remember } })).toMatchObject({ status: 'live' });
      const remembered = memo.last;
      refuseIndexUploads();
      const second = await editedInPlace(first, T2);
      expect(await publish(feedLater(second), { target: beside, previous: memo.last, deps: { remember: memo.remember } })).toMatchObject({ status: 'failed', step: 'upload', file: 'index.html' });
      expect(memo.last).toBe(remembered);
      // Either feed may be live (the new one went up beside the pages, or was held back): each verifies and finds its pages.
      expect(await liveFeed(`${server.origin}/haowu/beside`)).toMatchObject({ ok: true });
      server.reset();
      expect(await publish(feedLater(second), { target: beside, previous: memo.last, deps: { remember: memo.remember } })).toMatchObject({ status: 'live', publishedAt: T2 });
      expect((await fetch(`${server.origin}/haowu/beside/index.html`, {}).then((response) => response.text()))).toContain(T2);
    }, 30_000);

    it('reads the public feed whole when the storage tagged the upload weakly, not at all, or otherwise than the public address', async () => {
      const retagged = target({ prefix: 'retagged' });
      const memo = memory();
      const files = await testWindow(expert, T1, { pages: 2 });
      const served = `"${createHash('md5').update(textOf(files, 'feed.json')).digest('hex')}"`;
      for (const given of ['W/"weak"', null, '"another-tag"']) {
        const asked: (string | null)[] = [];
        const statuses: number[] = [];
        // The storage's answer to the feed's PUT, with `given` for its ETag (as a proxy or another service might).
        const retagging: FetchLike = async (url, init) => {
          const response = await fetch(url, init);
          if (url.includes('haowu-check')) {
            asked.push(new Headers(init.headers).get('if-none-match'));
            statuses.push(response.status);
          }
          if (init.method !== 'PUT' || !url.endsWith('/feed.json')) return response;
          const headers = new Headers(response.headers);
          if (given === null) headers.delete('etag');
          else headers.set('etag', given);
          return new Response(response.body, { status: response.status, headers });
        };
        expect(await publish(files, { target: retagged, deps: { remember: memo.remember, fetch: retagging } })).toMatchObject({ status: 'live' });
        // Only a strong tag is asked by; the public address has another, so it sends the feed, compared byte for byte.
        expect(asked).toEqual([given === '"another-tag"' ? given : null]);
        expect(statuses).toEqual([200]);
        // Remembered: the tag the public address served those bytes with.
        expect(memo.last!.feedEtag).toBe(served);
      }
    }, 30_000);

    it('after an edit, sends the feed first, on a connection of its own beside the pages, and reads it back without waiting for them', async () => {
      const edits = target({ prefix: 'edits' });
      const memo = memory();
      const first = await testWindow(expert, T1, { pages: 12 });
      expect(await publish(first, { target: edits, deps: { remember: memo.remember } })).toMatchObject({ status: 'live' });
      const feed = (await testWindow(expert, T2)).find((file) => file.path === 'feed.json')!;
      // Every page edited in place: 15 pages beside the feed.
      const second = first.map((file) => (file.path === 'feed.json' ? feed : { ...file, body: `${String(file.body)}<p>edited ${T2}</p>` }));
      let inFlight = 0;
      let most = 0;
      let feedAnswered = false;
      const events: string[] = [];
      let readBackAsked = () => undefined as void;
      const readBack = new Promise<void>((resolve) => (readBackAsked = resolve));
      const puts: string[] = [];
      const watching: FetchLike = async (url, init) => {
        if (init.method === 'PUT') puts.push(new URL(url).pathname);
        inFlight++;
        most = Math.max(most, inFlight);
        // The check before the upload is asked by the same address: the read-back is the one after the feed went up.
        if (url.includes('haowu-check') && feedAnswered) {
          events.push('read-back asked');
          readBackAsked();
        }
        try {
          const response = await fetch(url, init);
          if (init.method === 'PUT' && url.endsWith('/feed.json')) feedAnswered = true;
          if (init.method === 'PUT' && url.endsWith('/p/pick-11.html')) {
            // The last page's answer waits for the read-back (or, should it never come, a while: then the order below is wrong).
            await Promise.race([readBack, new Promise((resolve) => setTimeout(resolve, 5_000))]);
            events.push('last page answered');
          }
          return response;
        } finally {
          inFlight--;
        }
      };
      server.reset();
      expect(await publish(feedLater(second), { target: edits, previous: memo.last, deps: { remember: memo.remember, fetch: watching } })).toMatchObject({
        status: 'live',
        publishedAt: T2,
        progress: { uploaded: 16 },
      });
      // The feed first (the largest file, and the one read back), then never a 7th request, which a
      // browser would queue behind the six it has open to the host.
      expect(puts[0]).toBe('/haowu/edits/feed.json');
      expect(puts).toHaveLength(16);
      expect(most).toBeLessThanOrEqual(6);
      expect(events).toEqual(['read-back asked', 'last page answered']);
      expect(await liveFeed(`${server.origin}/haowu/edits`)).toMatchObject({ ok: true, payload: { publishedAt: T2 } });
    }, 30_000);

    it('asks the permissions while the builder starts: refused, the builder is never told which pages are there, and nothing is sent', async () => {
      const first = await testWindow(expert, T1, { pages: 2 });
      server.reset();
      let told: Promise<unknown> | null = null;
      const source: WindowSource = async (unchangedSince) => {
        told = unchangedSince;
        await unchangedSince;
        return { files: first.filter((file) => file.path !== 'feed.json'), feed: async () => first.find((file) => file.path === 'feed.json')! };
      };
      const denied = await publish(source, { deps: { hasOrigin: async (pattern) => pattern !== 'https://127.0.0.1/*' } });
      expect(denied).toMatchObject({ status: 'failed', code: 'permission', step: 'permission', params: { origin: 'https://127.0.0.1/*' } });
      expect(told).not.toBeNull();
      await expect(told).rejects.toMatchObject({ code: 'permission' });
      expect(server.seen).toEqual([]);
    }, 30_000);

    it('remembers nothing from a publish that failed, so the retry uploads what it missed', async () => {
      const failing = target({ prefix: 'failing' });
      const memo = memory();
      const first = await testWindow(expert, T1, { pages: 3 });
      expect(await publish(first, { target: failing, deps: { remember: memo.remember } })).toMatchObject({ status: 'live' });
      const remembered = memo.last;
      refuseIndexUploads();
      const second = await editedWindow(expert, first, T2, { leaves: 'p/pick-2.html', joins: 'p/pick-7.html' });
      expect(await publish(second, { target: failing, previous: memo.last, deps: { remember: memo.remember } })).toMatchObject({ status: 'failed', step: 'upload' });
      expect(memo.last).toBe(remembered);
      server.reset();
      expect(await publish(second, { target: failing, previous: memo.last, deps: { remember: memo.remember } })).toMatchObject({ status: 'live', progress: { uploaded: 3, unchanged: 4, removed: 1 } });
    }, 30_000);
  });
});
