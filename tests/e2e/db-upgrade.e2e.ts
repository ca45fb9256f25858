import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromiumWithExtension, type ExtensionSession } from '../harness/chromium';
import { bundleForPage } from '../harness/page-bundle';

/*
 * Database version 5 moves every pick into chunks inside the upgrade transaction (utils/db/open.ts),
 * and version 6 then gives each saved item a copy of its product (each chunk gets its expert's card
 * after the open, from fillMissingCards).
 * The unit tests run them on fake-indexeddb; here they run in Chromium's IndexedDB, in an extension
 * page, from a version 4 database (the fixture's records, 1,000 generated picks of 40 experts and 200
 * saved items), and every pick and copy is read back.
 */

type Entry = typeof import('./db-upgrade-entry');
declare const __upgrade: Entry;

describe('the upgrade to database versions 5 and 6 in Chromium', () => {
  let session: ExtensionSession;
  let page: Page;

  beforeAll(async () => {
    session = await launchChromiumWithExtension();
    page = await session.openExtensionPage('popup.html');
    await page.evaluate(await bundleForPage('tests/e2e/db-upgrade-entry.ts', '__upgrade'));
  }, 60_000);
  afterAll(async () => {
    await session?.close();
  });

  it('moves every pick of a version 4 database into chunks, readable by id, expert, product and timeline, with every copy in step', { timeout: 120_000 }, async () => {
    const v4 = (JSON.parse(readFileSync(join(process.cwd(), 'tests/fixtures/db/v4.json'), 'utf8')) as { stores: Record<string, unknown[]> }).stores;
    const result = await page.evaluate(async (fixture) => {
      const data = __upgrade.generateDataset({ experts: 40, recommendations: 1_000, saved: 200, cartLines: 0, seed: 3 });
      const release = __upgrade.RELEASED_VERSIONS.find((r) => r.version === 4)!;
      const picks = [...(fixture.recommendations as typeof data.recommendations), ...data.recommendations];
      await __upgrade.createLegacyDatabase('haowu-upgrade-e2e', release, {
        ...fixture,
        products: [...fixture.products!, ...data.products],
        experts: [...fixture.experts!, ...data.experts],
        saved: [...fixture.saved!, ...(data.saved as unknown[])],
        recommendations: picks,
      });
      const db = await __upgrade.openHaowuDb({ name: 'haowu-upgrade-e2e' });
      const stores = [...db.objectStoreNames];
      const stored = (await __upgrade.readAllData(db)).recommendations;
      let missing = 0;
      for (const pick of picks) if (JSON.stringify(await __upgrade.getRecommendation(db, pick.id)) !== JSON.stringify(pick)) missing++;
      let miscounted = 0;
      for (const expertId of new Set(picks.map((p) => p.expertId))) {
        const theirs = picks.filter((p) => p.expertId === expertId).length;
        if ((await __upgrade.getRecommendationsByExpert(db, expertId)).length !== theirs || (await __upgrade.countRecommendationsByExpert(db, expertId)) !== theirs) miscounted++;
      }
      const forProduct = await __upgrade.getPicksForProduct(db, 'tmall:600001', Date.UTC(2025, 0, 10));
      const timeline = await __upgrade.readTimeline(db, { limit: 50 }, { now: Date.UTC(2025, 0, 10), refreshHours: 6, collections: [], lastSeenAt: null });
      // Version 6's copies, each against the record it copies (the chunks' cards once filled after the open).
      const filled = await __upgrade.fillMissingCards(db);
      const forProductAfter = await __upgrade.getPicksForProduct(db, 'tmall:600001', Date.UTC(2025, 0, 10));
      const [saved, products, experts, chunks] = await Promise.all([db.getAll('saved'), db.getAll('products'), db.getAll('experts'), db.getAll('pickChunks')]);
      const productOf = new Map(products.map((p) => [p.key, p]));
      const expertOf = new Map(experts.map((e) => [e.id, e]));
      const badCopies = saved.filter((item) => JSON.stringify(item.product) !== JSON.stringify(productOf.get(item.productKey) ?? null)).length;
      const badCards = chunks.filter((chunk) => {
        const expert = expertOf.get(chunk.key[0]);
        return JSON.stringify(chunk.expert) !== JSON.stringify(expert ? __upgrade.expertCardOf(expert) : null);
      }).length;
      const firstRows = (await __upgrade.listSaved(db, { limit: 50 })).items.filter((item) => item.product !== null).length;
      db.close();
      return {
        stores,
        stored: stored.length,
        total: picks.length,
        missing,
        miscounted,
        forProduct: forProduct.map((p) => p.recommendation.id),
        timeline: timeline.entries.length,
        saved: saved.length,
        badCopies,
        badCards,
        chunks: chunks.length,
        firstRows,
        filled,
        forProductAfter: forProductAfter.map((p) => p.recommendation.id),
      };
    }, v4);
    expect(result.stores).not.toContain('recommendations');
    expect(result.stores).toEqual(expect.arrayContaining(['pickChunks', 'pickCounts']));
    expect(result.stored).toBe(result.total);
    expect(result.missing).toBe(0);
    expect(result.miscounted).toBe(0);
    expect(result.forProduct).toEqual(['wang-001']);
    expect(result.timeline).toBe(50);
    expect(result.saved).toBe(v4.saved!.length + 200);
    expect(result.badCopies).toBe(0);
    expect(result.chunks).toBeGreaterThan(40);
    expect(result.badCards).toBe(0);
    expect(result.firstRows).toBe(50);
    expect(result.filled).toBeGreaterThan(40);
    expect(result.forProductAfter).toEqual(['wang-001']);
  });
});
