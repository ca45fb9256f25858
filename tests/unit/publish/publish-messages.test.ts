// @vitest-environment node
import { unzipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createDbConnection, type DbConnection } from '../../../utils/db/open';
import { verifyFeed } from '../../../utils/feed/verify';
import { registerMessageHandlers } from '../../../utils/messaging/register';
import type { Scheduler } from '../../../utils/publish/auto-publish';
import { backgroundPublishServices, publishOwnWindow, startAutoPublish } from '../../../utils/publish/service';
import { updateSettings } from '../../../utils/settings';
import { detected, resetIndexedDb } from '../db/helpers';
import { pageSender, popupSender, sendAs } from '../messaging/wire';
import { S3_KEY_ID, S3_SECRET, httpsFetch, makeCert, startS3, type S3Server } from './servers';

/*
 * The publishing messages end to end: an expert profile and a pick made through messages, the
 * target saved, the window published by the background to a real S3-compatible server, and the feed
 * read back at its public address. Auto-publish is wired to the real message handlers.
 */

const cert = makeCert();
let server: S3Server;
let fetch: ReturnType<typeof httpsFetch>;
let connection: DbConnection;
let unregister: () => void;
const realFetch = globalThis.fetch;

beforeAll(async () => {
  server = await startS3(cert);
  fetch = httpsFetch({ ca: cert.cert });
}, 30_000);
afterAll(async () => {
  fetch.close();
  await server.close();
});

beforeEach(async () => {
  resetIndexedDb();
  connection = createDbConnection();
  unregister = registerMessageHandlers(connection);
  await updateSettings({ expertMode: true, language: 'en' });
  globalThis.fetch = fetch as typeof globalThis.fetch;
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async ({ origins }) => (origins ?? []).every((origin) => origin === 'https://127.0.0.1/*'));
});
afterEach(async () => {
  globalThis.fetch = realFetch;
  unregister();
  await connection.close();
  server.reset();
});

const product = detected({ productId: '605258110430', canonicalUrl: 'https://detail.tmall.com/item.htm?id=605258110430' });
const onPage = pageSender(product.canonicalUrl);

async function expertWithPick(): Promise<string> {
  const created = await sendAs(popupSender, 'createExpertProfile', { name: 'Mei' });
  if (!created.ok) throw new Error(created.error.message);
  await sendAs(onPage, 'openProductPage', { product, arrival: 'load' });
  const saved = await sendAs(onPage, 'saveOwnPickOnPage', { productKey: product.key, reason: 'Battery lasts two days of normal use.', rating: 5 });
  if (!saved.ok) throw new Error(saved.error.message);
  return created.value.expertId;
}

const target = (prefix: string, overrides: object = {}) => ({
  kind: 's3' as const,
  endpoint: server.origin,
  region: 'us-east-1',
  bucket: 'haowu',
  prefix,
  accessKeyId: S3_KEY_ID,
  publicBaseUrl: `${server.origin}/haowu/${prefix}`,
  ...overrides,
});

async function liveFeed(prefix: string, expertId: string) {
  return verifyFeed(await (await fetch(`${server.origin}/haowu/${prefix}/feed.json`, {})).text(), { expectedExpertId: expertId });
}

