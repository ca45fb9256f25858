import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { verifyFeed } from '../../../utils/feed/verify';
import type { DemoStep } from '../story';

export const PUBLISHED_FEED_FILE = 'demo-published.feed.json';

/** Studio → Publish: the signed feed file is downloaded into the output directory and verified. */
export const expertPublish: DemoStep = {
  id: 'expert-publish',
  title: 'Expert mode: publish the feed from the Studio',
  run: async ({ openExtensionPage, outDir, shoot }) => {
    const popup = await openExtensionPage('popup.html');
    await popup.getByRole('tab', { name: 'Studio' }).click();
    await popup.getByRole('button', { name: 'Publish', exact: true }).click();
    const done = popup.getByText(/^Feed signed: \d+ recommendations?, \d+ retractions?\.$/);
    await done.waitFor();
    const signed = (await done.textContent())?.trim();
    const [download] = await Promise.all([popup.waitForEvent('download'), popup.getByRole('button', { name: 'Download feed file' }).click()]);
    const target = join(outDir, PUBLISHED_FEED_FILE);
    copyFileSync((await download.path())!, target);
    await shoot(popup, 'studio-published');
    await popup.close();
    const feed = await verifyFeed(await readFile(target, 'utf8'));
    if (!feed.ok) throw new Error(`The published feed does not verify: ${feed.reason}`);
    if (feed.accepted.length === 0) throw new Error('The published feed carries no recommendations');
    return [
      `${signed} Saved as ${PUBLISHED_FEED_FILE} (downloaded as ${download.suggestedFilename()})`,
      `verifies: ${feed.expertId}, "${feed.expert.name}", picks: ${feed.accepted.map((pick) => `${pick.product.key} ${pick.rating}/5`).join(', ')}`,
    ];
  },
};
