import type { WindowFile } from '../../../utils/window/files';
import type { WindowPickSource } from '../../../utils/window/picks';

/* Shared data for the window tests: one well-formed pick to vary, and a generator of realistic ones. */

export const NOW = Date.UTC(2025, 5, 1, 12);
export const DAY = 24 * 60 * 60 * 1000;
export const EXPERT_ID = 'ed25519:d052bfcfed28308bfabff97096162f15';
export const EXPERT = { id: EXPERT_ID, name: '老王 Wang', bio: 'Value picks for travel and the kitchen.', avatarUrl: 'https://avatars.example.com/laowang.png' };
export const FEED_TEXT = '{\n  "format": "haowu-feed",\n  "version": 1,\n  "payload": "{}",\n  "signature": "x"\n}\n';

type Recommendation = WindowPickSource['recommendation'];
type Product = NonNullable<WindowPickSource['product']>;

/** A live JD pick with a good partner link; override any field of either record (`product: null` for a missing product). */
export function pickSource(id: string, overrides: { recommendation?: Partial<Recommendation>; product?: Partial<Product> | null } = {}): WindowPickSource {
  const product: Product = {
    key: 'jd:3888216',
    platform: 'jd',
    productId: '3888216',
    canonicalUrl: 'https://item.jd.com/3888216.html',
    shopName: '华为京东自营官方旗舰店',
    storeDomain: 'jd.com',
    imageUrl: 'https://img11.360buyimg.com/n1/s450x450_jfs/t3637/phone.jpg',
  };
  return {
    recommendation: {
      id,
      snapshot: { title: '华为 畅享6 金色 移动联通电信4G手机', imageUrl: 'https://img11.360buyimg.com/n1/s450x450_jfs/t3637/phone.jpg', price: { currency: 'CNY', minMinor: 69900, maxMinor: 69900 } },
      reason: 'A cheap spare phone for travel; dual SIM works on all three carriers.',
      rating: 4,
      stockNote: 'Usually in stock',
      tags: ['phones', 'travel'],
      partnerLink: 'https://u.jd.com/demo-laowang',
      createdAt: NOW - 30 * DAY,
      updatedAt: NOW - 2 * DAY,
      expiresAt: null,
      deleted: false,
      ...overrides.recommendation,
    },
    product: overrides.product === null ? null : { ...product, ...overrides.product },
  };
}

export const fileAt = (files: readonly WindowFile[], path: string): WindowFile => {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`no file ${path} among ${files.map((f) => f.path).join(', ')}`);
  return file;
};

export const textAt = (files: readonly WindowFile[], path: string): string => {
  const { body } = fileAt(files, path);
  return typeof body === 'string' ? body : new TextDecoder().decode(body);
};

/** The page as a browser would parse it (happy-dom's DOMParser, in the tests only). */
export const parsePage = (text: string): Document => new DOMParser().parseFromString(text, 'text/html');

export const htmlFiles = (files: readonly WindowFile[]) => files.filter((f) => f.path.endsWith('.html'));

// --- Realistic picks for the size budget -------------------------------------------------------

