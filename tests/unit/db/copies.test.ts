import { beforeEach, describe, expect, it } from 'vitest';
import { exportBackup, importBackup, mergeData } from '../../../utils/db/backup';
import { followExpert, putExpert, setExpertFollowed, setExpertOnProductPages, storeAvatarCopy, unfollowExpert } from '../../../utils/db/experts';
import { recordFeedNotModified, storeFeedFile } from '../../../utils/db/feed-store';
import type { HaowuDb } from '../../../utils/db/open';
import { savePick } from '../../../utils/db/picks';
import { recordProductSeen } from '../../../utils/db/products';
import { getPicksForProduct, putRecommendations } from '../../../utils/db/recommendations';
import { listAllSaved, listSaved, removeSaved, restoreSaved, saveProduct, setSavedNote } from '../../../utils/db/saved';
import { adoptFeedProducts } from '../../../utils/expert/identity-restore';
import { signFeed } from '../../../utils/feed/crypto';
import { storedRecommendationId } from '../../../utils/feed/records';
import { recordCheckedPrice } from '../../../utils/price-tracking/record';
import { recordVisit, type VisitDeps } from '../../../utils/price-tracking/visit';
import { setPriceAlert } from '../../../utils/price-tracking/view';
import { newExpert, payloadFor, recommendation as feedRecommendation } from '../feed/helpers';
import { detected, expectCopiesInStep, freshDb } from './helpers';
import { expert, recommendation } from './records';

/*
 * Database version 6 keeps two copies (README, "Database version 6"): each saved item carries its
 * product record, each pick chunk its expert's card. Every writer of a product, a saved item or an
 * expert must keep them in step in its own transaction; each test below changes the original through
 * one writer and checks every copy against what it copies (expectCopiesInStep), and what the reader
 * built on the copy shows.
 */

const CNY = (minor: number) => ({ currency: 'CNY', minMinor: minor, maxMinor: minor });
const KEY = 'tmall:600001';
let db: HaowuDb;
beforeEach(async () => {
  db = await freshDb();
});

const firstRowPrice = async () => (await listSaved(db, { limit: 10 })).items.find((item) => item.saved.productKey === KEY)?.product?.lastPrice ?? null;

describe('a saved item carries its product as last written', () => {
  it('when saved, and when the product was not known yet: null, filled by the first visit', async () => {
    await saveProduct(db, KEY, {}, 10);
    expect((await listSaved(db)).items[0]?.product).toBeNull();
    await recordProductSeen(db, detected({ price: CNY(19900) }), 20);
    expect(await firstRowPrice()).toEqual(CNY(19900));
    await expectCopiesInStep(db);
  });

  it('after a price visit (recordVisit): the saved row shows the new price', async () => {
    const deps: VisitDeps = { alert: async () => undefined, withState: (change) => change({ products: {}, alerted: {} } as never) };
    await recordVisit(db, detected({ price: CNY(19900) }), 10, deps);
    await saveProduct(db, KEY, {}, 11);
    expect(await firstRowPrice()).toEqual(CNY(19900));
    await recordVisit(db, detected({ price: CNY(15900), title: 'Linen shirt, washed' }), 20, deps);
    expect(await firstRowPrice()).toEqual(CNY(15900));
    expect((await listSaved(db)).items[0]?.product?.title).toBe('Linen shirt, washed');
    await expectCopiesInStep(db);
  });

  it('after a background price check (recordCheckedPrice)', async () => {
    await recordProductSeen(db, detected({ price: CNY(19900) }), 10);
    await saveProduct(db, KEY, {}, 11);
    await recordCheckedPrice(db, KEY, CNY(9900), 20);
    expect(await firstRowPrice()).toEqual(CNY(9900));
    await expectCopiesInStep(db);
  });

  it('when a pick makes the product (savePick, product unknown before) of an item already saved', async () => {
    await db.put('experts', expert());
    await putRecommendations(db, [recommendation({ id: 'rec-1', productKey: KEY })]);
    await saveProduct(db, KEY, {}, 5);
    await savePick(db, 'rec-1', 10);
    expect((await listSaved(db)).items[0]?.product?.title).toBe('Linen shirt');
    await expectCopiesInStep(db);
  });

  it('when a taken-over feed lends products (adoptFeedProducts) to items already saved', async () => {
    await db.put('experts', expert({ id: 'fp-own' }));
    await putRecommendations(db, [recommendation({ id: 'fp-own/1', expertId: 'fp-own', productKey: KEY, productUrl: `https://detail.tmall.com/item.htm?id=600001` })]);
    await saveProduct(db, KEY, {}, 5);
    expect(await adoptFeedProducts(db, 'fp-own', 10)).toBe(1);
    expect((await listSaved(db)).items[0]?.product?.key).toBe(KEY);
    await expectCopiesInStep(db);
  });

  it('through note, alert, remove and restore, and never in what messages or backups see', async () => {
    await recordProductSeen(db, detected({ price: CNY(19900) }), 10);
    await saveProduct(db, KEY, {}, 11);
    expect(await setSavedNote(db, KEY, 'gift', 12)).not.toHaveProperty('product');
    expect(await setPriceAlert(db, KEY, { kind: 'any' }, 13)).not.toHaveProperty('product');
    await expectCopiesInStep(db);
    const removed = await removeSaved(db, KEY);
    expect(removed).not.toHaveProperty('product');
    await recordCheckedPrice(db, KEY, CNY(100), 14);
    await restoreSaved(db, removed!);
    expect(await firstRowPrice()).toEqual(CNY(100));
    await expectCopiesInStep(db);
    const [all] = await listAllSaved(db);
    expect(all?.saved).not.toHaveProperty('product');
    expect(all?.product?.lastPrice).toEqual(CNY(100));
    expect((await exportBackup(db, 20, async () => ({}) as never)).saved[0]).not.toHaveProperty('product');
  });
});

