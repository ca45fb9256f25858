import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backgroundClient, type BackgroundClient } from '../harness/background-client';
import { launchChromiumWithExtension, type ExtensionSession } from '../harness/chromium';
import { extensionWithHostsGranted, type GrantedExtension } from '../harness/feed-follow';
import { launchFirefoxWithExtension, type FirefoxSession } from '../harness/firefox';
import { PROJECT_ROOT } from '../harness/paths';
import { makeTrustedCert, type TrustedCert } from '../harness/publish-servers';

/*
 * A feed whose address redirects, fetched by the real background over https from a real server, in
 * Chromium and Firefox. In an extension, `redirect: 'manual'` gives an opaque redirect (no Location),
 * so fetch-feed.ts asks again with `redirect: 'follow'` and `mode: 'same-origin'`: the browser then
 * follows hops within the sites Haowu may read (feeds.haowu.test → cdn.haowu.test here) and refuses,
 * before sending anything, a hop to any other (other.haowu.test, 127.0.0.1). The server's log shows
 * which hosts were asked.
 *
 * Chromium reaches a server started here at port-less names (`--host-resolver-rules`, as
 * publish-servers.ts does); Firefox resolves every name to 127.0.0.1, where its harness serves https on
 * port 443 (a host permission pattern names no port, so feed addresses must not either).
 */

const HOSTS = ['feeds.haowu.test', 'cdn.haowu.test', 'other.haowu.test'];
const GRANTED = ['https://feeds.haowu.test', 'https://cdn.haowu.test'];
const FEED_TEXT = readFileSync(join(PROJECT_ROOT, 'tests/fixtures/feeds/demo-xiaomei.feed.json'), 'utf8');
const EXPERT_NAME = 'Demo · 小美 (demo data)';

interface RedirectServer {
  /** `url` answers a redirect to `location`, or the feed when `location` is null. */
  route: (url: string, location: string | null) => void;
  /** "host/path" of every request, in order. */
  seen: string[];
}

async function startRedirectServer(cert: TrustedCert): Promise<RedirectServer & { port: number; close: () => Promise<void> }> {
  const routes = new Map<string, string | null>();
  const seen: string[] = [];
  const server: Server = createServer({ key: cert.key, cert: cert.cert }, (request, response) => {
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    seen.push(`${host}${request.url}`);
    const location = routes.get(`${host}${request.url}`);
    if (location === undefined) response.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
    else if (location === null) response.writeHead(200, { 'content-type': 'application/json' }).end(FEED_TEXT);
    else response.writeHead(302, { location }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    route: (url, location) => void routes.set(url.replace(/^https:\/\//, ''), location),
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The same story in both browsers. */
function redirectStory(setup: () => { client: () => BackgroundClient; server: () => RedirectServer }) {
  let expertId = '';
  const feedUrl = 'https://feeds.haowu.test/xiaomei.json';
  const cdnUrl = 'https://cdn.haowu.test/feeds/xiaomei.json';

  it('follows a redirect to another site Haowu may read, and shows where the feed came from', async () => {
    const { client, server } = setup();
    server().route(feedUrl, cdnUrl);
    server().route(cdnUrl, null);
    const followed = await client().request('followFeed', { url: feedUrl });
    expect(followed).toMatchObject({ ok: true, value: { kind: 'feed', expert: { displayName: EXPERT_NAME } } });
    expertId = (followed.value as { expert: { id: string } }).expert.id;
    const [expert] = await client().experts();
    expect(expert).toMatchObject({ feedUrl, feedStatus: { summaryInfo: { redirectedTo: cdnUrl } } });
    expect(expert!.feedStatus.summary).toContain(`read from ${cdnUrl} (the address redirects there)`);
    expect(server().seen).toContain('cdn.haowu.test/feeds/xiaomei.json');
  });

  it.each([
    ['a site the user did not grant', 'other.haowu.test'],
    ['a loopback address', '127.0.0.1'],
  ])('refuses a redirect to %s without asking it, and keeps the picks', async (_what, host) => {
    const { client, server } = setup();
    const before = (await client().recommendations()).map((r) => r.id).sort();
    expect(before.length).toBeGreaterThan(0);
    server().route(feedUrl, `https://${host}/steal`);
    server().seen.length = 0;
    const refreshed = await client().request('refreshFeeds', { expertId });
    expect(refreshed).toMatchObject({ ok: true, value: [{ status: 'failed', detail: { info: { code: 'redirect-not-allowed' } } }] });
    // The hop was refused before it was sent: only the feed's own address was asked.
    expect(server().seen.every((line) => line.startsWith('feeds.haowu.test/'))).toBe(true);
    expect(server().seen).not.toContain(`${host}/steal`);
    const [expert] = await client().experts();
    expect(expert!.feedStatus.lastError).toContain('on a site Haowu may not read');
    expect((await client().recommendations()).map((r) => r.id).sort()).toEqual(before);
  });
}

describe('a feed that redirects (Chromium)', () => {
  let cert: TrustedCert;
  let server: Awaited<ReturnType<typeof startRedirectServer>>;
  let extension: GrantedExtension;
  let session: ExtensionSession;
  let client: BackgroundClient;

  beforeAll(async () => {
    cert = makeTrustedCert([...HOSTS, 'localhost']);
    server = await startRedirectServer(cert);
    extension = extensionWithHostsGranted(GRANTED);
    const rules = HOSTS.map((host) => `MAP ${host}:443 127.0.0.1:${server.port}`).join(', ');
    session = await launchChromiumWithExtension({
      extensionDir: extension.dir,
      // 127.0.0.1:443 goes to the server too, so a request there would show in its log.
      args: [`--host-resolver-rules=${rules}, MAP 127.0.0.1:443 127.0.0.1:${server.port}, MAP * ~NOTFOUND`, `--ignore-certificate-errors-spki-list=${cert.spki}`],
      networkHosts: [...HOSTS, '127.0.0.1'],
    });
    client = await backgroundClient(await session.openExtensionPage('popup.html'));
  });
  afterAll(async () => {
    await session?.close();
    extension?.remove();
    await server?.close();
  });

  redirectStory(() => ({ client: () => client, server: () => server }));
});

describe('a feed that redirects (Firefox)', () => {
  let extension: GrantedExtension;
  let session: FirefoxSession;
  let client: BackgroundClient;

  beforeAll(async () => {
    extension = extensionWithHostsGranted(GRANTED, 'firefox-mv2');
    session = await launchFirefoxWithExtension({ extensionDir: extension.dir });
    client = await backgroundClient(await session.openExtensionPage('options.html'));
  });
  afterAll(async () => {
    await session?.close();
    extension?.remove();
  });

  // The harness's fixture server on 127.0.0.1:443 answers every host, and logs what it was asked.
  const server = (): RedirectServer => ({
    route: (url, location) => session.serve([location === null ? { url, html: FEED_TEXT, contentType: 'application/json' } : { url, redirectTo: location }]),
    seen: session.requests,
  });
  redirectStory(() => ({ client: () => client, server }));
});
