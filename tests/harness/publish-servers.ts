import { createHash, X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { DAV_PASSWORD, DAV_USER, S3_KEY_ID, S3_SECRET, httpsFetch, startS3, startWebDav, type DavServer, type S3Server, type TestCert } from '../unit/publish/servers';
import { findChromium } from './find-browser';

/*
 * Real storage for publishing in a browser: s3rver (S3-compatible, Signature V4 checked) and
 * webdav-server, started by the test on 127.0.0.1 over https with a certificate made for the run
 * (the servers themselves are tests/unit/publish/servers.ts, shared with the unit tests).
 *
 * Chromium reaches them at real-looking addresses without a port, https://s3.haowu.test and
 * https://dav.haowu.test: `--host-resolver-rules` maps each host's port 443 to the server's port,
 * and `--ignore-certificate-errors-spki-list` trusts the run's key. That flag covers every request
 * of the browser, the extension's service worker included; playwright's `ignoreHTTPSErrors` does
 * not (it covers pages only). No port also means the addresses pass Haowu's rules for following
 * (a feed address names no port). Firefox (puppeteer, `acceptInsecureCerts`, every host resolved to
 * 127.0.0.1) uses the same host names with the servers' ports.
 */

export const S3_HOST = 's3.haowu.test';
export const DAV_HOST = 'dav.haowu.test';
export const S3_ORIGIN = `https://${S3_HOST}`;
export const DAV_ORIGIN = `https://${DAV_HOST}`;
export { DAV_PASSWORD, DAV_USER, S3_KEY_ID, S3_SECRET };

export interface TrustedCert extends TestCert {
  /** base64 SHA-256 of the certificate's SubjectPublicKeyInfo, for `--ignore-certificate-errors-spki-list`. */
  spki: string;
}

/** A self-signed certificate for the test hosts (and 127.0.0.1, for Node's own reads). */
export function makeTrustedCert(hosts: readonly string[] = [S3_HOST, DAV_HOST]): TrustedCert {
  const dir = mkdtempSync(join(tmpdir(), 'haowu-publish-cert-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Haowu test storage', '-addext', `subjectAltName=${[...hosts.map((host) => `DNS:${host}`), 'IP:127.0.0.1'].join(',')}`, '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'ignore' },
    );
    const cert = readFileSync(join(dir, 'cert.pem'));
    const spkiDer = new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' });
    return { key: readFileSync(join(dir, 'key.pem')), cert, spki: createHash('sha256').update(spkiDer).digest('base64') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface PublishServers {
  s3: S3Server;
  dav: DavServer;
  cert: TrustedCert;
  /**
   * Chromium flags: each test host's 443 to its server, every other host name unresolvable (the
   * browser stays offline even without the harness's route), and the run's certificate trusted.
   */
  chromiumArgs: string[];
  /** For launchChromiumWithExtension's `networkHosts`: these go past the offline route. */
  hosts: string[];
  /** Node's fetch for the servers (127.0.0.1 and the run's certificate), e.g. to read the live feed. */
  fetch: ReturnType<typeof httpsFetch>;
  /** What anyone reads at `path` on the S3 server (its public bucket), e.g. `/haowu/mei/feed.json`. */
  readS3: (path: string) => Promise<{ status: number; text: string }>;
  close: () => Promise<void>;
}

/** Starts both servers; `buckets` on S3 (public reads), and the WebDAV `folders` made beforehand. */
export async function startPublishServers({ buckets = ['haowu'], folders = [] as string[] } = {}): Promise<PublishServers> {
  const cert = makeTrustedCert();
  const s3 = await startS3(cert, buckets);
  let dav: DavServer;
  try {
    dav = await startWebDav(cert);
  } catch (error) {
    await s3.close();
    throw error;
  }
  for (const folder of folders) await dav.mkdir(folder);
  const fetch = httpsFetch({ ca: cert.cert });
  return {
    s3,
    dav,
    cert,
    chromiumArgs: [
      `--host-resolver-rules=MAP ${S3_HOST}:443 127.0.0.1:${s3.port}, MAP ${DAV_HOST}:443 127.0.0.1:${dav.port}, MAP * ~NOTFOUND`,
      `--ignore-certificate-errors-spki-list=${cert.spki}`,
    ],
    hosts: [S3_HOST, DAV_HOST],
    fetch,
    readS3: async (path) => {
      const response = await fetch(`${s3.origin}${path}`, {});
      return { status: response.status, text: await response.text() };
    },
    close: async () => {
      fetch.close();
      await Promise.allSettled([s3.close(), dav.close()]);
    },
  };
}

/** A plain Chromium (no extension) that reaches the test servers, e.g. to look at a published window. */
export function launchChromiumForServers(servers: Pick<PublishServers, 'chromiumArgs'>, { headless = true } = {}): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', ...servers.chromiumArgs] });
}

/**
 * From the `after`-th PUT on, the server answers nothing and drops every connection, as a server that
 * stopped half-way through an upload would. `server.reset()` starts it answering again.
 */
export function stopAnsweringAfterPuts(server: S3Server | DavServer, after: number): void {
  let stopped = false;
  server.interfere = (request, _response, nth) => {
    stopped ||= request.method === 'PUT' && nth.put >= after;
    if (!stopped) return 'pass';
    request.socket.destroy();
    return 'handled';
  };
}
