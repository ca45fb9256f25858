import type { Page } from 'playwright-core';
import { bundleForPage } from '../../harness/page-bundle';
import type { BenchCase, BenchContext } from '../figure';
import { inFreshProfile } from '../fresh-profile';

type FeedsModule = typeof import('../feeds-entry');
declare const __haowuFeeds: FeedsModule;

const BENCH_FEEDS = 'https://bench-feeds.example';

async function pageWithFeedModules(context: BenchContext): Promise<Page> {
  const session = await context.chromium();
  const page = await session.openExtensionPage('popup.html');
  await page.evaluate(await bundleForPage('tests/bench/feeds-entry.ts', '__haowuFeeds'));
  return page;
}

export const feedCases: BenchCase[] = [
  {
    // Issue 6: a 10,000-recommendation feed verified (signature, every item) and stored in one transaction.
    name: 'feed-verify-store-10k',
    unit: 'ms',
    budget: 1000,
    measure: async (context) => {
      const page = await pageWithFeedModules(context);
      const text = await page.evaluate(async () => {
        const keyPair = await __haowuFeeds.generateExpertKeyPair();
        const publicKey = await __haowuFeeds.exportPublicKey(keyPair.publicKey);
        const recommendations = Array.from({ length: 10_000 }, (_, i) => ({
          id: `pick-${i}`,
          product: {
            key: `tmall:${600_000_000 + i}`,
            platform: 'tmall' as const,
            productId: String(600_000_000 + i),
            url: `https://detail.tmall.com/item.htm?id=${600_000_000 + i}`,
            title: `Product ${i} 商品`,
            price: { currency: 'CNY', minMinor: 1000 + i, maxMinor: 1000 + i },
          },
          reason: `Reason number ${i}: tested for a month, worth it.`,
          rating: 1 + (i % 5),
          tags: ['bench'],
          partnerLink: `https://s.click.taobao.com/t?e=${i}`,
          createdAt: '2025-01-01T00:00:00.000Z',
          updatedAt: '2025-02-01T00:00:00.000Z',
        }));
        const envelope = await __haowuFeeds.signFeed(
          { expert: { publicKey, name: 'Bench expert' }, publishedAt: '2025-03-01T00:00:00.000Z', recommendations, retractions: [] },
          keyPair.privateKey,
        );
        return JSON.stringify(envelope);
      });
      await page.close();
      // Each run in a browser profile of its own, as for db-import-10k-backup (database.ts): one run's
      // writes must not slow the next through the origin's LevelDB compaction.
      const samples: number[] = [];
      for (let run = 0; run < Math.min(context.runs, 5); run++) {
        samples.push(
          await inFreshProfile(
            (fresh) =>
              fresh.evaluate(async (text) => {
                const db = await __haowuFeeds.openHaowuDb({ name: 'haowu-bench-feeds' });
                const start = performance.now();
                // What following a feed file or refreshing a feed runs: verify (signature, every item) and store.
                const stored = await __haowuFeeds.storeFeedFile(db, text, { feedUrl: 'https://bench-feeds.example/big.json', follow: 'follow' }, Date.now());
                const time = performance.now() - start;
                db.close();
                if (!stored.ok) throw new Error(stored.reason);
                if (stored.stored !== 10_000 || stored.verified.accepted.length !== 10_000) throw new Error(`stored ${stored.stored} picks`);
                return time;
              }, text),
            'tests/bench/feeds-entry.ts',
            '__haowuFeeds',
          ),
        );
      }
      return samples;
    },
  },
  {
    // Issue 6: 100 followed feeds whose servers answer 304 Not Modified, through Chromium's own fetch
    // (the answers come from a playwright route, so the figure is Haowu's cost plus the browser's, no network).
    name: 'feed-refresh-100-unchanged',
    unit: 'ms',
    budget: 2000,
    measure: async (context) => {
      const session = await context.chromium();
      await session.context.route(`${BENCH_FEEDS}/**`, (route) =>
        route.fulfill({ status: 304, headers: { etag: '"same"', 'access-control-allow-origin': '*' }, body: '' }),
      );
      const page = await pageWithFeedModules(context);
      const samples = await page.evaluate(
        async ({ runs, origin }) => {
          const db = await __haowuFeeds.openHaowuDb({ name: 'haowu-bench-refresh' });
          await __haowuFeeds.deleteAllData(db);
          const tx = db.transaction('experts', 'readwrite');
          for (let i = 0; i < 100; i++) {
            void tx.store.put({
              id: `ed25519:${String(i).padStart(32, '0')}`,
              kind: 'feed',
              displayName: `Expert ${i}`,
              bio: '',
              avatarUrl: null,
              feedUrl: `${origin}/${i}.json`,
              followed: true,
              followedAt: 1000 + i,
              feedStatus: { lastFetchedAt: 1000, lastError: null, etag: '"same"', lastCheckedAt: 1000, lastAttemptAt: 1000 },
              updatedAt: 1000,
            });
          }
          await tx.done;
          const deps = __haowuFeeds.pageSyncDeps(db);
          const times: number[] = [];
          for (let run = 0; run < runs; run++) {
            const start = performance.now();
            const results = await __haowuFeeds.refreshFeeds(deps);
            times.push(performance.now() - start);
            const unchanged = results.filter((result) => result.status === 'not-modified').length;
            if (unchanged !== 100) throw new Error(`${unchanged} of ${results.length} feeds answered 304: ${JSON.stringify(results.find((r) => r.status !== 'not-modified'))}`);
          }
          db.close();
          return times;
        },
        { runs: context.runs, origin: BENCH_FEEDS },
      );
      await page.close();
      return samples;
    },
  },
];
