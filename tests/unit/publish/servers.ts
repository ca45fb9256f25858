import { createHash, createHmac } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FetchLike } from '../../../utils/publish/http';

/*
 * Real servers for publishing tests, on 127.0.0.1 over https with a certificate made for the run:
 * s3rver (S3-compatible) behind a Signature V4 check of our own (s3rver accepts any V4 signature),
 * and webdav-server v2 with Basic auth, anonymous reads (a public folder) and writes for its user.
 * Node's fetch cannot be told to trust a certificate at runtime, so `httpsFetch` is a small fetch
 * on node:https with the test CA; it behaves as a browser's fetch does for what publishing uses.
 */

const require = createRequire(import.meta.url);

export interface TestCert {
  key: Buffer;
  cert: Buffer;
}

/** A self-signed certificate for 127.0.0.1 and *.s3.test (virtual-hosted buckets). */
export function makeCert(): TestCert {
  const dir = mkdtempSync(join(tmpdir(), 'haowu-cert-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:s3.test,DNS:*.s3.test',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  const cert = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  rmSync(dir, { recursive: true, force: true });
  return cert;
}

export interface HttpsFetchOptions {
  /** Trusted CA (the test certificate); without it, the certificate is refused like a browser would. */
  ca?: Buffer;
  /** Every host name resolves to 127.0.0.1 (for virtual-hosted bucket names). */
  resolveAllToLocalhost?: boolean;
}

/** A fetch over node:https: method, headers, string or byte bodies, abort signals; redirects are not followed. */
export function httpsFetch(options: HttpsFetchOptions = {}): FetchLike & { close: () => void } {
  const agent = new https.Agent({ ca: options.ca, keepAlive: true, maxSockets: 32 });
  const lookup = (_host: string, opts: { all?: boolean }, callback: (...args: unknown[]) => void) =>
    opts.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4);
  const fetch = (input: string, init: RequestInit = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input);
      if (url.protocol !== 'https:') return reject(new TypeError(`not https: ${input}`));
      const headers: Record<string, string> = {};
      new Headers(init.headers ?? {}).forEach((value, key) => (headers[key] = value));
      const body = init.body as string | Uint8Array | undefined | null;
      if (body != null) headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
      const request = https.request(
        url,
        { method: init.method ?? 'GET', headers, agent, ...(options.resolveAllToLocalhost && { lookup: lookup as never }) },
        (response) => {
          const responseHeaders = new Headers();
          for (const [key, value] of Object.entries(response.headers)) if (value !== undefined) responseHeaders.set(key, Array.isArray(value) ? value.join(', ') : value);
          const status = response.statusCode ?? 0;
          const noBody = status === 204 || status === 304 || init.method === 'HEAD';
          if (noBody) response.resume();
          const answer = new Response(noBody ? null : (Readable.toWeb(response) as ReadableStream), { status, headers: responseHeaders });
          Object.defineProperty(answer, 'url', { value: input });
          resolve(answer);
        },
      );
      const abort = () => request.destroy(Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' }));
      if (init.signal?.aborted) abort();
      init.signal?.addEventListener('abort', abort, { once: true });
      request.on('error', (error) => reject(new TypeError(`fetch failed: ${error.message}`)));
      request.end(body == null ? undefined : body);
    });
  return Object.assign(fetch as FetchLike, { close: () => agent.destroy() });
}

/** What a test server saw: method and path of each request, in order of arrival. */
export interface SeenRequest {
  method: string;
  path: string;
  contentType?: string;
  cacheControl?: string;
}

/** A test's say over one request before the real server handles it: answer it, drop it, or let it through. */
export type Interfere = (request: IncomingMessage, response: ServerResponse, nth: { put: number }) => 'pass' | 'handled';

export interface TestServer {
  origin: string;
  port: number;
  seen: SeenRequest[];
  /** Set per test; reset to pass-through by `reset()`. */
  interfere: Interfere;
  reset: () => void;
  close: () => Promise<void>;
}

