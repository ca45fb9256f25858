// @vitest-environment node
// Node's own fetch types (Response, ReadableStream, AbortSignal), as the service worker has them.
import { describe, expect, it, vi } from 'vitest';
import { AVATAR_FETCH_TIMEOUT_MS, coverCrop, fetchAvatarCopy, MAX_AVATAR_DOWNLOAD_BYTES, type AvatarFetchDeps } from '../../../utils/avatar/avatar-copy';
import { isAvatarDataUrl, MAX_AVATAR_DATA_URL_LENGTH } from '../../../utils/avatar/stored-avatar';
import type { FetchLike } from '../../../utils/feed/fetch-feed';
import { fakeCodec, type FakeCodec } from './fake-codec';
import { bytesOf, gif, jpeg, png, webp } from './images';

const URL_OK = 'https://img.example/mei.png';

interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that records each request and answers with `answer`. */
function fakeFetch(answer: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    return answer(url, init);
  };
  return { fetch, calls };
}

const image = (bytes: Uint8Array<ArrayBuffer>, contentType: string | null = 'image/png', init: { status?: number; headers?: Record<string, string> } = {}) =>
  new Response(bytes, { status: init.status ?? 200, headers: { ...(contentType !== null && { 'content-type': contentType }), ...init.headers } });

/** A time limit fired by hand: no test waits for real time. */
function manualTimer() {
  const timer = {
    ms: 0,
    fire: () => {},
    cancel: vi.fn(),
    start: (onTimeout: () => void, ms: number) => {
      timer.ms = ms;
      timer.fire = onTimeout;
      return timer.cancel;
    },
  };
  return timer;
}

/** A body of `chunks` chunks of `size` bytes, produced only as they are read; counts what was read. */
function countingBody(first: Uint8Array<ArrayBuffer>, chunks: number, size: number) {
  const stats = { pulled: 0, cancelled: false };
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      stats.pulled++;
      if (sent === 0) controller.enqueue(first);
      else if (sent < chunks) controller.enqueue(new Uint8Array(size));
      else controller.close();
      sent++;
    },
    cancel() {
      stats.cancelled = true;
    },
  });
  return { stream, stats };
}

function run(url: string, fetch: FetchLike, codec: FakeCodec = fakeCodec(), timer = manualTimer()) {
  const deps: AvatarFetchDeps = { fetch, codec, startTimer: timer.start };
  return fetchAvatarCopy(url, deps);
}

describe('fetchAvatarCopy: the request', () => {
  it('fetches https only: any other address is refused without a request', async () => {
    const server = fakeFetch(() => image(png(10, 10)));
    for (const url of ['http://img.example/a.png', 'data:image/png;base64,iVBORw0KGgo=', 'javascript:alert(1)', 'ftp://img.example/a.png', 'not a url', '']) {
      expect(await run(url, server.fetch)).toEqual({ ok: false, code: 'not-https' });
    }
    expect(server.calls).toEqual([]);
  });

  it('sends no cookies and no referrer, follows redirects, keeps nothing in the HTTP cache, and asks for raster images only', async () => {
    const server = fakeFetch(() => image(png(10, 10)));
    await run(URL_OK, server.fetch);
    expect(server.calls).toHaveLength(1);
    const { url, init } = server.calls[0]!;
    expect(url).toBe(URL_OK);
    expect(init).toMatchObject({ credentials: 'omit', referrerPolicy: 'no-referrer', redirect: 'follow', cache: 'no-store' });
    expect(init.signal).toBeInstanceOf(AbortSignal);
    expect((init.headers as Record<string, string>).accept).not.toMatch(/svg/);
  });

  it('refuses an answer that was redirected off https', async () => {
    const codec = fakeCodec();
    const server = fakeFetch(() => {
      const response = image(png(10, 10));
      Object.defineProperty(response, 'url', { value: 'http://img.example/mei.png' });
      return response;
    });
    expect(await run(URL_OK, server.fetch, codec)).toEqual({ ok: false, code: 'not-https' });
    expect(codec.decodes).toEqual([]);
  });

  it('reports a server error and a network failure (offline, or not readable without CORS headers)', async () => {
    expect(await run(URL_OK, fakeFetch(() => image(png(10, 10), 'image/png', { status: 404 })).fetch)).toEqual({ ok: false, code: 'http-status' });
    const offline = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await run(URL_OK, offline.fetch)).toEqual({ ok: false, code: 'network' });
  });
});

