// The extension runs zod jitless (its pages forbid `new Function`); compare with the same zod.
import '../../../utils/zod-jitless';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Backup, firstDroppedField } from '../../../utils/db/backup';
import { HttpsUrl } from '../../../utils/product';
import { FeedRecommendation, FeedRetraction, FeedUrl } from '../../../utils/feed/schema';
import { REFUSED, compileCheck, type CompileOptions } from '../../../utils/validation/compiled-check';
import { generateDataset } from '../../fixtures/generate-dataset';
import { pngDataUrl } from '../avatar/images';
import { expert, recommendation } from '../db/records';
import { recommendation as feedRecommendation } from '../feed/helpers';

/*
 * The compiled checker must say exactly what the schema says: every value it accepts, the schema
 * accepts with a deep-equal result (transforms applied, unknown keys stripped), and every value the
 * schema accepts, it accepts too (in 'refuse' mode, except one with a key the schema would drop, which
 * the caller then names). Checked over valid records and the same records mutated: every field wrong
 * in type, too long (in code points and in UTF-16 units), missing, extra, bad URLs, plain http, hosts
 * of other stores, odd unicode.
 */

const RUNS = 400;

/** Whether the checker agrees with the schema on `value`; fails the test with both answers when not. */
function expectAgreement(schema: z.core.$ZodType, options: CompileOptions, value: unknown, check = compileCheck(schema, options)): void {
  const fast = check(value);
  const slow = z.safeParse(schema, value);
  if (fast !== REFUSED) {
    expect(slow.success, `accepted what the schema refuses: ${slow.error?.message}`).toBe(true);
    expect(fast).toStrictEqual(slow.data);
    // In 'refuse' mode a key the schema would drop is never let through: the caller must name it.
    if (options.unknownKeys === 'refuse') expect(firstDroppedField(value, slow.data), 'accepted a value with an unknown key').toBeNull();
    return;
  }
  if (!slow.success) return;
  // Refused though the schema accepts: only allowed for a key the schema would drop, in 'refuse' mode.
  expect(options.unknownKeys, 'refused a value the schema accepts').toBe('refuse');
  expect(firstDroppedField(value, slow.data), 'refused a value the schema accepts, with no unknown key').not.toBeNull();
}

// Boundary lengths of the schemas' strings and arrays (1, 3, 10, 32, 40, 80, 100, 128, 200, 220, 253, 500, 1000, 2000, 2048) and one past.
const LENGTHS = [0, 1, 2, 3, 4, 9, 10, 11, 20, 21, 32, 33, 40, 41, 43, 80, 81, 100, 101, 128, 129, 200, 201, 220, 221, 253, 254, 500, 501, 1000, 1001, 2000, 2001, 2048, 2049];
/** One character repeated: ASCII, an astral emoji (2 UTF-16 units, 1 code point), a lone surrogate, a combining mark, invisible and bidi controls. */
const UNITS = ['a', '😀', '\uD83D', '\uDE00', 'e\u0301', '\u200B', '\u202E', '\u0000', ' ', '\t', '中'];

