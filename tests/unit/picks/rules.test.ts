import { describe, expect, it } from 'vitest';
import {
  countNewPicks,
  isAfterCursor,
  isNewPick,
  matchesStore,
  mayHaveNewPicks,
  newestFirst,
  plainProductUrl,
  storeOfKey,
  timelineMatches,
} from '../../../utils/picks/rules';
import { filterPicks, shortFingerprint, storesOfPicks } from '../../../utils/popup/picks-view';
import type { PickEntry } from '../../../utils/db/picks';
import { expert, recommendation } from '../db/records';

const NOW = Date.UTC(2025, 11, 10);

describe('timeline order', () => {
  it('is newest update first, then id descending, which is the by-updatedAt index read backwards', () => {
    const picks = [
      recommendation({ id: 'a', updatedAt: 5 }),
      recommendation({ id: 'c', updatedAt: 9 }),
      recommendation({ id: 'b', updatedAt: 5 }),
      recommendation({ id: 'd', updatedAt: 1 }),
    ];
    expect([...picks].sort(newestFirst).map((p) => p.id)).toEqual(['c', 'b', 'a', 'd']);
    // The same order whatever order they come in.
    expect([...picks].reverse().sort(newestFirst).map((p) => p.id)).toEqual(['c', 'b', 'a', 'd']);
  });

  it('continues strictly after a cursor, ties broken by id, so pages never repeat or skip a pick', () => {
    const cursor: [number, string] = [5, 'b'];
    expect(isAfterCursor(recommendation({ id: 'a', updatedAt: 5 }), cursor)).toBe(true);
    expect(isAfterCursor(recommendation({ id: 'b', updatedAt: 5 }), cursor)).toBe(false);
    expect(isAfterCursor(recommendation({ id: 'c', updatedAt: 5 }), cursor)).toBe(false);
    expect(isAfterCursor(recommendation({ id: 'z', updatedAt: 4 }), cursor)).toBe(true);
    expect(isAfterCursor(recommendation({ id: 'a', updatedAt: 6 }), cursor)).toBe(false);
    expect(isAfterCursor(recommendation({ id: 'a', updatedAt: 6 }), undefined)).toBe(true);
  });
});

describe('timeline filters', () => {
  const followed = expert();
  it('shows live picks of followed feed experts only', () => {
    expect(timelineMatches(recommendation(), followed, {}, NOW)).toBe(true);
    expect(timelineMatches(recommendation(), expert({ followed: false, followedAt: null }), {}, NOW)).toBe(false);
    expect(timelineMatches(recommendation(), expert({ kind: 'local' }), {}, NOW)).toBe(false);
    expect(timelineMatches(recommendation(), undefined, {}, NOW)).toBe(false);
    expect(timelineMatches(recommendation({ deleted: true }), followed, {}, NOW)).toBe(false);
    expect(timelineMatches(recommendation({ expiresAt: NOW }), followed, {}, NOW)).toBe(false);
    expect(timelineMatches(recommendation({ expiresAt: NOW + 1 }), followed, {}, NOW)).toBe(true);
  });

  it('filters by expert and by store: a platform, every other store together, or one other store', () => {
    expect(timelineMatches(recommendation(), followed, { expertId: 'fp-alice' }, NOW)).toBe(true);
    expect(timelineMatches(recommendation(), followed, { expertId: 'fp-bo' }, NOW)).toBe(false);
    expect(timelineMatches(recommendation(), followed, { store: 'tmall' }, NOW)).toBe(true);
    expect(timelineMatches(recommendation(), followed, { store: 'jd' }, NOW)).toBe(false);
    expect(matchesStore('site:example-shop.de/WK-17', 'site')).toBe(true);
    expect(matchesStore('site:example-shop.de/WK-17', 'example-shop.de')).toBe(true);
    expect(matchesStore('site:example-shop.de/WK-17', 'other.example')).toBe(false);
    expect(matchesStore('jd:1', 'site')).toBe(false);
    expect(matchesStore('jd:1', '')).toBe(true);
    expect(storeOfKey('site:example-shop.de/WK-17')).toBe('example-shop.de');
    expect(storeOfKey('amazon:B000')).toBe('amazon');
  });
});