/** A small deterministic PRNG (mulberry32), so the budget test measures the same data every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Words of Chinese shopping notes. Reasons, titles and stock notes are drawn from them at random,
// frequent words more often: gzip compresses that to about 1.0 byte per character, a little worse
// than real Chinese prose (0.75 for the zh_CN messages of typescript and axe-core, measured the same
// way), so the budget is checked on text no easier to compress than the real thing.
const WORDS = (
  '这款 非常 性价比 很高 推荐 质量 不错 用了 一个月 两年 以后 还是 好用 做工 细致 包装 完整 物流 很快 第二天 就到 了 的 是 我 也 都 还 就 比较 真的 特别 ' +
  '适合 家里 老人 孩子 学生 上班族 出差 旅行 露营 厨房 客厅 卧室 办公室 宿舍 续航 电池 充电 屏幕 清晰 声音 音质 降噪 轻便 小巧 大容量 保温 不漏水 好清洗 ' +
  '没有异味 材质 不锈钢 陶瓷 棉质 透气 舒服 柔软 耐用 结实 颜值 好看 简约 百搭 颜色 尺码 偏大 偏小 正好 建议 拍 大一码 小一码 价格 活动 时候 入手 更 划算 ' +
  '平时 原价 有点 贵 但是 值得 对比 之前 买过 同类 其他 品牌 差不多 明显 更好 安装 简单 说明书 清楚 客服 回复 及时 售后 省心 赠品 实用 味道 口感 甜 不腻 ' +
  '新鲜 分量 足 一次 吃完 回购 第三次 已经 囤货 送人 朋友 同事 父母 都说 满意 唯一 缺点 是 有点 重 声音 偏大 需要 注意 缺货 补货 慢 预售 发货 等 一周 ' +
  '一个 两个 三个 几乎 每天 都在 用 放在 包里 不占 地方 夏天 冬天 空调房 晚上 早上 通勤 地铁 开车 跑步 健身 瑜伽 做饭 煮 面 烧水 泡茶 咖啡 冲 奶粉 宝宝 ' +
  '猫 狗 宠物 掉毛 清理 方便 可以 机洗 手洗 晾干 快 不 起球 不 褪色 防水 防滑 静音 省电 温度 控制 准确 加热 均匀 火力 够 锅 不粘 手柄 隔热 接口 Type-C ' +
  '蓝牙 连接 稳定 延迟 低 游戏 看 视频 网课 拍照 夜景 自拍 美颜 系统 流畅 发热 控制 得 好 信号 差 的 地方 也 能 用'
).split(' ');
const PRODUCT_WORDS = (
  '华为 小米 苏泊尔 九阳 美的 无印良品 优衣库 得力 膳魔师 象印 飞利浦 罗技 倍思 安克 保温杯 手机 耳机 充电宝 数据线 电饭煲 空气炸锅 豆浆机 电水壶 ' +
  '收纳盒 双肩包 行李箱 T恤 卫衣 袜子 毛巾 枕头 台灯 键盘 鼠标 显示器支架 笔记本 中性笔 坚果 挂耳咖啡 绿茶 猫粮 狗粮 猫砂 官方 旗舰 正品 新款 ' +
  '2025 男女 学生 家用 便携 大容量 不锈钢 316 500ml 1.5L 4G 5G 无线 蓝牙 降噪 快充 20W 65W 轻薄 加厚 纯棉 静音 智能 多功能 白色 黑色 灰色 金色 套装 礼盒'
).split(' ');
const PUNCTUATION = '，，，。。！、';
const TAGS = ['手机', '数码', '厨房', '家居', '旅行', '露营', '母婴', '宠物', '护肤', '美妆', '运动', '跑步', '办公', '学生', '礼物', '零食', '茶', '咖啡', '书', '收纳', 'Phones', 'Kitchen', 'Travel', 'Desk setup', 'Gifts', 'Budget', 'Outdoor', 'Audio', 'Coffee', 'Kids'];
const SHOPS = ['华为京东自营官方旗舰店', '小米官方旗舰店', '苏泊尔官方旗舰店', '无印良品MUJI官方旗舰店', '优衣库官方旗舰店', '三只松鼠旗舰店', '得力文具旗舰店', '九阳官方旗舰店', 'Anker Direct', 'Lodge Cast Iron'];
// Each shop's seller id, which Taobao and Tmall image URLs carry (twice).
const SELLERS = ['2206686532409', '1714128138', '470168984', '2200724907121', '196993935', '880734502', '2207523946071', '725677994', '', ''];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

/**
 * `count` live picks like a busy expert's: Chinese titles and reasons (reasons of 15–110 characters, about 60 on average,
 * some with English), store image URLs and partner links with their real shapes and random parts,
 * 0–4 tags from a vocabulary of 30, a stock note on a third of them, mostly JD and Tmall/Taobao.
 */