const URLS = [
  'https://detail.tmall.com/item.htm?id=1',
  'https://s.click.taobao.com/t?e=1',
  'https://item.jd.com/100.html',
  'https://u.jd.com/abc',
  'https://amzn.to/x',
  'https://www.amazon.com/dp/B000000001',
  'https://shop.example/p/1',
  'https://img.example.com/a.png',
  ' https://detail.tmall.com/item.htm?id=1',
  'https://detail.tmall.com/item.htm?id=1 ',
  'https://detail.tmall.com/item.htm?id=1\n',
  'https://detail.\ttmall.com/item.htm?id=1',
  'https://DETAIL.TMALL.COM/item.htm?id=1',
  'HTTPS://detail.tmall.com/item.htm?id=1',
  'http://detail.tmall.com/item.htm?id=1',
  'https:detail.tmall.com/item.htm?id=1',
  'https:/detail.tmall.com',
  'https://',
  'https:///x',
  'https://user:pw@detail.tmall.com/item.htm?id=1',
  'https://detail.tmall.com@evil.example/',
  'https://detail.tmall.com:8443/item.htm?id=1',
  'https://detail.tmall.com:443/item.htm?id=1',
  'https://detail.tmall.com:99999/',
  'https://detail.tmall.com.evil.cn/item.htm?id=1',
  'https://evil-tmall.com/item.htm?id=1',
  'https://tmаll.com/x',
  'https://xn--tmll-8cd.com/x',
  'https://xn--a.com/',
  'https://a..b/',
  'https://a.b./',
  'https://1.2.3.4/',
  'https://a.123/',
  'https://a.0x1f/',
  'https://[::1]/',
  'https://exa mple.com/',
  'https://exa%41mple.com/',
  'https://a_b.example/',
  'https://example.com\\x',
  'https://example.com/\u00e9',
  'https://例子.中国/',
  'https://s.click.taobao.com/t?e=1&url=https%3A%2F%2Fevil.example',
  'https://login.taobao.com/?redirectURL=https://evil.example',
  'https://s.click.taobao.com/t#//evil.example',
  'javascript:alert(1)',
  'data:text/html,x',
  '//detail.tmall.com/item.htm?id=1',
  '',
];
const DATES = ['2025-01-01T00:00:00Z', '2025-01-01T00:00:00.000Z', '2025-01-01T08:00:00+08:00', '2025-01-01T00:00:00', '2025-01-01', '2025-13-01T00:00:00Z', '2025-02-30T00:00:00Z', ' 2025-01-01T00:00:00Z', '2025-01-01T24:00:00Z', '1969-12-31T23:59:59Z'];
const HOSTILE: unknown[] = [null, undefined, true, false, 0, -0, 1, -1, 1.5, 6, 99, 100, 2 ** 53, 2 ** 53 - 1, -(2 ** 53), 1e308, Number.NaN, Number.POSITIVE_INFINITY, '', ' ', '0', '1', [], [1], ['x'], {}, { a: 1 }, 'tmall', 'site', 'CNY', 'cny', 'visit', 'feed', 'local', 'any', 'percent', 'below'];

/** Every path to a value inside `value` (the root included). */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const paths = [prefix];
  if (Array.isArray(value)) value.forEach((item, i) => paths.push(...pathsOf(item, [...prefix, i])));
  else if (typeof value === 'object' && value !== null) for (const key of Object.keys(value)) paths.push(...pathsOf((value as Record<string, unknown>)[key], [...prefix, key]));
  return paths;
}

type Mutation =
  | { kind: 'replace'; value: unknown }
  | { kind: 'repeat'; unit: string; length: number }
  | { kind: 'edit'; how: 'pad-space' | 'pad-tab' | 'upper' | 'append-emoji' | 'drop-first' | 'double' }
  | { kind: 'delete' }
  | { kind: 'add-key'; key: string; value: unknown }
  | { kind: 'duplicate' };

const text = fc.oneof(fc.string({ maxLength: 30, unit: 'grapheme' }), fc.string({ maxLength: 30, unit: 'binary' }), fc.string({ maxLength: 10, unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) }));
/** URL-like texts near the plain https form the checker takes a shortcut on. */
const urlLike = fc
  .tuple(
    fc.constantFrom('https://', 'https:/', 'http://', 'HTTPS://', 'https:// ', ' https://'),
    fc.string({ maxLength: 20, unit: fc.constantFrom(...'abz09-._:@[]%xn'.split('')) }),
    fc.constantFrom('', '/', '?', '#', '\\', ':', ' '),
    fc.string({ maxLength: 12, unit: fc.oneof(fc.constantFrom('/', '?', '#', '%', ' ', '\t', '\n', 'é', '😀'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary-ascii' })) }),
  )
  .map(([scheme, host, separator, tail]) => `${scheme}${host}${separator}${tail}`);
const hostileValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
  { weight: 3, arbitrary: fc.constantFrom(...URLS) },
  { weight: 2, arbitrary: urlLike },
  { weight: 1, arbitrary: fc.constantFrom(...DATES) },
  { weight: 2, arbitrary: text },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: hostileValue.map((value) => ({ kind: 'replace' as const, value })) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('repeat' as const), unit: fc.constantFrom(...UNITS), length: fc.constantFrom(...LENGTHS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('edit' as const), how: fc.constantFrom('pad-space', 'pad-tab', 'upper', 'append-emoji', 'drop-first', 'double') }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'delete' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('add-key' as const), key: fc.constantFrom('extra', '__proto__', 'constructor', 'toString', 'id', 'product', 'privateKey'), value: hostileValue }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'duplicate' as const }) },
);

