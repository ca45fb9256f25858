import { verifyFeed } from '../../../utils/feed/verify';
import { S3_KEY_ID, S3_ORIGIN, S3_SECRET } from '../../harness/publish-servers';
import type { DemoStep } from '../story';

/** Where the demo expert's window is published: the demo's own S3-compatible server (run.ts starts it). */
export const DEMO_WINDOW_BUCKET = 'haowu';
export const DEMO_WINDOW_PREFIX = 'demo-you';
export const DEMO_WINDOW_BASE = `${S3_ORIGIN}/${DEMO_WINDOW_BUCKET}/${DEMO_WINDOW_PREFIX}`;
/** A phone's screen, for the window's screenshots. */
const PHONE = { width: 390, height: 844 };

/**
 * Studio → Your window: the demo expert sets the local S3-compatible server as the target once,
 * publishes, and gets "Live at …" once Haowu read the feed back from the public address. The window
 * is then opened as a shopper would, on a phone-sized screen, light and dark.
 */
export const expertWindow: DemoStep = {
  id: 'expert-window',
  title: 'Expert mode: publish your window to S3-compatible storage',
  run: async ({ openExtensionPage, open, shoot, using, session }) => {
    const popup = await openExtensionPage('popup.html');
    await popup.getByRole('tab', { name: 'Studio' }).click();
    await popup.getByRole('heading', { name: 'Your window' }).waitFor();
    await popup.getByRole('radio', { name: 'S3-compatible storage' }).check();
    await popup.getByLabel('Endpoint', { exact: true }).fill(S3_ORIGIN);
    await popup.getByLabel('Region', { exact: true }).fill('us-east-1');
    await popup.getByLabel('Bucket', { exact: true }).fill(DEMO_WINDOW_BUCKET);
    await popup.getByLabel('Folder in the bucket (optional)').fill(DEMO_WINDOW_PREFIX);
    await popup.getByLabel('Access key id').fill(S3_KEY_ID);
    await popup.getByLabel('Secret access key').fill(S3_SECRET);
    await popup.getByLabel('Public address', { exact: true }).fill(DEMO_WINDOW_BASE);
    await popup.getByRole('button', { name: 'Save where it goes' }).click();
    const saved = popup.getByText(/^Saved\. Your window goes to /);
    await saved.waitFor();
    await popup.getByRole('button', { name: 'Publish window' }).click();
    const live = popup.locator('.window-live__address, #window-failure');
    await live.first().waitFor({ timeout: 30_000 });
    const shown = ((await live.first().textContent()) ?? '').trim();
    await shoot(popup, 'studio-window-live');
    if (!shown.startsWith('Live at ')) throw new Error(`The Studio did not say the window is live: ${shown}`);
    const address = shown.slice('Live at '.length);
    const detail = ((await popup.locator('.window-live .hint').first().textContent()) ?? '').trim();
    await popup.close();

    const window = await open(address);
    using(window);
    await window.setViewportSize(PHONE);
    await window.reload();
    const heading = ((await window.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
    const picks = await window.locator('article.pick').count();
    await shoot(window, 'window-phone');
    await window.emulateMedia({ colorScheme: 'dark' });
    await shoot(window, 'window-phone-dark');
    await window.close();
    const chineseHeading = await publishInChinese({ openExtensionPage, open, shoot, using }, address);
    // Read as a follower's Haowu reads it: by the extension's background, over the demo browser's network.
    const feedText = await (await session.background()).evaluate((url) => fetch(url, { cache: 'no-store' }).then((response) => response.text()), `${DEMO_WINDOW_BASE}/feed.json`);
    const feed = await verifyFeed(feedText);
    if (!feed.ok) throw new Error(`The window's feed does not verify: ${feed.reason}`);
    if (picks === 0) throw new Error('The window shows no picks');
    return [
      `target: ${S3_ORIGIN} bucket ${DEMO_WINDOW_BUCKET}/${DEMO_WINDOW_PREFIX} (the demo's local S3-compatible server)`,
      `Live at ${address}`,
      detail,
      `the window: "${heading}", ${picks} pick${picks === 1 ? '' : 's'}; feed.json verifies: ${feed.expertId}`,
      `published again with the window language 中文: "${chineseHeading}"`,
    ];
  },
};

type StepContext = Parameters<DemoStep['run']>[0];

/**
 * The same window published in Chinese (the Studio's "Window language", which this browser keeps in the
 * popup's localStorage), for the README's Chinese picture; the choice is set back to English afterwards.
 */
async function publishInChinese({ openExtensionPage, open, shoot, using }: Pick<StepContext, 'openExtensionPage' | 'open' | 'shoot' | 'using'>, address: string): Promise<string> {
  const setLanguage = async (language: 'zh' | 'en') => {
    const popup = await openExtensionPage('popup.html');
    await popup.evaluate((value) => localStorage.setItem('haowu.window.language', value), language);
    return popup;
  };
  const popup = await setLanguage('zh');
  await popup.reload();
  await popup.getByRole('tab', { name: 'Studio' }).click();
  await popup.getByRole('button', { name: 'Publish window' }).click();
  const live = popup.locator('.window-live__address, #window-failure');
  await popup.getByText(/Window language: 中文/).waitFor();
  await live.first().waitFor({ timeout: 30_000 });
  const shown = ((await live.first().textContent()) ?? '').trim();
  if (!shown.startsWith('Live at ')) throw new Error(`The Studio did not say the Chinese window is live: ${shown}`);
  await popup.close();
  const window = await open(address);
  using(window);
  await window.setViewportSize(PHONE);
  await window.reload();
  const lang = await window.locator('html').getAttribute('lang');
  if (!lang?.startsWith('zh')) throw new Error(`The window republished in Chinese says lang="${lang}"`);
  const heading = ((await window.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
  await shoot(window, 'window-phone-zh');
  await window.close();
  await (await setLanguage('en')).close();
  return heading;
}
