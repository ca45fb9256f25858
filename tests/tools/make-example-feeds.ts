/**
 * Writes the example feeds and collection in tests/fixtures/feeds/, used by the unit tests and the demo.
 * Run with `npx tsx tests/tools/make-example-feeds.ts`.
 *
 * The demo experts' identity backups are kept next to the feeds so that running this again re-signs
 * with the same keys (Ed25519 signatures are deterministic, so unchanged content gives identical files).
 * Their private keys are public on purpose: they are DEMO DATA and must never be used for a real feed.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCollection } from '../../utils/feed/collection';
import { exportPublicKey, generateExpertKeyPair, signFeed } from '../../utils/feed/crypto';
import { exportIdentity, importIdentity } from '../../utils/feed/identity';
import { buildFeedPayload, encodeFeedForDownload, type LocalPick } from '../../utils/feed/publish';
import type { ExpertFeedProfile, FeedEnvelope } from '../../utils/feed/schema';
import { summarizeFeed, verifyFeed } from '../../utils/feed/verify';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'feeds');
const PUBLISHED_AT = Date.parse('2025-03-01T08:00:00Z');
const DAY = 86_400_000;

interface DemoExpert {
  slug: string;
  profile: ExpertFeedProfile;
  picks: LocalPick[];
  retractions: { id: string; retractedAt: number }[];
}

const pick = (
  id: string,
  product: NonNullable<LocalPick['product']>,
  snapshot: LocalPick['recommendation']['snapshot'],
  details: Pick<LocalPick['recommendation'], 'reason' | 'rating' | 'partnerLink'> & Partial<LocalPick['recommendation']>,
): LocalPick => ({
  product,
  recommendation: {
    id,
    snapshot,
    stockNote: null,
    tags: [],
    createdAt: PUBLISHED_AT - 30 * DAY,
    updatedAt: PUBLISHED_AT - 2 * DAY,
    expiresAt: null,
    deleted: false,
    ...details,
  },
});

// Products from the saved pages in tests/fixtures/pages, so the demo store shows these picks.
const IPHONE = { key: 'tmall:605258110430', platform: 'tmall', productId: '605258110430', canonicalUrl: 'https://detail.tmall.com/item.htm?id=605258110430', shopName: '苏宁易购官方旗舰店' } as const;
const KEYBOARD_CASE = { key: 'taobao:562283240178', platform: 'taobao', productId: '562283240178', canonicalUrl: 'https://item.taobao.com/item.htm?id=562283240178', shopName: '怡科外设KBDfans' } as const;
const HUAWEI = { key: 'jd:3888216', platform: 'jd', productId: '3888216', canonicalUrl: 'https://item.jd.com/3888216.html', shopName: '华为京东自营官方旗舰店' } as const;
const KETTLE = { key: 'site:example-shop.de/WK-17-BL', platform: 'site', productId: 'example-shop.de/WK-17-BL', canonicalUrl: 'https://www.example-shop.de/produkte/wasserkocher-blau?color=blau', shopName: 'Example Shop GmbH' } as const;

const EXPERTS: DemoExpert[] = [
  {
    slug: 'demo-xiaomei',
    profile: {
      name: 'Demo · 小美 (demo data)',
      bio: 'DEMO DATA: a made-up expert for trying Haowu. 演示数据：虚构的达人。Phones and desk gear.',
      homepage: 'https://demo-store.haowu.test/experts/xiaomei',
    },
    picks: [
      pick('xm-iphone-11', IPHONE, { title: 'Apple/苹果 iPhone 11 4G全网通智能手机', imageUrl: 'https://img.alicdn.com/imgextra/i3/2616970884/O1CN01TOc9jZ1IOujNdnN64_!!2616970884.jpg_430x430q90.jpg', price: { currency: 'CNY', minMinor: 549900, maxMinor: 679900 } }, {
        reason: '(demo) Still a sensible phone: good battery, long update support. 电池耐用，系统更新周期长。',
        rating: 4,
        stockNote: '(demo) 128 GB sells out first',
        tags: ['phone', '手机'],
        partnerLink: 'https://s.click.taobao.com/demo-xiaomei-iphone',
      }),
      pick('xm-kbd-case', KEYBOARD_CASE, { title: '乳白亚克力外壳 60%键盘外壳', imageUrl: null, price: { currency: 'CNY', minMinor: 14900, maxMinor: 15900 } }, {
        reason: '(demo) The frosted case diffuses RGB nicely; fits standard 60% boards. 透光均匀。',
        rating: 5,
        tags: ['keyboard'],
        partnerLink: 'https://uland.taobao.com/demo-xiaomei-case',
        // Far ahead, so the demo does not rot: the pick keeps its expiry field without expiring.
        expiresAt: Date.parse('2099-12-31T00:00:00Z'),
      }),
      pick('xm-old-pick', IPHONE, { title: 'Apple/苹果 iPhone 11', imageUrl: null, price: null }, {
        reason: '(demo) A pick that was later withdrawn.',
        rating: 3,
        partnerLink: 'https://s.click.taobao.com/demo-old',
        deleted: true,
        updatedAt: PUBLISHED_AT - DAY,
      }),
    ],
    retractions: [],
  },
  {
    slug: 'demo-laowang',
    profile: {
      name: 'Demo · 老王 (demo data)',
      bio: 'DEMO DATA: a made-up expert for trying Haowu. 演示数据：虚构的达人。Value picks.',
    },
    picks: [
      pick('lw-huawei-6', HUAWEI, { title: '华为 畅享6 金色 移动联通电信4G手机', imageUrl: 'https://img11.360buyimg.com/n1/s450x450_jfs/t3637/275/652996370/280419/2a134044/58105e15N75fb0595.jpg', price: { currency: 'CNY', minMinor: 69900, maxMinor: 69900 } }, {
        reason: '(demo) A cheap spare phone for travel; dual SIM works on all three carriers.',
        rating: 3,
        partnerLink: 'https://u.jd.com/demo-laowang',
      }),
      pick('lw-kettle', KETTLE, { title: 'Wasserkocher Blau 1,7 l', imageUrl: 'https://cdn.example-shop.de/img/wk-blau.jpg', price: { currency: 'EUR', minMinor: 4990, maxMinor: 4990 } }, {
        reason: '(demo) Quiet, boils 1.7 l fast, and the lid opens wide for cleaning.',
        rating: 4,
        partnerLink: 'https://www.example-shop.de/produkte/wasserkocher-blau?color=blau&partner=demo-laowang',
      }),
    ],
    retractions: [{ id: 'lw-retired', retractedAt: PUBLISHED_AT - 3 * DAY }],
  },
];

async function loadOrCreateKeys(expert: DemoExpert): Promise<CryptoKeyPair> {
  const path = join(OUT, `${expert.slug}.identity.json`);
  const existing = await readFile(path, 'utf8').catch(() => null);
  if (existing !== null) {
    const restored = await importIdentity(existing);
    if (!restored.ok) throw new Error(`${path}: ${restored.reason}`);
    return restored.keyPair;
  }
  const keyPair = await generateExpertKeyPair();
  await writeFile(path, await exportIdentity(keyPair, expert.profile, new Date(PUBLISHED_AT)));
  return keyPair;
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const envelopes: FeedEnvelope[] = [];
  for (const expert of EXPERTS) {
    const keyPair = await loadOrCreateKeys(expert);
    const publicKey = await exportPublicKey(keyPair.publicKey);
    const { payload, omitted } = buildFeedPayload({ publicKey, ...expert.profile }, expert.picks, expert.retractions, PUBLISHED_AT);
    if (omitted.length > 0) throw new Error(`${expert.slug}: picks left out: ${JSON.stringify(omitted)}`);
    const envelope = await signFeed(payload, keyPair.privateKey);
    const text = encodeFeedForDownload(envelope);
    const check = await verifyFeed(text);
    if (!check.ok || check.skipped.length > 0) throw new Error(`${expert.slug}: ${summarizeFeed(check)}`);
    await writeFile(join(OUT, `${expert.slug}.feed.json`), text);
    envelopes.push(envelope);
    console.log(`${expert.slug}.feed.json  ${check.expertId}  ${summarizeFeed(check)}`);
  }
  const collection = buildCollection(
    { name: 'Demo starter pack (demo data)', description: 'DEMO DATA: two made-up experts for trying Haowu.', curator: 'Haowu demo' },
    envelopes,
  );
  await writeFile(join(OUT, 'demo-collection.json'), `${JSON.stringify(collection, null, 2)}\n`);
  console.log('demo-collection.json');
}

await main();