describe('"new since you last looked"', () => {
  const followedAt = 1_000;
  const them = expert({ followedAt });
  it('is a pick that reached Haowu after the last look and after the follow', () => {
    expect(isNewPick({ receivedAt: 5_000 }, them, 4_000)).toBe(true);
    expect(isNewPick({ receivedAt: 4_000 }, them, 4_000)).toBe(false);
    expect(isNewPick({ receivedAt: 3_000 }, them, 4_000)).toBe(false);
  });

  it('is never the picks a follow brought, nor picks a collection brought before the follow', () => {
    // Stored in the same transaction as the follow: received at the follow time.
    expect(isNewPick({ receivedAt: followedAt }, them, 0)).toBe(false);
    expect(isNewPick({ receivedAt: 500 }, them, 0)).toBe(false);
  });

  it('is never a pick stored before arrival times were kept, nor anything before the first look time exists', () => {
    expect(isNewPick({}, them, 0)).toBe(false);
    expect(isNewPick({ receivedAt: 5_000 }, them, null)).toBe(false);
    expect(isNewPick({ receivedAt: 5_000 }, expert({ followed: false, followedAt: null }), 0)).toBe(false);
  });

  it('counts live new picks only, and reads an expert only when picks came to them since the last look', () => {
    const picks = [
      recommendation({ id: '1', receivedAt: 5_000 }),
      recommendation({ id: '2', receivedAt: 5_000, deleted: true }),
      recommendation({ id: '3', receivedAt: 5_000, expiresAt: NOW - 1 }),
      recommendation({ id: '4', receivedAt: 2_000 }),
      recommendation({ id: '5', receivedAt: 6_000 }),
    ];
    expect(countNewPicks(picks, them, 4_000, NOW)).toBe(2);
    expect(mayHaveNewPicks(expert({ lastArrivalAt: 5_000 }), 4_000)).toBe(true);
    expect(mayHaveNewPicks(expert({ lastArrivalAt: 3_000 }), 4_000)).toBe(false);
    expect(mayHaveNewPicks(expert({}), 4_000)).toBe(false);
    expect(mayHaveNewPicks(expert({ lastArrivalAt: 5_000, followed: false, followedAt: null }), 4_000)).toBe(false);
  });
});

describe('the plain store page of a pick', () => {
  it('prefers the address Haowu read, then the feed’s, then one built for a partner store', () => {
    expect(plainProductUrl('tmall:1', { canonicalUrl: 'https://detail.tmall.com/item.htm?id=1&x', productUrl: 'https://detail.tmall.com/item.htm?id=1' })).toBe('https://detail.tmall.com/item.htm?id=1&x');
    expect(plainProductUrl('tmall:1', { productUrl: 'https://detail.tmall.com/item.htm?id=1' })).toBe('https://detail.tmall.com/item.htm?id=1');
    expect(plainProductUrl('jd:100012043978', {})).toBe('https://item.jd.com/100012043978.html');
    expect(plainProductUrl('pinduoduo:42', {})).toBe('https://mobile.yangkeduo.com/goods.html?goods_id=42');
    expect(plainProductUrl('amazon:B000', {})).toBeNull();
    expect(plainProductUrl('site:shop.example/1', {})).toBeNull();
    expect(plainProductUrl('jd:../evil', {})).toBeNull();
    // No page is built for a platform Haowu does not know, nor from a name every object has.
    expect(plainProductUrl('ebay:42', {})).toBeNull();
    expect(plainProductUrl('constructor:42', {})).toBeNull();
    expect(plainProductUrl('toString:42', {})).toBeNull();
  });
});

describe('the expert page’s search', () => {
  const entry = (id: string, title: string, store: string, extra: Partial<PickEntry['recommendation']> = {}): PickEntry => ({
    recommendation: recommendation({ id, snapshot: { title, imageUrl: null, price: null }, ...extra }),
    store,
    lastPrice: null,
    plainUrl: null,
    saved: false,
  });
  const picks = [
    entry('1', 'Linen shirt', 'tmall', { tags: ['summer'], reason: 'Breathes well' }),
    entry('2', '保温杯 Thermos', 'jd', { tags: [], reason: 'Keeps tea hot all day' }),
    entry('3', 'Kettle', 'shop.example', { tags: [], reason: 'Quiet' }),
  ];

  it('finds every word in title, reason, tags or store (by name too), in the order given', () => {
    expect(filterPicks(picks, { text: 'summer', store: '' }).map((e) => e.recommendation.id)).toEqual(['1']);
    expect(filterPicks(picks, { text: 'TEA hot', store: '' }).map((e) => e.recommendation.id)).toEqual(['2']);
    expect(filterPicks(picks, { text: '保温', store: '' }).map((e) => e.recommendation.id)).toEqual(['2']);
    expect(filterPicks(picks, { text: '京东', store: '' }, (s) => (s === 'jd' ? '京东' : s)).map((e) => e.recommendation.id)).toEqual(['2']);
    expect(filterPicks(picks, { text: '', store: 'shop.example' }).map((e) => e.recommendation.id)).toEqual(['3']);
    expect(filterPicks(picks, { text: 'shirt', store: 'jd' })).toEqual([]);
    expect(storesOfPicks(picks)).toEqual(['jd', 'shop.example', 'tmall']);
  });

  it('shortens a key fingerprint to its first and last four digits', () => {
    expect(shortFingerprint('ed25519:ab12ef00000000000000000000cdcd34')).toBe('ed25519:ab12…cd34');
    expect(shortFingerprint('local-me')).toBe('local-me');
  });
});
