import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyFeed } from '../../utils/feed/verify';
import { elementWithText, launchFirefoxWithExtension, openHaowuTabFromOverlay, type FirefoxSession } from '../harness/firefox';
import { firefoxOverlayOf } from '../harness/overlay';
import { S3_HOST, S3_KEY_ID, S3_SECRET, startPublishServers, type PublishServers } from '../harness/publish-servers';

/*
 * Publishing the window from Firefox to a real S3-compatible server over https. Firefox resolves
 * every host to 127.0.0.1 and accepts the test certificate (the harness's acceptInsecureCerts, which
 * covers the extension's background too), so the storage is at https://s3.haowu.test:<port>. Host
 * access is asked in the Save click, as for a person; the harness grants it without the prompt.
 */

const TMALL_URL = 'https://detail.tmall.com/item.htm?id=605258110430';
const REASON = 'Firefox test: the battery lasts two full days.';
const EXPERT_NAME = 'Mei (Firefox window)';

describe('publishing the window (Firefox)', () => {
  let servers: PublishServers;
  let session: FirefoxSession;
  let studio: Page;
  let expertId = '';

  beforeAll(async () => {
    servers = await startPublishServers();
    session = await launchFirefoxWithExtension();
    session.serve([{ url: TMALL_URL, file: 'tmall-605258110430.html' }]);
  });
  afterAll(async () => {
    await session?.close();
    await servers?.close();
  });

  const click = async (page: Page, selector: string, text: string) => (await elementWithText(page, selector, text)).click();
  const type = async (page: Page, selector: string, text: string) => {
    const input = (await page.waitForSelector(selector, { timeout: 10_000 }))!;
    await input.click({ count: 3 });
    await input.type(text);
  };

  it('turns on expert mode, creates the profile and recommends a product', async () => {
    const product = await session.newPage();
    await product.goto(TMALL_URL);
    studio = await openHaowuTabFromOverlay(session, product);
    await click(studio, '[role="tab"]', 'Settings');
    await click(studio, 'label', 'Expert mode');
    await click(studio, '[role="tab"]', 'Studio');
    await elementWithText(studio, 'h2', 'Create your expert profile');
    await type(studio, '.profile-form input', EXPERT_NAME);
    await click(studio, 'button', 'Create profile');
    const idLine = await elementWithText(studio, 'p', 'Your expert id: ed25519:');
    expertId = (await idLine.evaluate((element) => element.textContent ?? '')).replace('Your expert id: ', '');
    expect(expertId).toMatch(/^ed25519:[0-9a-f]{32}$/);

    const page = await session.newPage();
    await page.goto(TMALL_URL);
    const overlay = firefoxOverlayOf(session, page);
    await overlay.click({ role: 'button', name: /^Open Haowu/ }, { timeout: 15_000 });
    await overlay.click({ role: 'button', name: 'Recommend' });
    await overlay.fill({ label: 'Why you recommend it (10–1,000 characters)' }, REASON);
    await overlay.click({ role: 'button', name: 'Save recommendation' });
    await overlay.waitFor({ text: 'Your pick', within: { role: 'article', name: EXPERT_NAME } });
    await page.close();
  });

  it('saves an S3 target (host access asked in the click) and publishes: Live at its address once the feed verified', async () => {
    const endpoint = `https://${S3_HOST}:${servers.s3.port}`;
    const base = `${endpoint}/haowu/firefox`;
    await click(studio, '[role="tab"]', 'Studio');
    await elementWithText(studio, 'h2', 'Your window');
    await click(studio, 'label', 'S3-compatible storage');
    await type(studio, '#window-endpoint', endpoint);
    await type(studio, '#window-region', 'us-east-1');
    await type(studio, '#window-bucket', 'haowu');
    await type(studio, '#window-prefix', 'firefox');
    await type(studio, '#window-accessKeyId', S3_KEY_ID);
    await type(studio, '#window-secret', S3_SECRET);
    await type(studio, '#window-publicBaseUrl', base);
    await click(studio, 'button', 'Save where it goes');
    await elementWithText(studio, 'p', `Saved. Your window goes to https://${S3_HOST}`);
    await click(studio, 'button', 'Publish window');
    // The outcome: live, or the Studio's failure message (which then says what went wrong).
    const outcome = await studio.waitForSelector('.window-live__address, #window-failure, .window-empty', { timeout: 45_000 });
    expect((await outcome!.evaluate((element) => element.textContent ?? '')).trim()).toBe(`Live at ${base}/index.html`);

    const { status, text } = await servers.readS3('/haowu/firefox/feed.json');
    expect(status).toBe(200);
    expect(await verifyFeed(text, { expectedExpertId: expertId })).toMatchObject({ ok: true, accepted: [{ reason: REASON }] });
    expect((await servers.readS3('/haowu/firefox/index.html')).text).toContain(REASON);
  });
});