describe('publishing through messages', () => {
  it('publishes the expert’s window with the remembered secret, and records it', async () => {
    const expertId = await expertWithPick();
    await sendAs(popupSender, 'savePublishTarget', { target: target('mei'), secret: S3_SECRET });
    const published = await sendAs(popupSender, 'publishWindow', {});
    expect(published).toMatchObject({
      ok: true,
      value: { status: 'live', expertId, liveUrl: `${server.origin}/haowu/mei/index.html`, feedUrl: `${server.origin}/haowu/mei/feed.json` },
    });
    expect(await liveFeed('mei', expertId)).toMatchObject({ ok: true, accepted: [{ reason: 'Battery lasts two days of normal use.', rating: 5 }] });
    // The window's pages, built by utils/window, are served at the public address.
    const page = await fetch(`${server.origin}/haowu/mei/index.html`, {});
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('Battery lasts two days of normal use.');
    expect(await sendAs(popupSender, 'getPublishTarget')).toMatchObject({ ok: true, value: { lastPublish: { status: 'live', auto: false, liveUrl: expect.stringContaining('/haowu/mei/') } } });
  }, 30_000);

  it('publishes with a secret given for this publish only', async () => {
    const expertId = await expertWithPick();
    await sendAs(popupSender, 'savePublishTarget', { target: target('asked', { rememberSecret: false }) });
    expect(await sendAs(popupSender, 'publishWindow', {})).toMatchObject({ ok: true, value: { status: 'failed', code: 'no-secret' } });
    expect(await sendAs(popupSender, 'publishWindow', { secret: 'wrong' })).toMatchObject({ ok: true, value: { status: 'failed', code: 'auth' } });
    expect(await sendAs(popupSender, 'publishWindow', { secret: S3_SECRET })).toMatchObject({ ok: true, value: { status: 'live' } });
    expect(await liveFeed('asked', expertId)).toMatchObject({ ok: true });
    expect(await sendAs(popupSender, 'getPublishTarget')).toMatchObject({ ok: true, value: { secretStored: false } });
  }, 30_000);

  it('answers the outcome before the Studio’s progress note is removed, and removes it after', async () => {
    await expertWithPick();
    await sendAs(popupSender, 'savePublishTarget', { target: target('note'), secret: S3_SECRET });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let removed = false;
    const services = {
      ...backgroundPublishServices(),
      progress: () => ({
        update: () => undefined,
        done: async () => {
          await held;
          removed = true;
        },
      }),
    };
    // The Studio shows the note only while it waits for this answer, so the answer does not wait for its removal.
    expect(await publishOwnWindow(await connection.get(), Date.now, {}, services)).toMatchObject({ status: 'live' });
    expect(removed).toBe(false);
    release();
    await vi.waitFor(() => expect(removed).toBe(true));
  }, 30_000);

  it('fails with permission when a host was not granted', async () => {
    await expertWithPick();
    await sendAs(popupSender, 'savePublishTarget', { target: target('cdn', { publicBaseUrl: 'https://cdn.example/mei' }), secret: S3_SECRET });
    expect(await sendAs(popupSender, 'publishWindow')).toMatchObject({ ok: true, value: { status: 'failed', code: 'permission', params: { origin: 'https://cdn.example/*' } } });
    expect(server.seen).toEqual([]);
  }, 30_000);

  it('publishes again only the files that changed, everything when asked, and forgets what it uploaded when the target is saved again', async () => {
    await expertWithPick();
    // A second pick, which the edit below leaves alone: its own page need not go up again.
    const other = detected({ productId: '700000000001', canonicalUrl: 'https://detail.tmall.com/item.htm?id=700000000001' });
    await sendAs(pageSender(other.canonicalUrl), 'openProductPage', { product: other, arrival: 'load' });
    const saved = await sendAs(pageSender(other.canonicalUrl), 'saveOwnPickOnPage', { productKey: other.key, reason: 'Quiet, and the lid seals.', rating: 4 });
    if (!saved.ok) throw new Error(saved.error.message);
    await sendAs(popupSender, 'savePublishTarget', { target: target('again'), secret: S3_SECRET });
    const first = await sendAs(popupSender, 'publishWindow', {});
    if (!first.ok || first.value.status !== 'live') throw new Error('the first publish failed');
    const files = first.value.progress.total;
    expect(first.value.progress).toMatchObject({ uploaded: files, unchanged: 0 });

    // The pick's reason changes: its page, the list pages and the feed; not the pages of nothing that changed.
    await sendAs(popupSender, 'saveOwnRecommendation', { productKey: product.key, reason: 'Battery lasts three days, checked again.', rating: 4 });
    const second = await sendAs(popupSender, 'publishWindow', {});
    expect(second).toMatchObject({ ok: true, value: { status: 'live', progress: { total: files } } });
    if (!second.ok || second.value.status !== 'live') return;
    expect(second.value.progress.uploaded).toBeLessThan(files);
    expect(second.value.progress.uploaded + second.value.progress.unchanged).toBe(files);

    // Nothing changed: only the feed (signed anew) goes up.
    server.reset();
    expect(await sendAs(popupSender, 'publishWindow', {})).toMatchObject({ ok: true, value: { status: 'live', progress: { uploaded: 1, unchanged: files - 1 } } });
    expect(server.seen.filter((request) => request.method === 'PUT').map((request) => request.path)).toEqual(['/haowu/again/feed.json']);
    expect(await sendAs(popupSender, 'publishWindow', { uploadAll: true })).toMatchObject({ ok: true, value: { status: 'live', progress: { uploaded: files, unchanged: 0 } } });

    await sendAs(popupSender, 'savePublishTarget', { target: target('again') });
    expect(await sendAs(popupSender, 'publishWindow', {})).toMatchObject({ ok: true, value: { status: 'live', progress: { uploaded: files, unchanged: 0 } } });
  }, 30_000);

  it('builds the window as a zip', async () => {
    const expertId = await expertWithPick();
    const zipped = await sendAs(popupSender, 'buildWindowZip', {});
    if (!zipped.ok) throw new Error(zipped.error.message);
    expect(zipped.value).toMatchObject({ filename: expect.stringMatching(/^haowu-window-\d{4}-\d\d-\d\d\.zip$/), files: zipped.value.files });
    const entries = unzipSync(Uint8Array.from(atob(zipped.value.base64), (c) => c.charCodeAt(0)));
    expect(Object.keys(entries)).toEqual(expect.arrayContaining(['index.html', 'feed.json']));
    expect(zipped.value.bytes).toBe(atob(zipped.value.base64).length);
    expect(await verifyFeed(entries['feed.json']!, { expectedExpertId: expertId })).toMatchObject({ ok: true });
  }, 30_000);
});