function listen(cert: TestCert, handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<https.Server> {
  const server = https.createServer({ key: cert.key, cert: cert.cert }, handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function closeServer(server: https.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Seen, counted, interfered with, then handed to the real server. */
function front(state: { seen: SeenRequest[]; interfere: Interfere; puts: number }, handle: (request: IncomingMessage, response: ServerResponse) => void) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'https://x').pathname);
    state.seen.push({ method: request.method ?? 'GET', path, contentType: request.headers['content-type'], cacheControl: request.headers['cache-control'] as string | undefined });
    if (request.method === 'PUT') state.puts++;
    if (state.interfere(request, response, { put: state.puts }) === 'handled') return;
    handle(request, response);
  };
}

// ---- S3 ----

export const S3_KEY_ID = 'HAOWUTESTKEY';
export const S3_SECRET = 'haowu-test-secret/with+symbols=';

const awsEncode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text).digest();

/**
 * Checks a request's AWS Signature V4 (header form) against `keys`, written from the AWS
 * documentation independently of aws4fetch: null when it verifies, else the S3 error code.
 */
export function checkSigV4(request: IncomingMessage, keys: Record<string, string>): 'InvalidAccessKeyId' | 'SignatureDoesNotMatch' | 'AccessDenied' | null {
  const header = request.headers.authorization;
  if (!header) return 'AccessDenied';
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(header);
  if (!match) return 'SignatureDoesNotMatch';
  const [, keyId, day, region, signedHeaders, signature] = match as unknown as [string, string, string, string, string, string];
  const secret = keys[keyId];
  if (secret === undefined) return 'InvalidAccessKeyId';
  const url = new URL(request.url ?? '/', 'https://x');
  const path = url.pathname.split('/').map((segment) => awsEncode(decodeURIComponent(segment))).join('/');
  const query = [...url.searchParams].map(([k, v]) => [awsEncode(k), awsEncode(v)]).sort().map((pair) => pair.join('=')).join('&');
  const names = signedHeaders.split(';');
  const canonicalHeaders = names.map((name) => `${name}:${String(request.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const payloadHash = String(request.headers['x-amz-content-sha256'] ?? '');
  const canonical = [request.method, path, query, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const datetime = String(request.headers['x-amz-date'] ?? '');
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', datetime, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), 's3'), 'aws4_request');
  return hmac(signingKey, toSign).toString('hex') === signature ? null : 'SignatureDoesNotMatch';
}

const s3Error = (response: ServerResponse, status: number, code: string) => {
  response.writeHead(status, { 'content-type': 'application/xml' });
  response.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${code}</Message></Error>`);
};

export interface S3Server extends TestServer {
  /** Writes an object directly (as another uploader would), bypassing the signature check. */
  putDirect: (bucket: string, key: string, body: string, contentType?: string) => Promise<void>;
}

/**
 * s3rver on https. Writes must carry a valid Signature V4 for S3_KEY_ID/S3_SECRET; reads are
 * anonymous (a public bucket), as a window's public address is.
 */