const edited = (text: string, how: Extract<Mutation, { kind: 'edit' }>['how']): string =>
  ({ 'pad-space': ` ${text} `, 'pad-tab': `${text}\t`, upper: text.toUpperCase(), 'append-emoji': `${text}😀`, 'drop-first': text.slice(1), double: text + text })[how];

/** Sets an own property, `__proto__` included (as JSON.parse makes it), without touching the prototype. */
const setOwn = (target: Record<string, unknown>, key: string, value: unknown) => Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

/** `root` (a copy) with `mutation` applied at the path picked by `pick`. */
function mutate(root: unknown, pick: number, change: Mutation): unknown {
  const copy = structuredClone(root);
  const paths = pathsOf(copy);
  const path = paths[pick % paths.length]!;
  if (path.length === 0) return change.kind === 'replace' ? change.value : copy;
  const parent = path.slice(0, -1).reduce<unknown>((at, key) => (at as Record<string | number, unknown>)[key], copy) as Record<string | number, unknown> | unknown[];
  const key = path[path.length - 1]!;
  const current = (parent as Record<string | number, unknown>)[key];
  switch (change.kind) {
    case 'replace':
      (parent as Record<string | number, unknown>)[key] = change.value;
      break;
    case 'repeat':
      (parent as Record<string | number, unknown>)[key] = change.unit.repeat(change.length);
      break;
    case 'edit':
      if (typeof current === 'string') (parent as Record<string | number, unknown>)[key] = edited(current, change.how);
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete (parent as Record<string, unknown>)[key];
      break;
    case 'add-key':
      if (typeof current === 'object' && current !== null && !Array.isArray(current)) setOwn(current as Record<string, unknown>, change.key, change.value);
      else if (!Array.isArray(parent)) setOwn(parent as Record<string, unknown>, change.key, change.value);
      break;
    case 'duplicate':
      if (Array.isArray(parent)) parent.push(structuredClone(current));
      else if (Array.isArray(current)) current.push(structuredClone(current[0]));
      break;
  }
  return copy;
}

/** Seeds, mutated up to three times, sometimes through JSON as a file brings them (no undefined, NaN or -0 there). */
const mutated = (seeds: unknown[]) =>
  fc
    .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), mutation), { maxLength: 3 }), fc.boolean())
    .map(([seed, changes, throughJson]) => {
      const value = changes.reduce<unknown>((at, [pick, change]) => mutate(at, pick, change), seed);
      if (!throughJson) return value;
      const json = JSON.stringify(value);
      return json === undefined ? value : (JSON.parse(json) as unknown);
    });

// --- Seeds: valid records of every kind, with their optional fields present and absent.