describe('fetchAvatarCopy: what is accepted', () => {
  it('accepts PNG, JPEG, GIF and WebP by Content-Type (parameters and case ignored, image/jpg too)', async () => {
    for (const [bytes, type] of [
      [png(64, 64), 'image/PNG; charset=binary'],
      [jpeg(64, 64), 'image/jpeg'],
      [jpeg(64, 64), 'image/jpg'],
      [gif(64, 64), 'image/gif'],
      [webp(64, 64), 'image/webp'],
    ] as const) {
      const result = await run(URL_OK, fakeFetch(() => image(bytes, type)).fetch);
      expect(result, type).toMatchObject({ ok: true, type: 'image/webp' });
    }
  });

  it('refuses SVG, HTML, a missing Content-Type and other types before decoding anything', async () => {
    const codec = fakeCodec();
    const svg = bytesOf('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    for (const type of ['image/svg+xml', 'text/html', 'application/octet-stream', 'image/x-icon', 'image/bmp', null]) {
      expect(await run(URL_OK, fakeFetch(() => image(svg, type)).fetch, codec), String(type)).toEqual({ ok: false, code: 'content-type' });
    }
    expect(codec.decodes).toEqual([]);
  });

  it('refuses bytes that are not an image whatever the Content-Type says (SVG served as PNG, an HTML error page)', async () => {
    const codec = fakeCodec();
    for (const body of ['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', '<!doctype html><h1>Not found</h1>', '']) {
      expect(await run(URL_OK, fakeFetch(() => image(bytesOf(body), 'image/png')).fetch, codec)).toEqual({ ok: false, code: 'bad-bytes' });
    }
    // An image header too short to read its size.
    expect(await run(URL_OK, fakeFetch(() => image(png(10, 10).subarray(0, 12), 'image/png')).fetch, codec)).toEqual({ ok: false, code: 'bad-bytes' });
    expect(codec.decodes).toEqual([]);
  });

  it('decodes the type the bytes show, not the one the server claims', async () => {
    const codec = fakeCodec();
    expect(await run(URL_OK, fakeFetch(() => image(jpeg(64, 64), 'image/png')).fetch, codec)).toMatchObject({ ok: true });
    expect(codec.decodes.map((d) => d.type)).toEqual(['image/jpeg']);
  });

  it('never decodes an image whose header declares too many pixels (a decompression bomb)', async () => {
    const codec = fakeCodec();
    expect(await run(URL_OK, fakeFetch(() => image(png(20_000, 20_000))).fetch, codec)).toEqual({ ok: false, code: 'too-many-pixels' });
    expect(codec.decodes).toEqual([]);
    // And if the decoder finds more than the header said, the bitmap is dropped unused.
    const lying = fakeCodec({ decodedSize: { width: 20_000, height: 20_000 } });
    expect(await run(URL_OK, fakeFetch(() => image(png(100, 100))).fetch, lying)).toEqual({ ok: false, code: 'too-many-pixels' });
    expect(lying.crops).toEqual([]);
    expect(lying.closed).toHaveBeenCalledOnce();
  });
});

describe('fetchAvatarCopy: the size cap', () => {
  it('refuses a Content-Length over the cap without reading the body', async () => {
    const { stream, stats } = countingBody(png(10, 10), 100, 64 * 1024);
    const server = fakeFetch(() => new Response(stream, { headers: { 'content-type': 'image/png', 'content-length': String(MAX_AVATAR_DOWNLOAD_BYTES + 1) } }));
    expect(await run(URL_OK, server.fetch)).toEqual({ ok: false, code: 'too-large' });
    // The stream may have buffered its first chunk on its own; nothing more was read.
    expect(stats.pulled).toBeLessThanOrEqual(1);
  });

  it('stops reading a body without Content-Length as soon as it passes the cap', async () => {
    const chunk = 64 * 1024;
    const { stream, stats } = countingBody(png(10, 10), 1000, chunk); // 64 MB if read to the end
    const codec = fakeCodec();
    expect(await run(URL_OK, fakeFetch(() => new Response(stream, { headers: { 'content-type': 'image/png' } })).fetch, codec)).toEqual({ ok: false, code: 'too-large' });
    expect(stats.pulled).toBeLessThanOrEqual(MAX_AVATAR_DOWNLOAD_BYTES / chunk + 3);
    expect(stats.cancelled).toBe(true);
    expect(codec.decodes).toEqual([]);
  });

  it('accepts a body of exactly the cap', async () => {
    const bytes = new Uint8Array(MAX_AVATAR_DOWNLOAD_BYTES);
    bytes.set(png(100, 100));
    expect(await run(URL_OK, fakeFetch(() => image(bytes)).fetch)).toMatchObject({ ok: true });
  });
});