export function realisticPicks(count: number, seed = 1): WindowPickSource[] {
  const next = random(seed);
  const int = (n: number) => Math.floor(next() * n);
  const chars = (alphabet: string, n: number) => Array.from({ length: n }, () => alphabet[int(alphabet.length)]).join('');
  // Squaring the uniform number draws the frequent words (at the front) more often.
  const word = (list: readonly string[]) => list[Math.floor(next() ** 2 * list.length)] ?? '';
  const sentence = (length: number) => {
    let text = '';
    while (text.length < length) {
      text += Array.from({ length: 3 + int(6) }, () => word(WORDS)).join('') + (next() < 0.2 ? String(int(500)) : '') + PUNCTUATION[int(PUNCTUATION.length)];
    }
    return text;
  };
  const title = () => Array.from({ length: 6 + int(10) }, () => word(PRODUCT_WORDS)).join(' ') + ` ${chars(ALNUM, 3)}-${digits(3)}`;
  const digits = (n: number) => chars('0123456789', n);
  return Array.from({ length: count }, () => {
    const kind = next();
    const createdAt = NOW - (1 + int(700)) * DAY;
    let product: Product;
    let partnerLink: string;
    let imageUrl: string;
    let currency = 'CNY';
    if (kind < 0.45) {
      const id = digits(12);
      product = { key: `jd:${id}`, platform: 'jd', productId: id, canonicalUrl: `https://item.jd.com/${id}.html`, shopName: SHOPS[int(8)] ?? null, storeDomain: 'jd.com', imageUrl: null };
      imageUrl = `https://img${10 + int(5)}.360buyimg.com/n1/jfs/t1/${digits(6)}/${int(40)}/${digits(5)}/${digits(6)}/${chars(HEX, 8)}E${chars(HEX, 7)}/${chars(HEX, 16)}.jpg`;
      partnerLink = `https://u.jd.com/${chars(ALNUM, 7)}`;
    } else if (kind < 0.85) {
      const id = digits(12);
      const platform = kind < 0.7 ? 'tmall' : 'taobao';
      const shop = int(8);
      const host = platform === 'tmall' ? 'detail.tmall.com' : 'item.taobao.com';
      product = { key: `${platform}:${id}`, platform, productId: id, canonicalUrl: `https://${host}/item.htm?id=${id}`, shopName: SHOPS[shop] ?? null, storeDomain: `${platform}.com`, imageUrl: null };
      const seller = SELLERS[shop] ?? '';
      imageUrl = `https://img.alicdn.com/imgextra/i${1 + int(4)}/${seller}/O1CN01${chars(ALNUM, 14)}_!!${seller}.jpg`;
      partnerLink = `https://s.click.taobao.com/${chars(ALNUM, 7)}`;
    } else {
      const asin = `B0${chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 8)}`;
      product = { key: `amazon:${asin}`, platform: 'amazon', productId: asin, canonicalUrl: `https://www.amazon.com/dp/${asin}`, shopName: SHOPS[8 + int(2)] ?? null, storeDomain: 'amazon.com', imageUrl: null };
      imageUrl = `https://m.media-amazon.com/images/I/${chars(ALNUM, 11)}._AC_SL1500_.jpg`;
      partnerLink = `https://amzn.to/${chars(ALNUM, 7)}`;
      currency = 'USD';
    }
    // Shop prices: whole units, often ending in 9 or .90 (¥699.00, ¥59.90, $24.99).
    const major = 5 + int(3000);
    const price = major * 100 - [0, 0, 10, 1][int(4)]!;
    return {
      recommendation: {
        // Own picks' ids are `p-` and a random UUID (utils/expert/own-recommendations.ts).
        id: `p-${chars(HEX, 8)}-${chars(HEX, 4)}-4${chars(HEX, 3)}-${chars('89ab', 1)}${chars(HEX, 3)}-${chars(HEX, 12)}`,
        snapshot: { title: title(), imageUrl, price: { currency, minMinor: price, maxMinor: next() < 0.2 ? price + (10 + int(500)) * 100 : price } },
        reason: sentence(15 + int(85)),
        rating: 3 + int(3),
        stockNote: next() < 0.33 ? sentence(8 + int(20)) : null,
        tags: Array.from(new Set(Array.from({ length: int(5) }, () => TAGS[int(TAGS.length)] ?? 'gift'))),
        partnerLink,
        createdAt,
        updatedAt: createdAt + int(30) * DAY,
        expiresAt: next() < 0.1 ? NOW + (1 + int(90)) * DAY : null,
        deleted: false,
      },
      product,
    };
  });
}