const dataset = generateDataset({ experts: 3, recommendations: 12, saved: 3, cartLines: 3, seed: 11 });
const PRODUCT_PAGE: Record<string, (id: string) => string> = {
  tmall: (id) => `https://detail.tmall.com/item.htm?id=${id}`,
  taobao: (id) => `https://item.taobao.com/item.htm?id=${id}`,
  jd: (id) => `https://item.jd.com/${id}.html`,
  weidian: (id) => `https://weidian.com/item.html?itemID=${id}`,
  pinduoduo: (id) => `https://mobile.yangkeduo.com/goods.html?goods_id=${id}`,
};
const picks = dataset.recommendations.map((pick, i) => {
  const [platform, id] = pick.productKey.split(':') as [string, string];
  return { ...pick, partnerLink: i % 4 === 3 ? null : `${PRODUCT_PAGE[platform]!(id)}&pid=${pick.id}`.replace('.html&', '.html?'), ...(i % 3 === 0 && { receivedAt: 5, productUrl: PRODUCT_PAGE[platform]!(id) }) };
});
const SEEDS = {
  products: [...dataset.products, { ...dataset.products[0]!, imageUrl: null, shopName: null, lastPrice: null, priceHistory: [{ at: 1, price: null, source: 'check' }] }],
  experts: [
    ...dataset.experts,
    expert({ kind: 'local', displayName: ' Bob\u200B ', feedUrl: null }),
    expert({ avatarUrl: 'https://img.example/a.png', avatarCopy: { sourceUrl: 'https://img.example/a.png', dataUrl: pngDataUrl(), fetchedAt: 5 }, showOnProductPages: false, lastArrivalAt: 3 }),
    expert({ feedStatus: { lastFetchedAt: 1, lastError: 'x', etag: '"e"', lastModified: null, lastAttemptAt: 2, lastCheckedAt: 3, summary: null, publishedAt: 4 } }),
  ],
  recommendations: [...picks, recommendation(), recommendation({ productKey: 'site:shop.example/p-1', partnerLink: 'https://www.shop.example/p/1?ref=x' }), recommendation({ productKey: 'amazon:B000000001', partnerLink: 'https://www.amazon.com/dp/B000000001?tag=x' })],
  saved: [...dataset.saved, { ...dataset.saved[0]!, priceAlert: { kind: 'percent', percent: 10 } }, { ...dataset.saved[0]!, priceAlert: { kind: 'below', target: { currency: 'CNY', minMinor: 1, maxMinor: 1 } } }],
  cart: dataset.cart,
  purchases: [{ id: '[1,"tmall:1",""]', productKey: 'tmall:1', variant: '', store: 'tmall', quantity: 2, title: 'Shirt', unitPrice: { currency: 'CNY', minMinor: 5, maxMinor: 5 }, viaRecommendationId: null, viaExpertId: 'fp-a', boughtAt: 1, updatedAt: 1 }],
  collections: [
    {
      id: 'https://c.example/c.json',
      url: 'https://c.example/c.json',
      name: 'Starter',
      description: null,
      curator: 'Mei',
      expertIds: ['fp-a'],
      followedAt: 1,
      status: { lastFetchedAt: 1, lastAttemptAt: null, lastCheckedAt: null, lastError: null, etag: null, lastModified: null, summary: null },
      updatedAt: 1,
    },
  ],
} as const;

/** Each section's record schema, as the import checks it (the very instances `Backup` holds). */
const RECORD_SCHEMAS = {
  products: Backup.shape.products.element,
  experts: Backup.shape.experts.element,
  recommendations: Backup.shape.recommendations.element,
  saved: Backup.shape.saved.element,
  cart: Backup.shape.cart.element,
  purchases: Backup.shape.purchases.unwrap().element,
  collections: Backup.shape.collections.unwrap().element,
};

const FEED_SEEDS = [
  feedRecommendation('a'),
  feedRecommendation('b', { product: { key: 'jd:100', platform: 'jd', productId: '100', url: 'https://item.jd.com/100.html', title: 'Kettle', imageUrl: 'https://img.example.com/k.png' }, partnerLink: 'https://u.jd.com/x', stockNote: 'few left', expiresAt: '2026-01-01T00:00:00Z' }),
  feedRecommendation('c', { product: { key: 'site:shop.example/p-1', platform: 'site', productId: 'shop.example/p-1', url: 'https://www.shop.example/p/1', title: 'Lamp' }, partnerLink: 'https://www.shop.example/p/1?ref=me', tags: undefined }),
  feedRecommendation('d', { product: { key: 'amazon:B000000001', platform: 'amazon', productId: 'B000000001', url: 'https://www.amazon.com/dp/B000000001', title: 'Book' }, partnerLink: 'https://www.amazon.com/dp/B000000001?tag=me-20' }),
];

