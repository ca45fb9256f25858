import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildExpertWindow } from '../../../utils/window/expert-window';
import { EXPERT, FEED_TEXT, NOW, parsePage, realisticPicks, textAt } from './fixtures';

/*
 * The budget: shoppers open the window on phones over mobile data, and a list page shows at most
 * PICKS_PER_PAGE picks however many the expert has, so with 1,000 realistic picks every page of a list
 * (the home page, a store's, a tag's) stays within 25 KB gzipped (25,000 bytes). gzip level 6, what
 * most servers and CDNs use. (Before the lists had pages, index.html carried all 1,000 picks: its
 * budget was 250 KB.)
 */
const BUDGET = 25_000;

describe('the list pages of 1,000 picks', () => {
  for (const language of ['zh', 'en'] as const) {
    it(`each stay within 25 KB gzipped, the home page with the newest 50 (${language})`, { timeout: 60_000 }, async () => {
      const picks = realisticPicks(1000);
      const { files } = await buildExpertWindow({ expert: EXPERT, picks, feedText: FEED_TEXT, language, publicBaseUrl: 'https://win.example/laowang/', now: NOW, timeZone: 'UTC' });
      // None expired in the data, none left out: the home list has 20 full pages.
      expect(parsePage(textAt(files, 'index.html')).querySelectorAll('article.pick').length).toBe(50);
      expect(parsePage(textAt(files, 'index.20.html')).querySelectorAll('article.pick').length).toBe(50);
      const lists = files.filter((file) => file.path.endsWith('.html') && !file.path.startsWith('p/'));
      for (const file of lists) {
        expect(gzipSync(new TextEncoder().encode(textAt(files, file.path)), { level: 6 }).length, file.path).toBeLessThanOrEqual(BUDGET);
      }
    });
  }
});