describe('fetchAvatarCopy: the time limit', () => {
  it('gives up after 10 seconds when the server never answers, and aborts the request', async () => {
    const timer = manualTimer();
    let signal: AbortSignal | undefined;
    let started!: () => void;
    const isStarted = new Promise<void>((resolve) => (started = resolve));
    const server = fakeFetch((_url, init) => {
      signal = init.signal ?? undefined;
      started();
      return new Promise<Response>(() => {}); // never answers, and ignores the abort
    });
    const pending = run(URL_OK, server.fetch, fakeCodec(), timer);
    await isStarted;
    expect(timer.ms).toBe(AVATAR_FETCH_TIMEOUT_MS);
    timer.fire();
    expect(await pending).toEqual({ ok: false, code: 'timeout' });
    expect(signal?.aborted).toBe(true);
  });

  it('gives up when the body stalls half-way, as an abort-aware fetch reports it', async () => {
    const timer = manualTimer();
    let started!: () => void;
    const isStarted = new Promise<void>((resolve) => (started = resolve));
    const server = fakeFetch((_url, init) => {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(png(10, 10));
          started();
          // Real fetch errors the body when its signal aborts.
          init.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return new Response(stream, { headers: { 'content-type': 'image/png' } });
    });
    const pending = run(URL_OK, server.fetch, fakeCodec(), timer);
    await isStarted;
    timer.fire();
    expect(await pending).toEqual({ ok: false, code: 'timeout' });
  });

  it('cancels the timer when the copy is done', async () => {
    const timer = manualTimer();
    expect(await run(URL_OK, fakeFetch(() => image(png(10, 10))).fetch, fakeCodec(), timer)).toMatchObject({ ok: true });
    expect(timer.cancel).toHaveBeenCalled();
  });
});

describe('fetchAvatarCopy: the copy', () => {
  it('redraws the centred square at most 96×96, returns a WebP data URL, and frees the bitmap', async () => {
    const codec = fakeCodec();
    const result = await run(URL_OK, fakeFetch(() => image(png(300, 200))).fetch, codec);
    expect(result).toMatchObject({ ok: true, type: 'image/webp' });
    if (!result.ok) throw new Error('expected a copy');
    expect(result.dataUrl).toMatch(/^data:image\/webp;base64,[A-Za-z0-9+/]+=*$/);
    expect(isAvatarDataUrl(result.dataUrl)).toBe(true);
    expect(codec.crops).toEqual([{ sx: 50, sy: 0, side: 200, size: 96 }]);
    expect(codec.closed).toHaveBeenCalledOnce();
  });

  it('never upscales a small image', () => {
    expect(coverCrop(40, 60)).toEqual({ sx: 0, sy: 10, side: 40, size: 40 });
    expect(coverCrop(96, 96)).toEqual({ sx: 0, sy: 0, side: 96, size: 96 });
    expect(coverCrop(1000, 3000)).toEqual({ sx: 0, sy: 1000, side: 1000, size: 96 });
  });

  it('accepts a PNG from an encoder that cannot write WebP', async () => {
    const codec = fakeCodec({ output: (crop) => ({ type: 'image/png', bytes: png(crop.size, crop.size, 300) }) });
    const result = await run(URL_OK, fakeFetch(() => image(png(200, 200))).fetch, codec);
    expect(result).toMatchObject({ ok: true, type: 'image/png', dataUrl: expect.stringMatching(/^data:image\/png;base64,/) });
  });

  it('reports an image that does not decode, or does not encode, and frees the bitmap', async () => {
    expect(await run(URL_OK, fakeFetch(() => image(png(10, 10))).fetch, fakeCodec({ failDecode: true }))).toEqual({ ok: false, code: 'decode' });
    const failing = fakeCodec({ failEncode: true });
    expect(await run(URL_OK, fakeFetch(() => image(png(10, 10))).fetch, failing)).toEqual({ ok: false, code: 'encode' });
    expect(failing.closed).toHaveBeenCalledOnce();
  });

  it('refuses an encoding that is not a PNG or WebP, or whose bytes are not what it says', async () => {
    const asJpeg = fakeCodec({ output: { type: 'image/jpeg', bytes: jpeg(96, 96) } });
    expect(await run(URL_OK, fakeFetch(() => image(png(10, 10))).fetch, asJpeg)).toEqual({ ok: false, code: 'encode' });
    const mislabelled = fakeCodec({ output: { type: 'image/webp', bytes: png(96, 96) } });
    expect(await run(URL_OK, fakeFetch(() => image(png(10, 10))).fetch, mislabelled)).toEqual({ ok: false, code: 'encode' });
  });

  it('refuses a copy longer than the stored limit, and keeps one just within it', async () => {
    // 23 characters of prefix, then 4 base64 characters per 3 bytes.
    const fits = Math.floor((MAX_AVATAR_DATA_URL_LENGTH - 'data:image/webp;base64,'.length) / 4) * 3;
    const within = fakeCodec({ output: { type: 'image/webp', bytes: webp(96, 96, 'VP8 ', fits) } });
    const ok = await run(URL_OK, fakeFetch(() => image(png(100, 100))).fetch, within);
    expect(ok).toMatchObject({ ok: true });
    expect(ok.ok && ok.dataUrl.length).toBeLessThanOrEqual(MAX_AVATAR_DATA_URL_LENGTH);
    const over = fakeCodec({ output: { type: 'image/webp', bytes: webp(96, 96, 'VP8 ', fits + 1) } });
    expect(await run(URL_OK, fakeFetch(() => image(png(100, 100))).fetch, over)).toEqual({ ok: false, code: 'result-too-large' });
  });
});