describe('auto-publish', () => {
  /** A scheduler the test fires itself. */
  function manualScheduler() {
    const scheduled: number[] = [];
    let cancelled = 0;
    return {
      scheduled,
      cancelled: () => cancelled,
      make: (): Scheduler => ({ schedule: (delay) => void scheduled.push(delay), cancel: () => void cancelled++ }),
    };
  }

  it('publishes after the expert’s picks change, when the target asks for it', async () => {
    const scheduler = manualScheduler();
    const { publisher, stop } = startAutoPublish({ db: connection.get, scheduler: scheduler.make });
    try {
      const expertId = await expertWithPick();
      // Making the profile and the pick were changes: each (re)scheduled the publish.
      expect(scheduler.scheduled).toEqual([30_000, 30_000]);
      await sendAs(popupSender, 'listCart');
      await sendAs(popupSender, 'savePublishTarget', { target: target('auto', { autoPublish: true }), secret: S3_SECRET });
      expect(scheduler.scheduled).toHaveLength(2);

      const own = await sendAs(popupSender, 'listOwnPicks');
      const pick = own.ok ? own.value[0]!.recommendations[0]! : null;
      await sendAs(popupSender, 'saveOwnRecommendation', { productKey: product.key, reason: 'Battery lasts three days, checked again.', rating: 4 });
      expect(scheduler.scheduled).toHaveLength(3);
      await publisher.fire();
      expect(await liveFeed('auto', expertId)).toMatchObject({ ok: true, accepted: [{ reason: 'Battery lasts three days, checked again.', rating: 4 }] });
      // The window's language is the expert's last choice (中文 here), not Haowu's own (English).
      expect(await sendAs(popupSender, 'publishWindow', { language: 'zh' })).toMatchObject({ ok: true, value: { status: 'live' } });
      await sendAs(popupSender, 'saveOwnRecommendation', { productKey: product.key, reason: 'Battery lasts three days, checked twice.', rating: 4 });
      await publisher.fire();
      expect(await (await fetch(`${server.origin}/haowu/auto/index.html`, {})).text()).toMatch(/<html lang="zh/);
      expect(await sendAs(popupSender, 'getPublishTarget')).toMatchObject({ ok: true, value: { lastPublish: { status: 'live', auto: true } } });

      // Turned off: a change schedules, but firing uploads nothing.
      await sendAs(popupSender, 'savePublishTarget', { target: target('auto', { autoPublish: false }) });
      server.reset();
      await sendAs(popupSender, 'deleteOwnRecommendation', { id: pick!.id });
      await publisher.fire();
      expect(server.seen).toEqual([]);
    } finally {
      stop();
    }
    expect(scheduler.cancelled()).toBe(1);
    // Stopped: changes no longer schedule.
    await sendAs(popupSender, 'updateExpertProfile', { name: 'Mei 2' });
    expect(scheduler.scheduled).toHaveLength(5);
  }, 30_000);
});