describe('a backup merge keeps the copies in step', () => {
  it('into a new database, and again with newer products, saved items and experts', async () => {
    await mergeData(db, {
      products: [{ ...(await recordProductSeen(db, detected({ price: CNY(19900) }), 1)), updatedAt: 1 }],
      experts: [expert({ id: 'fp-a', displayName: 'A' })],
      recommendations: [recommendation({ id: 'r1', expertId: 'fp-a', productKey: KEY })],
      saved: [{ productKey: KEY, savedAt: 2, note: '', viaExpertId: null, updatedAt: 2 }],
    });
    await expectCopiesInStep(db);
    const text = JSON.stringify(await exportBackup(db, 3, async () => ({}) as never));
    const file = JSON.parse(text) as { products: { lastPrice: unknown; updatedAt: number }[]; experts: { displayName: string; updatedAt: number }[]; saved: { note: string; updatedAt: number }[] };
    file.products[0]!.lastPrice = CNY(500);
    file.products[0]!.updatedAt = 50;
    file.experts[0]!.displayName = 'A renamed';
    file.experts[0]!.updatedAt = 5000;
    // Into a new browser: everything new, the copies from the file itself.
    const other = await freshDb();
    await importBackup(other, JSON.stringify(file), { applySettings: async () => undefined });
    await expectCopiesInStep(other);
    expect((await listSaved(other)).items[0]?.product?.lastPrice).toEqual(CNY(500));
    expect((await getPicksForProduct(other, KEY, 10))[0]?.expert.displayName).toBe('A renamed');
    // Over the database that holds the older copies: each replaced record refreshes its copies.
    await importBackup(db, JSON.stringify(file), { applySettings: async () => undefined });
    await expectCopiesInStep(db);
    expect((await listSaved(db)).items[0]?.product?.lastPrice).toEqual(CNY(500));
    expect((await getPicksForProduct(db, KEY, 10))[0]?.expert.displayName).toBe('A renamed');
    // A saved item new to a database that already has its product.
    const third = await freshDb();
    await recordProductSeen(third, detected({ price: CNY(19900) }), 1);
    await mergeData(third, { saved: [{ productKey: KEY, savedAt: 2, note: '', viaExpertId: null, updatedAt: 2 }] });
    await expectCopiesInStep(third);
    // A product new to a database whose saved item waited for it.
    const fourth = await freshDb();
    await saveProduct(fourth, KEY, {}, 1);
    await mergeData(fourth, { products: [await recordProductSeen(await freshDb(), detected(), 1)] });
    await expectCopiesInStep(fourth);
    expect((await listSaved(fourth)).items[0]?.product?.key).toBe(KEY);
  });

  it('an expert new to a database that already holds their picks gets their card on every chunk', async () => {
    await putRecommendations(db, [recommendation({ id: 'orphan', expertId: 'fp-late' })]);
    expect(await getPicksForProduct(db, KEY, 10)).toEqual([]);
    await mergeData(db, { experts: [expert({ id: 'fp-late', displayName: 'Late' })] });
    await expectCopiesInStep(db);
    expect((await getPicksForProduct(db, KEY, 10)).map((pick) => pick.expert.displayName)).toEqual(['Late']);
  });
});

