import type { ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signFeed } from '../../utils/feed/crypto';
import { backgroundClient, type BackgroundClient } from '../harness/background-client';
import { launchChromiumWithExtension, type ExtensionSession } from '../harness/chromium';
import { extensionWithHostsGranted, type GrantedExtension } from '../harness/feed-follow';
import { makeTrustedCert } from '../harness/publish-servers';
import { newExpert, payloadFor, recommendation } from '../unit/feed/helpers';

/*
 * The real service worker stopped in the middle of a feed refresh, in Chromium: the server sends the
 * headers and half of the new feed, then holds; the test stops the worker (CDP
 * ServiceWorker.stopAllWorkers, as Chrome stops an idle one, checked with Target.getTargets). The
 * expert's picks must be the old feed's, whole, and the status must show the refresh as cut off; the
 * next refresh, in a worker the browser starts again for it, must complete and leave the new feed's
 * picks, whole. The unit side (every await of a refresh) is tests/unit/feed/refresh-crash.test.ts.
 */

const HOST = 'feeds.haowu.test';
const FEED_URL = `https://${HOST}/mei.json`;
const TIMEOUT = 15_000;

interface HeldServer {
  port: number;
  /** Serves `body`; with `hold`, sends the headers and the first half, then waits until `release`. */
  serve: (body: string, hold?: boolean) => void;
  /** Resolves when a held answer has sent its first half. */
  halfSent: () => Promise<void>;
  close: () => Promise<void>;
}

async function startHeldServer(cert: { key: Buffer; cert: Buffer }): Promise<HeldServer> {
  let body = '';
  let hold = false;
  let onHalf: () => void = () => undefined;
  let half = new Promise<void>((resolve) => (onHalf = resolve));
  const held: ServerResponse[] = [];
  const server: Server = createServer(cert, (request, response) => {
    if (request.url !== '/mei.json') return void response.writeHead(404).end();
    const bytes = Buffer.from(body, 'utf8');
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes.length), 'cache-control': 'no-store' });
    if (!hold) return void response.end(bytes);
    response.write(bytes.subarray(0, bytes.length >> 1));
    held.push(response);
    onHalf();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    serve: (next, nextHold = false) => {
      body = next;
      hold = nextHold;
      half = new Promise<void>((resolve) => (onHalf = resolve));
    },
    halfSent: () => half,
    close: async () => {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

describe('the service worker stopped mid-refresh (Chromium)', () => {
  let server: HeldServer;
  let extension: GrantedExtension;
  let session: ExtensionSession;
  let page: Page;
  let client: BackgroundClient;
  let browserCdp: CDPSession;
  let oldFeed = '';
  let newFeed = '';
  let expertId = '';

  beforeAll(async () => {
    const cert = makeTrustedCert([HOST]);
    server = await startHeldServer(cert);
    extension = extensionWithHostsGranted([`https://${HOST}`]);
    session = await launchChromiumWithExtension({
      extensionDir: extension.dir,
      args: [`--host-resolver-rules=MAP ${HOST}:443 127.0.0.1:${server.port}, MAP * ~NOTFOUND`, `--ignore-certificate-errors-spki-list=${cert.spki}`],
      networkHosts: [HOST],
    });
    page = await session.openExtensionPage('popup.html');
    client = await backgroundClient(page);
    const browser = session.context.browser();
    if (!browser) throw new Error('no browser-level CDP session');
    browserCdp = await browser.newBrowserCDPSession();

    const mei = await newExpert();
    const sign = (publishedAt: string, picks: ReturnType<typeof recommendation>[], retractions: { id: string; retractedAt: string }[] = []) =>
      signFeed({ ...payloadFor(mei, picks, retractions), publishedAt }, mei.keyPair.privateKey).then((envelope) => JSON.stringify(envelope));
    oldFeed = await sign('2025-03-01T08:00:00.000Z', [recommendation('m1'), recommendation('m2'), recommendation('m3')]);
    // Padded with many picks so that half of it is well past anything a parser could take for whole.
    const many = Array.from({ length: 200 }, (_, i) => recommendation(`n${i}`));
    newFeed = await sign('2025-03-02T08:00:00.000Z', [recommendation('m1', { reason: 'Edited: the lid leaks after a year.' }), ...many], [
      { id: 'm2', retractedAt: '2025-03-02T07:00:00.000Z' },
    ]);
  });
  afterAll(async () => {
    await session?.close();
    extension?.remove();
    await server?.close();
  });

  const workerRunning = async () => {
    const { targetInfos } = await browserCdp.send('Target.getTargets');
    return targetInfos.some((target) => target.type === 'service_worker' && target.url.startsWith(`chrome-extension://${session.extensionId}/`));
  };
  const picks = async () =>
    (await client.recommendations())
      .filter((r) => r.expertId === expertId)
      .map((r) => `${r.id.split('/')[1]}${r.deleted ? ' (deleted)' : ''}`)
      .sort();
  const status = async () => (await client.experts()).find((expert) => expert.id === expertId)!.feedStatus as { lastAttemptAt?: number; lastCheckedAt?: number; publishedAt?: number };

  it('follows the old feed', async () => {
    server.serve(oldFeed);
    const followed = await client.request('followFeed', { url: FEED_URL });
    expect(followed).toMatchObject({ ok: true, value: { kind: 'feed' } });
    expertId = (followed.value as { expert: { id: string } }).expert.id;
    expect(await picks()).toEqual(['m1', 'm2', 'm3']);
  });

  it('stopped while the new feed streams in: the old picks stay whole, and the refresh shows as cut off', async () => {
    server.serve(newFeed, true);
    // Not awaited: the worker that would answer is stopped before it can.
    const refreshing = client.request('refreshFeeds', { expertId }).catch(() => null);
    await server.halfSent();
    const cdp = await session.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    for (let attempt = 0; attempt < 20 && (await workerRunning()); attempt++) {
      await cdp.send('ServiceWorker.stopAllWorkers');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await cdp.detach();
    expect(await workerRunning()).toBe(false);
    expect(await refreshing).toMatchObject({ ok: false });

    // Read from the page, without waking the worker.
    expect(await picks()).toEqual(['m1', 'm2', 'm3']);
    const cut = await status();
    expect(cut.publishedAt).toBe(Date.parse('2025-03-01T08:00:00.000Z'));
    expect(cut.lastAttemptAt!).toBeGreaterThan(cut.lastCheckedAt!);
  });

  it('the next refresh, in a new worker, completes with the new feed whole', { timeout: 60_000 }, async () => {
    server.serve(newFeed);
    const deadline = Date.now() + TIMEOUT;
    let refreshed = await client.request('refreshFeeds', { expertId });
    // The first message may reach the browser before the worker is up again; the popup would retry on a click.
    while (!refreshed.ok && Date.now() < deadline) refreshed = await client.request('refreshFeeds', { expertId });
    expect(refreshed).toMatchObject({ ok: true, value: [{ status: 'updated' }] });
    expect(await workerRunning()).toBe(true);
    expect(await picks()).toEqual(['m1', 'm2 (deleted)', ...Array.from({ length: 200 }, (_, i) => `n${i}`)].sort());
    const done = await status();
    expect(done.publishedAt).toBe(Date.parse('2025-03-02T08:00:00.000Z'));
    expect(done.lastCheckedAt!).toBeGreaterThanOrEqual(done.lastAttemptAt!);
  });
});