describe('compileCheck: the same verdict and result as the schema', () => {
  it.each(Object.keys(RECORD_SCHEMAS) as (keyof typeof RECORD_SCHEMAS)[])(
    'backup %s records, valid and mutated',
    (section) => {
      const schema = RECORD_SCHEMAS[section];
      const options = { unknownKeys: 'refuse' } as const;
      const check = compileCheck(schema, options);
      // Every seed is valid and takes the fast path.
      for (const seed of SEEDS[section]) expect(check(structuredClone(seed)), JSON.stringify(seed)).toStrictEqual(schema.parse(seed));
      fc.assert(fc.property(mutated([...SEEDS[section]]), (value) => expectAgreement(schema, options, value, check)), { numRuns: RUNS });
    },
    60_000,
  );

  it('feed recommendations, valid and mutated, unknown fields stripped', () => {
    const options = { unknownKeys: 'strip' } as const;
    const check = compileCheck(FeedRecommendation, options);
    for (const seed of FEED_SEEDS) expect(check(structuredClone(seed))).toStrictEqual(FeedRecommendation.parse(seed));
    fc.assert(fc.property(mutated(FEED_SEEDS), (value) => expectAgreement(FeedRecommendation, options, value, check)), { numRuns: RUNS * 2 });
  }, 60_000);

  it('feed retractions', () => {
    const options = { unknownKeys: 'strip' } as const;
    const check = compileCheck(FeedRetraction, options);
    fc.assert(fc.property(mutated([{ id: 'x-1', retractedAt: '2025-01-01T00:00:00Z' }]), (value) => expectAgreement(FeedRetraction, options, value, check)), { numRuns: RUNS });
  }, 60_000);

  it('whole backups: header, lists, duplicates, settings', () => {
    const options = { unknownKeys: 'refuse' } as const;
    const check = compileCheck(Backup, options);
    const backup = {
      format: 'haowu-backup',
      version: 2,
      schema: 4,
      exportedAt: '2025-01-01T00:00:00.000Z',
      products: SEEDS.products.slice(0, 2),
      experts: SEEDS.experts.slice(0, 2),
      recommendations: SEEDS.recommendations.slice(0, 3),
      saved: SEEDS.saved.slice(0, 2),
      cart: SEEDS.cart.slice(0, 1),
      purchases: SEEDS.purchases,
      collections: SEEDS.collections,
      settings: { language: 'zh' },
    };
    expect(check(structuredClone(backup))).toStrictEqual(Backup.parse(backup));
    fc.assert(fc.property(mutated([backup, { ...backup, purchases: undefined, collections: undefined, settings: undefined, version: 1 }]), (value) => expectAgreement(Backup, options, value, check)), { numRuns: RUNS });
  }, 60_000);

  it('https URLs: the plain-form shortcut says what zod says', () => {
    for (const schema of [HttpsUrl, FeedUrl]) {
      const check = compileCheck(schema, { unknownKeys: 'strip' });
      for (const url of URLS) expectAgreement(schema, { unknownKeys: 'strip' }, url, check);
      fc.assert(fc.property(fc.oneof(urlLike, fc.constantFrom(...URLS)), (url) => expectAgreement(schema, { unknownKeys: 'strip' }, url, check)), { numRuns: RUNS * 5 });
    }
  }, 60_000);

  it('strings are measured in code points at every bound, as zod 4 measures them', () => {
    for (const schema of [z.string().min(3).max(5), z.string().length(4), z.array(z.string()).min(1).max(2)]) {
      const check = compileCheck(schema, { unknownKeys: 'strip' });
      for (const unit of UNITS) for (let n = 0; n <= 12; n++) expectAgreement(schema, { unknownKeys: 'strip' }, unit.repeat(n), check);
      for (let n = 0; n <= 3; n++) expectAgreement(schema, { unknownKeys: 'strip' }, Array(n).fill('x'), check);
    }
  });
});
