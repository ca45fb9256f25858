import type { Page } from 'playwright-core';
import { launchChromiumWithExtension } from '../../harness/chromium';
import { extensionWithHostsGranted } from '../../harness/feed-follow';
import { bundleForPage } from '../../harness/page-bundle';
import { interleaved, type BenchCase, type BenchContext } from '../figure';
import { FEED_ETAG, FEED_HOST, FEED_ORIGIN, startUnchangedFeedServer } from '../floors/feed-server';
import { inFreshProfile } from '../fresh-profile';

type FeedsModule = typeof import('../feeds-entry');
declare const __haowuFeeds: FeedsModule;

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
    floor: {
      what: "the same file parsed, its one Ed25519 signature verified, and the feed's payload written as one value in one readwrite transaction to a one-store database, in a new profile of its own",
      ratio: 2,
    },
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
      // writes must not slow the next through the origin's LevelDB compaction. So is each floor run.
      const fresh = (measure: (page: Page) => Promise<number>) => inFreshProfile(measure, 'tests/bench/feeds-entry.ts', '__haowuFeeds');
      return interleaved(
        Math.min(context.runs, 5),
        () =>
          fresh((page) =>
            page.evaluate(async (text) => {
              // The floor: the file parsed, its one signature checked, and the feed stored as one value in one transaction.
              const db = await new Promise<IDBDatabase>((resolve, reject) => {
                const request = indexedDB.open('haowu-bench-floor', 1);
                request.onupgradeneeded = () => request.result.createObjectStore('values');
                request.onsuccess = () => resolve(request.result);
                request.onerror = () => reject(request.error);
              });
              const start = performance.now();
              const envelope = JSON.parse(text) as { payload: string; signature: string };
              const payload = JSON.parse(envelope.payload) as { expert: { publicKey: string } };
              const key = await __haowuFeeds.importPublicKey(payload.expert.publicKey);
              const signature = __haowuFeeds.fromBase64Url(envelope.signature);
              if (!key || !signature || !(await __haowuFeeds.verifyBytes(key, signature, new TextEncoder().encode(envelope.payload)))) throw new Error('the floor could not verify the feed');
              await new Promise<void>((resolve, reject) => {
                const tx = db.transaction('values', 'readwrite');
                tx.objectStore('values').put(payload, 'feed');
                tx.oncomplete = () => resolve();
                tx.onerror = () => reject(tx.error);
              });
              const time = performance.now() - start;
              db.close();
              return time;
            }, text),
          ),
        () =>
          fresh((page) =>
            page.evaluate(async (text) => {
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
          ),
      );
    },
  },
  {
    // Issue 6: 100 followed feeds whose server answers 304 Not Modified, through Chromium's own fetch in
    // an extension page, to a local https server in this process (tests/bench/floors/feed-server.ts;
    // no playwright route, whose interception would add a round trip to this process per request).
    name: 'feed-refresh-100-unchanged',
    unit: 'ms',
    budget: 2000,
    floor: {
      what: "100 plain conditional GETs (If-None-Match, the same fetch options) to the same server from the same page, 4 at a time as Haowu's refresh",
      ratio: 1.5,
    },
    measure: async (context) => {
      const server = await startUnchangedFeedServer();
      const extension = extensionWithHostsGranted([FEED_ORIGIN]);
      const session = await launchChromiumWithExtension({ extensionDir: extension.dir, args: server.chromiumArgs, networkHosts: [FEED_HOST] });
      try {
        const page = await session.openExtensionPage('popup.html');
        await page.evaluate(await bundleForPage('tests/bench/feeds-entry.ts', '__haowuFeeds'));
        const measured = await page.evaluate(
          async ({ runs, origin, etag }) => {
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
                feedStatus: { lastFetchedAt: 1000, lastError: null, etag, lastCheckedAt: 1000, lastAttemptAt: 1000 },
                updatedAt: 1000,
              });
            }
            await tx.done;
            const deps = __haowuFeeds.pageSyncDeps(db);
            const measured = { samples: [] as number[], floor: [] as number[] };
            // One round of each first (not counted): the connections to the server are open for both.
            for (let run = -1; run < runs; run++) {
              let next = 0;
              let notModified = 0;
              let start = performance.now();
              await Promise.all(
                Array.from({ length: 4 }, async () => {
                  while (next < 100) {
                    const url = `${origin}/${next++}.json`;
                    const response = await fetch(url, { headers: { accept: 'application/json', 'if-none-match': etag }, cache: 'no-store', credentials: 'omit', redirect: 'manual', mode: 'same-origin' });
                    if (response.status === 304) notModified++;
                  }
                }),
              );
              const floor = performance.now() - start;
              if (notModified !== 100) throw new Error(`the floor got ${notModified} answers 304 of 100`);
              start = performance.now();
              const results = await __haowuFeeds.refreshFeeds(deps);
              const real = performance.now() - start;
              const unchanged = results.filter((result) => result.status === 'not-modified').length;
              if (unchanged !== 100) throw new Error(`${unchanged} of ${results.length} feeds answered 304: ${JSON.stringify(results.find((r) => r.status !== 'not-modified'))}`);
              if (run < 0) continue;
              measured.floor.push(floor);
              measured.samples.push(real);
            }
            db.close();
            return measured;
          },
          { runs: context.runs, origin: FEED_ORIGIN, etag: FEED_ETAG },
        );
        // Every request reached the server and was answered 304: nothing came from a cache or a route.
        const { requests, notModified } = server.counts();
        if (requests !== notModified || requests < 200 * (context.runs + 1)) throw new Error(`the server answered ${notModified} of ${requests} requests 304`);
        await page.close();
        return measured;
      } finally {
        await session.close();
        extension.remove();
        await server.close();
      }
    },
  },
];