export async function startS3(cert: TestCert, buckets: string[] = ['haowu']): Promise<S3Server> {
  const S3rver = require('s3rver') as new (options: object) => { configureBuckets: () => Promise<void>; callback: () => (req: IncomingMessage, res: ServerResponse) => void; reset: () => void };
  const directory = mkdtempSync(join(tmpdir(), 'haowu-s3-'));
  const s3 = new S3rver({ directory, silent: true, serviceEndpoint: 'test', configureBuckets: buckets.map((name) => ({ name })) });
  await s3.configureBuckets();
  const handle = s3.callback();
  const state = { seen: [] as SeenRequest[], interfere: (() => 'pass') as Interfere, puts: 0 };
  const server = await listen(
    cert,
    front(state, (request, response) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        const problem = checkSigV4(request, { [S3_KEY_ID]: S3_SECRET });
        if (problem) {
          request.resume();
          return s3Error(response, 403, problem);
        }
        // Checked: s3rver knows only its own demo key, so it gets the request as an anonymous one.
        delete request.headers.authorization;
      }
      handle(request, response);
    }),
  );
  const port = (server.address() as AddressInfo).port;
  const origin = `https://127.0.0.1:${port}`;
  const direct = httpsFetch({ ca: cert.cert });
  return {
    origin,
    port,
    get seen() {
      return state.seen;
    },
    get interfere() {
      return state.interfere;
    },
    set interfere(value: Interfere) {
      state.interfere = value;
    },
    reset() {
      state.seen = [];
      state.puts = 0;
      state.interfere = () => 'pass';
    },
    async putDirect(bucket, key, body, contentType = 'application/json') {
      // s3rver without a signature (the front lets unsigned requests through only for reads, so go round it).
      const saved = state.interfere;
      state.interfere = (req, res) => {
        if (req.method === 'PUT') {
          handle(req, res);
          return 'handled';
        }
        return 'pass';
      };
      const response = await direct(`${origin}/${bucket}/${key}`, { method: 'PUT', headers: { 'content-type': contentType }, body });
      await response.text();
      state.interfere = saved;
      if (!response.ok) throw new Error(`direct PUT answered ${response.status}`);
    },
    async close() {
      direct.close();
      await closeServer(server);
      s3.reset();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

// ---- WebDAV ----

export const DAV_USER = 'mei';
export const DAV_PASSWORD = 'app-password-好物';

export interface DavServer extends TestServer {
  /** Makes a folder (and its parents). */
  mkdir: (path: string) => Promise<void>;
  /** Writes a file directly. */
  putDirect: (path: string, body: string) => Promise<void>;
}

/** webdav-server v2 on https: the user may do everything, anyone may read (a public folder). */
export async function startWebDav(cert: TestCert): Promise<DavServer> {
  const { v2: webdav } = require('webdav-server') as typeof import('webdav-server');
  const users = new webdav.SimpleUserManager();
  users.addUser(DAV_USER, DAV_PASSWORD, false);
  class PublicRead extends webdav.PrivilegeManager {
    protected override _can(_path: unknown, user: { isDefaultUser?: boolean } | undefined, _resource: unknown, privilege: string, callback: (error: Error, can: boolean) => void) {
      callback(null as unknown as Error, user && !user.isDefaultUser ? true : privilege.startsWith('canRead'));
    }
  }
  const dav = new webdav.WebDAVServer({
    httpAuthentication: new webdav.HTTPBasicAuthentication(users, 'Haowu test'),
    privilegeManager: new PublicRead(),
    requireAuthentification: false,
  });
  const state = { seen: [] as SeenRequest[], interfere: (() => 'pass') as Interfere, puts: 0 };
  const handle = (request: IncomingMessage, response: ServerResponse) => dav.executeRequest(request, response);
  const server = await listen(cert, front(state, handle));
  const port = (server.address() as AddressInfo).port;
  const origin = `https://127.0.0.1:${port}`;
  const direct = httpsFetch({ ca: cert.cert });
  const authorization = `Basic ${Buffer.from(`${DAV_USER}:${DAV_PASSWORD}`).toString('base64')}`;
  const call = async (method: string, path: string, body?: string) => {
    const response = await direct(`${origin}${path}`, { method, headers: { authorization }, body });
    await response.text();
    return response.status;
  };
  return {
    origin,
    port,
    get seen() {
      return state.seen;
    },
    get interfere() {
      return state.interfere;
    },
    set interfere(value: Interfere) {
      state.interfere = value;
    },
    reset() {
      state.seen = [];
      state.puts = 0;
      state.interfere = () => 'pass';
    },
    async mkdir(path) {
      const parts = path.split('/').filter(Boolean);
      for (let i = 1; i <= parts.length; i++) await call('MKCOL', `/${parts.slice(0, i).join('/')}/`);
    },
    async putDirect(path, body) {
      const status = await call('PUT', path, body);
      if (status >= 300) throw new Error(`direct PUT answered ${status}`);
    },
    async close() {
      direct.close();
      await closeServer(server);
    },
  };
}
