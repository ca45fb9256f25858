import type { ProductRecord, RecommendationRecord } from '../../utils/db/schema';

/*
 * A deterministic set of an expert's own picks for the window figures: every pick on a partner store
 * with a real-looking Chinese title, a reason of one to three sentences, two or three of 40 tags, a
 * price, a picture and a partner link on the store's own link host (so the feed carries every pick).
 */

const STORES = [
  { platform: 'tmall', domain: 'tmall.com', url: (id: string) => `https://detail.tmall.com/item.htm?id=${id}`, link: (i: number) => `https://s.click.taobao.com/t?e=bench-${i}` },
  { platform: 'taobao', domain: 'taobao.com', url: (id: string) => `https://item.taobao.com/item.htm?id=${id}`, link: (i: number) => `https://s.click.taobao.com/t?e=bench-${i}` },
  { platform: 'jd', domain: 'jd.com', url: (id: string) => `https://item.jd.com/${id}.html`, link: (i: number) => `https://u.jd.com/bench${i}` },
  { platform: 'weidian', domain: 'weidian.com', url: (id: string) => `https://weidian.com/item.html?itemID=${id}`, link: (i: number) => `https://k.weidian.com/bench${i}` },
  { platform: 'pinduoduo', domain: 'yangkeduo.com', url: (id: string) => `https://mobile.yangkeduo.com/goods.html?goods_id=${id}`, link: (i: number) => `https://p.pinduoduo.com/bench${i}` },
] as const;

const THINGS = ['保温杯', '机械键盘', '电热水壶', '降噪耳机', '普洱茶饼', '登山背包', '羊毛袜', '手冲咖啡壶', '空气炸锅', '充电宝', '床上四件套', '不粘锅'];
const QUALITIES = ['官方旗舰店正品', '新款加厚', '大容量便携', '静音款', '家用办公两用', '限量礼盒装'];
const REASONS = [
  'Used it every day for three months and it still works like new.',
  'Much quieter than the one it replaced, and the price was fair.',
  '做工扎实，细节比同价位的好不少，送人也体面。',
  'The seller answered every question within minutes; shipping took two days.',
  '冬天用了一整季，保温效果没有明显下降。',
];
const TAGS = Array.from({ length: 40 }, (_, i) => (i % 2 ? `tag${i}` : ['kitchen', 'tea', 'travel', 'office', 'gift', 'home', 'audio', 'outdoor'][(i / 2) % 8]! + (i > 15 ? `-${i}` : '')));
const START = Date.UTC(2025, 0, 1);
const DAY = 86_400_000;

export const BENCH_EXPERT_NAME = 'Bench · 小美 (bench data)';

/** `count` picks of `expertId` with their products, the same every time. */
export function benchWindowPicks(expertId: string, count: number): { products: ProductRecord[]; recommendations: RecommendationRecord[] } {
  const products: ProductRecord[] = [];
  const recommendations: RecommendationRecord[] = [];
  for (let i = 0; i < count; i++) {
    const store = STORES[i % STORES.length]!;
    const productId = String(600_000_000 + i * 7);
    const key = `${store.platform}:${productId}`;
    const title = `${QUALITIES[i % QUALITIES.length]} ${THINGS[i % THINGS.length]} 第${i}款 ${i % 3 ? '包邮' : '顺丰速发'}`;
    const price = { currency: 'CNY', minMinor: 1_990 + ((i * 733) % 90_000), maxMinor: 1_990 + ((i * 733) % 90_000) + (i % 4 ? 0 : 5_000) };
    const at = START + (i % 300) * DAY;
    products.push({
      key,
      platform: store.platform,
      productId,
      canonicalUrl: store.url(productId),
      title,
      imageUrl: `https://img.alicdn.com/imgextra/i${i % 4}/bench/${productId}.jpg`,
      shopName: `${THINGS[(i + 3) % THINGS.length]}专卖店 ${i % 37}`,
      storeDomain: store.domain,
      lastPrice: price,
      priceHistory: [{ at, price }],
      firstSeenAt: at,
      lastSeenAt: at,
      updatedAt: at,
    } as ProductRecord);
    recommendations.push({
      id: `bench-${i}`,
      expertId,
      productKey: key,
      snapshot: { title, imageUrl: `https://img.alicdn.com/imgextra/i${i % 4}/bench/${productId}.jpg`, price },
      reason: Array.from({ length: 1 + (i % 3) }, (_, s) => REASONS[(i + s) % REASONS.length]).join(' '),
      rating: 1 + (i % 5),
      stockNote: i % 5 === 0 ? '现货，48 小时内发货' : null,
      tags: [TAGS[i % TAGS.length]!, TAGS[(i * 7 + 3) % TAGS.length]!, ...(i % 2 ? [TAGS[(i * 13 + 5) % TAGS.length]!] : [])].filter((tag, n, all) => all.indexOf(tag) === n),
      partnerLink: store.link(i),
      createdAt: at,
      updatedAt: at + DAY,
      expiresAt: null,
      deleted: false,
    });
  }
  return { products, recommendations };
}