describe("each pick chunk carries its expert's card", () => {
  const many = (expertId: string) => Array.from({ length: 60 }, (_, i) => recommendation({ id: `${expertId}-${i}`, expertId, productKey: i % 2 ? KEY : 'jd:1' }));

  it('through every write of an expert record', async () => {
    await followExpert(db, { id: 'fp-a', kind: 'feed', displayName: 'A', bio: '', avatarUrl: 'https://a.example/a.png', feedUrl: 'https://a.example/feed.json' }, 1);
    await putRecommendations(db, many('fp-a'));
    await expectCopiesInStep(db);
    await followExpert(db, { id: 'fp-a', kind: 'feed', displayName: 'A again', bio: '', avatarUrl: 'https://a.example/a.png', feedUrl: 'https://a.example/feed.json' }, 2);
    await expectCopiesInStep(db);
    await setExpertOnProductPages(db, 'fp-a', false, 3);
    await expectCopiesInStep(db);
    expect((await getPicksForProduct(db, KEY, 10))[0]?.expert.showOnProductPages).toBe(false);
    await storeAvatarCopy(db, 'fp-a', { sourceUrl: 'https://a.example/a.png', dataUrl: null, fetchedAt: 4 }, 4);
    await expectCopiesInStep(db);
    await setExpertFollowed(db, 'fp-a', false, 5);
    await expectCopiesInStep(db);
    expect((await getPicksForProduct(db, KEY, 10))[0]?.expert.followed).toBe(false);
    await putExpert(db, { ...(await db.get('experts', 'fp-a'))!, displayName: 'Put whole', updatedAt: 6 });
    await expectCopiesInStep(db);
    // A feed status change leaves the cards as they are (no chunk is read or written for it).
    await recordFeedNotModified(db, 'fp-a', 7);
    await expectCopiesInStep(db);
    expect((await getPicksForProduct(db, KEY, 10)).map((pick) => pick.expert.displayName)).toEqual(Array(30).fill('Put whole'));
    await unfollowExpert(db, 'fp-a', 8);
    await expectCopiesInStep(db);
    expect(await db.getAll('pickChunks')).toEqual([]);
  });

  it('when a feed is stored with a changed profile', async () => {
    const alice = await newExpert();
    const items = Array.from({ length: 30 }, (_, i) => feedRecommendation(`p${i}`));
    const first = await signFeed(payloadFor(alice, items), alice.keyPair.privateKey);
    const stored = await storeFeedFile(db, JSON.stringify(first), { follow: 'follow', feedUrl: 'https://feeds.example/a.json' }, Date.UTC(2025, 1, 2));
    if (!stored.ok) throw new Error('expected the feed to be stored');
    await expectCopiesInStep(db);
    const renamed = { ...payloadFor(alice, items), publishedAt: '2025-02-03T00:00:00.000Z' };
    renamed.expert = { ...renamed.expert, name: 'Renamed expert' };
    await storeFeedFile(db, JSON.stringify(await signFeed(renamed, alice.keyPair.privateKey)), { follow: 'keep' }, Date.UTC(2025, 1, 4));
    await expectCopiesInStep(db);
    const picks = await getPicksForProduct(db, 'tmall:605258110430', Date.UTC(2025, 1, 4));
    expect(picks).toHaveLength(30);
    expect(new Set(picks.map((pick) => pick.expert.displayName))).toEqual(new Set(['Renamed expert']));
    expect(picks[0]?.recommendation.id).toBe(storedRecommendationId(stored.expert.id, picks[0]!.recommendation.id.split('/').at(-1)!));
  });

  it("a new expert's feed writes each chunk once, with the card already in it", async () => {
    const alice = await newExpert();
    const items = Array.from({ length: 3 * 25 }, (_, i) => feedRecommendation(`p${i}`));
    const proto = (globalThis as unknown as { IDBObjectStore: { prototype: { put: (...args: unknown[]) => unknown } } }).IDBObjectStore.prototype;
    const put = proto.put;
    const written: string[] = [];
    proto.put = function (this: IDBObjectStore, ...args: unknown[]) {
      if (this.name === 'pickChunks') written.push(JSON.stringify((args[0] as { key: unknown }).key));
      return put.apply(this, args);
    };
    try {
      const stored = await storeFeedFile(db, JSON.stringify(await signFeed(payloadFor(alice, items), alice.keyPair.privateKey)), { follow: 'follow' }, Date.UTC(2025, 1, 2));
      expect(stored.ok).toBe(true);
    } finally {
      proto.put = put;
    }
    expect(written).toHaveLength(3);
    expect(new Set(written).size).toBe(3);
    await expectCopiesInStep(db);
  });

  it("answers a product's picks as the experts' records and the picks say, best first", async () => {
    await db.put('experts', expert({ id: 'fp-a', displayName: 'A' }));
    await db.put('experts', expert({ id: 'fp-b', displayName: 'B', showOnProductPages: true }));
    await putRecommendations(db, [...many('fp-a'), ...many('fp-b').map((pick, i) => ({ ...pick, rating: 1 + (i % 5) }))]);
    const picks = await getPicksForProduct(db, KEY, 10);
    const records = await Promise.all(['fp-a', 'fp-b'].map((id) => db.get('experts', id)));
    for (const pick of picks) {
      const record = records.find((r) => r?.id === pick.expert.id)!;
      expect(pick.expert).toMatchObject({ id: record.id, kind: record.kind, displayName: record.displayName, avatarUrl: record.avatarUrl, feedUrl: record.feedUrl, followed: record.followed });
    }
    const order = picks.map((pick) => [pick.recommendation.rating, pick.recommendation.updatedAt, pick.recommendation.id]);
    expect(order).toEqual([...order].sort((a, b) => (b[0] as number) - (a[0] as number) || (b[1] as number) - (a[1] as number) || String(a[2]).localeCompare(String(b[2]))));
    expect(picks).toHaveLength(60);
  });
});
