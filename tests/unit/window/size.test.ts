import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildExpertWindow } from '../../../utils/window/expert-window';
import { EXPERT, FEED_TEXT, NOW, parsePage, realisticPicks, textAt } from './fixtures';

/*
 * The budget: index.html lists every live pick, and shoppers open it on phones over mobile data, so
 * 1,000 realistic picks must stay within 250 KB gzipped (250,000 bytes). gzip level 6, what most
 * servers and CDNs use.
 */
const BUDGET = 250_000;

describe('index.html of 1,000 picks', () => {
  for (const language of ['zh', 'en'] as const) {
    it(`stays within 250 KB gzipped (${language})`, { timeout: 60_000 }, async () => {
      const picks = realisticPicks(1000);
      const { files } = await buildExpertWindow({ expert: EXPERT, picks, feedText: FEED_TEXT, language, publicBaseUrl: 'https://win.example/laowang/', now: NOW, timeZone: 'UTC' });
      const index = textAt(files, 'index.html');
      // All 1,000 are on the page (none expired in the data, none left out), so the budget is for all of them.
      expect(parsePage(index).querySelectorAll('article.pick').length).toBe(1000);
      const gzipped = gzipSync(new TextEncoder().encode(index), { level: 6 }).length;
      expect(gzipped).toBeLessThanOrEqual(BUDGET);
    });
  }
});
