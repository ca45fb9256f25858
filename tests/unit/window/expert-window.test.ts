import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { qrMatrix, qrPath } from '../../../utils/expert/qr';
import { buildExpertWindow, type ExpertWindowInput } from '../../../utils/window/expert-window';
import type { WindowFile } from '../../../utils/window/files';
import { shownPages } from '../../../utils/window/pager';
import { WINDOW_CSS } from '../../../utils/window/style';
import { DAY, EXPERT, EXPERT_ID, FEED_TEXT, NOW, fileAt, htmlFiles, parsePage, pickSource, textAt } from './fixtures';

const BASE = 'https://win.example/laowang/';

const build = (overrides: Partial<ExpertWindowInput> = {}) =>
  buildExpertWindow({
    expert: EXPERT,
    picks: [pickSource('lw-huawei-6')],
    feedText: FEED_TEXT,
    language: 'en',
    publicBaseUrl: BASE,
    now: NOW,
    timeZone: 'UTC',
    ...overrides,
  }).then((window) => window.files);

const page = (files: readonly WindowFile[], path: string) => parsePage(textAt(files, path));

/** Where a relative link on the page at `from` leads, as a window path and fragment. */
function resolve(from: string, href: string): { path: string; hash: string } {
  const url = new URL(href, `https://window.test/${from}`);
  expect(url.origin, `${href} on ${from}`).toBe('https://window.test');
  return { path: url.pathname.slice(1), hash: url.hash.slice(1) };
}

const tmallPick = (id: string, tags: string[]) =>
  pickSource(id, {
    recommendation: { tags, partnerLink: 'https://s.click.taobao.com/t?e=abc', snapshot: { title: '保温杯 500ml', imageUrl: 'https://img.alicdn.com/cup.jpg', price: null } },
    product: { key: `tmall:${id}`, platform: 'tmall', productId: '605258110430', canonicalUrl: 'https://detail.tmall.com/item.htm?id=605258110430', shopName: '某某旗舰店', storeDomain: 'tmall.com' },
  });

describe('the expert window', () => {
  it('makes the same bytes for what did not change, so publishing again uploads only what did', async () => {
    const picks = [pickSource('lw-huawei-6'), tmallPick('cup-1', ['kitchen'])];
    const monday = await build({ picks });
    const thursday = await build({ picks, now: NOW + 3 * DAY });
    const changed = (a: readonly WindowFile[], b: readonly WindowFile[]) =>
      a.filter((file) => textAt(b, file.path) !== textAt(a, file.path)).map((file) => file.path);
    // The list pages say when the window was published; a pick's own page is dated by the pick.
    expect(changed(monday, thursday).sort()).toEqual(['index.html', 'store/jd.html', 'store/tmall.html', 'tag/kitchen.html', 'tag/phones.html', 'tag/travel.html'].filter((path) => monday.some((file) => file.path === path)).sort());
    expect(changed(monday, thursday).filter((path) => path.startsWith('p/'))).toEqual([]);
    expect(textAt(thursday, 'p/lw-huawei-6.html')).toContain('2025-05-02');
  });

  it('shows the expert and every live pick with all its parts', async () => {
    const files = await build();
    const doc = page(files, 'index.html');
    expect(doc.querySelector('h1')?.textContent).toBe('老王 Wang');
    expect(doc.querySelector('.bio')?.textContent).toBe(EXPERT.bio);
    expect(doc.querySelector('img.avatar')?.getAttribute('src')).toBe(EXPERT.avatarUrl);
    expect(doc.querySelector('.fp')?.textContent).toContain('ed25519:d052…2f15');

    const pick = doc.querySelector('article#pick-lw-huawei-6');
    expect(pick).not.toBeNull();
    expect(pick?.querySelector('img')?.getAttribute('src')).toBe('https://img11.360buyimg.com/n1/s450x450_jfs/t3637/phone.jpg');
    expect(pick?.querySelector('h3')?.textContent).toBe('华为 畅享6 金色 移动联通电信4G手机');
    expect(pick?.querySelector('.meta')?.textContent).toBe('华为京东自营官方旗舰店 · JD');
    expect(pick?.textContent).toContain('CN¥699.00 when recommended');
    const stars = pick?.querySelector('.stars');
    expect(stars?.textContent).toBe('★★★★☆');
    expect(stars?.getAttribute('role')).toBe('img');
    expect(stars?.getAttribute('aria-label')).toBe('Rated 4 of 5');
    expect(pick?.querySelector('.reason')?.textContent).toBe('A cheap spare phone for travel; dual SIM works on all three carriers.');
    expect(pick?.textContent).toContain('Stock: Usually in stock');
    expect(pick?.querySelector('.tags')?.textContent?.trim()).toBe('#phones #travel');
    expect(pick?.querySelector('time')?.textContent).toBe('2025-05-02');

    const buy = pick?.querySelector('a.buy');
    expect(buy?.getAttribute('href')).toBe('https://u.jd.com/demo-laowang');
    expect(buy?.textContent).toBe('Buy via 老王 Wang');
    expect(buy?.getAttribute('rel')).toBe('sponsored noreferrer');
    // The disclosure sits right beside the Buy link, in the same paragraph.
    expect(buy?.nextElementSibling?.textContent).toBe('This link may earn 老王 Wang a commission. It costs you nothing extra.');
    const store = pick?.querySelector('a[href="https://item.jd.com/3888216.html"]');
    expect(store?.textContent).toBe('Product page on JD');
  });

  it('isolates names and reasons for direction', async () => {
    const doc = page(await build(), 'index.html');
    expect(doc.querySelector('h1 bdi')?.textContent).toBe('老王 Wang');
    expect(doc.querySelector('.reason')?.getAttribute('dir')).toBe('auto');
    expect(doc.querySelector('.bio')?.getAttribute('dir')).toBe('auto');
    for (const b of doc.querySelectorAll('a.buy, .disc')) expect(b.querySelector('bdi')?.textContent).toBe('老王 Wang');
    expect(doc.querySelector('article h3 bdi')).not.toBeNull();
  });

  it('leaves out deleted, expired and orphaned picks, everywhere', async () => {
    const files = await build({
      picks: [
        pickSource('live'),
        pickSource('expires-later', { recommendation: { expiresAt: NOW + DAY } }),
        pickSource('retracted', { recommendation: { deleted: true, reason: 'RETRACTED reason text' } }),
        pickSource('expired', { recommendation: { expiresAt: NOW - 1, reason: 'EXPIRED reason text' } }),
        pickSource('expires-now', { recommendation: { expiresAt: NOW } }),
        pickSource('no-product', { product: null }),
        pickSource('bad id with spaces'),
      ],
    });
    const doc = page(files, 'index.html');
    expect([...doc.querySelectorAll('article')].map((a) => a.id)).toEqual(['pick-expires-later', 'pick-live']);
    expect(files.map((f) => f.path).filter((p) => p.startsWith('p/'))).toEqual(['p/expires-later.html', 'p/live.html']);
    for (const file of htmlFiles(files)) {
      expect(file.body).not.toContain('RETRACTED');
      expect(file.body).not.toContain('EXPIRED');
    }
  });

  it('lists the newest recommended first, an edit does not move a pick, and the same input gives the same files', async () => {
    const picks = [
      pickSource('a-older', { recommendation: { createdAt: NOW - 9 * DAY, updatedAt: NOW - DAY } }),
      pickSource('b-newer', { recommendation: { createdAt: NOW - 3 * DAY, updatedAt: NOW - 2 * DAY } }),
    ];
    const files = await build({ picks });
    const order = (built: readonly WindowFile[]) => [...page(built, 'index.html').querySelectorAll('article')].map((a) => a.id);
    expect(order(files)).toEqual(['pick-b-newer', 'pick-a-older']);
    expect(await build({ picks: [...picks].reverse() })).toEqual(files);
    // The older pick edited just now stays where it was: its page of the list is the only one to change.
    const edited = [{ ...picks[0]!, recommendation: { ...picks[0]!.recommendation, reason: 'Edited.', updatedAt: NOW } }, picks[1]!];
    expect(order(await build({ picks: edited }))).toEqual(['pick-b-newer', 'pick-a-older']);
  });

  it('gives a Buy link only for a partner link the feed would accept', async () => {
    const cases: [string, string | null][] = [
      ['javascript:alert(1)', null],
      ['http://u.jd.com/abc', null],
      ['https://evil.example/jd', null],
      ['https://u.jd.com.evil.cn/abc', null],
      ['https://user:pw@u.jd.com/abc', null],
      ['https://s.click.taobao.com/abc', null], // another store's link host
      [null as unknown as string, null],
      ['https://union-click.jd.com/jdc?e=1', 'https://union-click.jd.com/jdc?e=1'],
    ];
    for (const [partnerLink, expected] of cases) {
      const doc = page(await build({ picks: [pickSource('p1', { recommendation: { partnerLink } })] }), 'index.html');
      expect(doc.querySelector('article')).not.toBeNull();
      expect(doc.querySelector('a.buy')?.getAttribute('href') ?? null, String(partnerLink)).toBe(expected);
      // No Buy link, no disclosure either: there is no commission to disclose.
      expect(doc.querySelector('.disc') === null, String(partnerLink)).toBe(expected === null);
    }
  });

  it('links the product page only when it is https on the product’s own store', async () => {
    for (const [canonicalUrl, shown] of [
      ['https://item.jd.com/3888216.html', true],
      ['http://item.jd.com/3888216.html', false],
      ['https://evil.example/3888216.html', false],
      ['javascript:alert(1)//item.jd.com', false],
    ] as const) {
      const doc = page(await build({ picks: [pickSource('p1', { product: { canonicalUrl } })] }), 'index.html');
      const links = [...doc.querySelectorAll('article a')].map((a) => a.getAttribute('href'));
      expect(links.some((href) => href === canonicalUrl), canonicalUrl).toBe(shown);
      for (const href of links) expect(href, canonicalUrl).toMatch(/^(https:\/\/|p\/|tag\/)/);
    }
  });

  it('never turns hostile text into markup, and drops unsafe images and avatars', async () => {
    const hostile = '<script>alert(1)</script>"\'><img src=x onerror=alert(1)>&amp;';
    const files = await build({
      expert: { id: EXPERT_ID, name: `Mei\u202Egnp.exe\u200B ${hostile}`, bio: `</p>${hostile}`, avatarUrl: 'javascript:alert(1)' },
      picks: [
        pickSource('p1', {
          recommendation: {
            reason: `</p><script>alert(1)</script>${hostile}`,
            stockNote: hostile,
            tags: [hostile, '<b>x</b>'],
            snapshot: { title: hostile, imageUrl: 'http://img11.360buyimg.com/x.jpg', price: null },
          },
          product: { shopName: hostile, imageUrl: null },
        }),
      ],
    });
    for (const file of htmlFiles(files)) {
      const text = file.body as string;
      // Escaped, the hostile text is only text: no tag of it is left.
      expect(text, file.path).not.toMatch(/<script|<img src=x|<b>x/i);
      expect(text, file.path).not.toContain('\u202E');
      expect(text, file.path).not.toContain('\u200B');
      const doc = parsePage(text);
      expect(doc.querySelectorAll('script').length, file.path).toBe(0);
      expect(doc.querySelector('img.avatar'), file.path).toBeNull();
      for (const element of doc.querySelectorAll('*')) {
        for (const attribute of element.attributes) {
          expect(attribute.name, `${file.path} <${element.tagName}>`).not.toMatch(/^on/i);
          expect(attribute.value, `${file.path} <${element.tagName} ${attribute.name}>`).not.toMatch(/^\s*javascript:/i);
        }
      }
    }
    const doc = page(files, 'index.html');
    expect(doc.querySelector('h1')?.textContent).toBe(`Meignp.exe ${hostile}`);
    expect(doc.querySelector('article h3')?.textContent).toBe(hostile);
    expect(doc.querySelector('.reason')?.textContent).toBe(`</p><script>alert(1)</script>${hostile}`);
    expect(doc.querySelector('article img')).toBeNull();
    expect(doc.title).toBe(`Meignp.exe ${hostile}’s picks`);
  });

  it('shows the id when a name is nothing but invisible characters', async () => {
    const doc = page(await build({ expert: { ...EXPERT, name: '\u200B\u202E' } }), 'index.html');
    expect(doc.querySelector('h1')?.textContent).toBe('ed25519:d052…2f15');
  });

  it('refuses an expert id that is not a fingerprint, and a public address that is not https', async () => {
    await expect(build({ expert: { ...EXPERT, id: 'local-1' } })).rejects.toThrow(/expert id/);
    await expect(build({ publicBaseUrl: 'http://win.example/' })).rejects.toThrow(/https/);
    await expect(build({ publicBaseUrl: 'javascript:alert(1)' })).rejects.toThrow(/https/);
  });
});

describe('every page of the window', () => {
  const manyPicks = [
    pickSource('j1', { recommendation: { tags: ['Travel', 'phones'] } }),
    pickSource('j2', { recommendation: { tags: ['travel'], updatedAt: NOW - 5 * DAY } }),
    tmallPick('t1', ['厨房', 'Travel']),
  ];

  it('is an HTML file with short caching; feed.json is the feed, unchanged, with shorter caching', async () => {
    const files = await build({ picks: manyPicks });
    for (const file of htmlFiles(files)) {
      expect(file.contentType, file.path).toBe('text/html; charset=utf-8');
      expect(file.cacheControl, file.path).toBe('public, max-age=600');
    }
    const feed = fileAt(files, 'feed.json');
    expect(feed).toEqual({ path: 'feed.json', contentType: 'application/json', cacheControl: 'public, max-age=300, no-transform', body: FEED_TEXT });
    expect(files[0]?.path).toBe('index.html');
    expect(new Set(files.map((f) => f.path)).size).toBe(files.length);
  });

  it('has no script, no event handler, no style attribute, and loads nothing but https images', async () => {
    const files = await build({ picks: manyPicks });
    for (const file of htmlFiles(files)) {
      expect(file.body as string, file.path).not.toMatch(/<script/i);
      const doc = parsePage(file.body as string);
      expect(doc.querySelectorAll('script, iframe, object, embed, form, link[rel="stylesheet"], link[rel="preload"], base').length, file.path).toBe(0);
      for (const element of doc.querySelectorAll('*')) {
        for (const attribute of element.attributes) {
          expect(attribute.name, `${file.path} <${element.tagName}>`).not.toMatch(/^(on|style$)/i);
        }
      }
      for (const img of doc.querySelectorAll('img')) expect(img.getAttribute('src'), file.path).toMatch(/^https:\/\//);
      expect([...doc.querySelectorAll('link')].map((l) => l.getAttribute('rel')).sort(), file.path).toEqual(['alternate', 'canonical', 'icon']);
    }
  });

  it('carries a strict CSP whose style hash is the hash of its one style block, and no referrer', async () => {
    const files = await build({ picks: manyPicks });
    const hash = `'sha256-${createHash('sha256').update(WINDOW_CSS, 'utf8').digest('base64')}'`;
    for (const file of htmlFiles(files)) {
      const doc = parsePage(file.body as string);
      const styles = doc.querySelectorAll('style');
      expect(styles.length, file.path).toBe(1);
      const ownHash = `'sha256-${createHash('sha256').update(styles[0]?.textContent ?? '', 'utf8').digest('base64')}'`;
      expect(ownHash, file.path).toBe(hash);
      const csp = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content');
      expect(csp, file.path).toBe(`default-src 'none'; img-src https: data:; style-src ${hash}; base-uri 'none'; form-action 'none'`);
      expect(doc.querySelector('meta[name="referrer"]')?.getAttribute('content'), file.path).toBe('no-referrer');
      // The CSP comes before anything that could load.
      expect(doc.head.firstElementChild?.getAttribute('charset'), file.path).toBe('utf-8');
      expect(doc.head.children[1]?.getAttribute('http-equiv'), file.path).toBe('Content-Security-Policy');
    }
  });

  it('announces feed.json with the discovery link, by the right relative path', async () => {
    const files = await build({ picks: manyPicks });
    const pages = htmlFiles(files);
    expect(pages.map((f) => f.path)).toEqual(expect.arrayContaining(['index.html', 'store/jd.html', 'store/tmall.html', 'tag/travel.html', 'p/j1.html']));
    for (const file of pages) {
      const links = parsePage(file.body as string).querySelectorAll('link[rel="alternate"]');
      expect(links.length, file.path).toBe(1);
      expect(links[0]?.getAttribute('type'), file.path).toBe('application/vnd.haowu.feed+json');
      expect(resolve(file.path, links[0]?.getAttribute('href') ?? '').path, file.path).toBe('feed.json');
    }
    expect(parsePage(textAt(files, 'store/jd.html')).querySelector('link[rel="alternate"]')?.getAttribute('href')).toBe('../feed.json');
  });

  it('links only to files of the window and anchors that exist, or to https addresses', async () => {
    const files = await build({ picks: manyPicks, publicBaseUrl: null });
    const paths = new Set(files.map((f) => f.path));
    for (const file of htmlFiles(files)) {
      for (const a of parsePage(file.body as string).querySelectorAll('a[href], link[href]')) {
        const href = a.getAttribute('href') ?? '';
        if (href.startsWith('https://') || href === 'data:,') continue;
        const target = resolve(file.path, href);
        expect(paths.has(target.path), `${href} on ${file.path}`).toBe(true);
        if (target.hash) expect(page(files, target.path).getElementById(target.hash), `${href} on ${file.path}`).not.toBeNull();
      }
    }
  });

  it('sets the language and says everything in it', async () => {
    const en = page(await build({ language: 'en' }), 'index.html');
    expect(en.documentElement.getAttribute('lang')).toBe('en-US');
    expect(en.querySelector('a.buy')?.textContent).toBe('Buy via 老王 Wang');
    expect(en.querySelector('meta[property="og:locale"]')?.getAttribute('content')).toBe('en_US');

    const zh = page(await build({ language: 'zh' }), 'index.html');
    expect(zh.documentElement.getAttribute('lang')).toBe('zh-CN');
    expect(zh.title).toBe('老王 Wang的好物推荐');
    expect(zh.querySelector('a.buy')?.textContent).toBe('通过老王 Wang购买');
    expect(zh.querySelector('.disc')?.textContent).toBe('此链接可能为老王 Wang带来佣金，你无需多付钱。');
    expect(zh.querySelector('.stars')?.getAttribute('aria-label')).toBe('评分4/5');
    expect(zh.querySelector('.meta')?.textContent).toBe('华为京东自营官方旗舰店 · 京东');
    expect(zh.querySelector('article')?.textContent).toContain('推荐时价格¥699.00');
    expect(zh.querySelector('.follow h2')?.textContent).toBe('用好物关注');
    expect(zh.querySelector('meta[property="og:locale"]')?.getAttribute('content')).toBe('zh_CN');
    // No English sentence of the window's own is left on the Chinese page.
    const ownText = [...zh.querySelectorAll('h2, nav, .follow p, footer, .sub, .disc, a.buy, .fp')].map((e) => e.textContent ?? '').join(' ');
    expect(ownText).not.toMatch(/\b(Buy|Picks|Follow|Stock|Recommended|commission|Product page|Published)\b/);
  });
});

describe('narrowing without JavaScript', () => {
  const picks = [
    pickSource('j1', { recommendation: { tags: ['Travel', 'phones'] } }),
    pickSource('j2', { recommendation: { tags: ['travel'], updatedAt: NOW - 5 * DAY } }),
    tmallPick('t1', ['厨房', 'TRAVEL']),
  ];

  const ids = (doc: Document) => [...doc.querySelectorAll('article')].map((a) => a.id);

  it('has a page per store with only its picks', async () => {
    const files = await build({ picks });
    expect(ids(page(files, 'store/jd.html'))).toEqual(['pick-j1', 'pick-j2']);
    expect(ids(page(files, 'store/tmall.html'))).toEqual(['pick-t1']);
    expect(page(files, 'store/tmall.html').querySelector('main h2')?.textContent).toBe('Picks from Tmall');
  });

  it('has a page per tag, tags grouped whatever their case', async () => {
    const files = await build({ picks });
    expect(files.map((f) => f.path).filter((p) => p.startsWith('tag/')).sort()).toEqual(['tag/_e5_8e_a8_e6_88_bf.html', 'tag/phones.html', 'tag/travel.html']);
    // Recommended the same day: by id.
    expect(ids(page(files, 'tag/travel.html'))).toEqual(['pick-j1', 'pick-j2', 'pick-t1']);
    expect(ids(page(files, 'tag/_e5_8e_a8_e6_88_bf.html'))).toEqual(['pick-t1']);
    // The tag is named as the newest pick spells it.
    expect(page(files, 'tag/travel.html').querySelector('main h2')?.textContent).toBe('Picks tagged Travel');
  });

  it('gives every page the same navigation: All, the stores and the tags with their counts, the current one marked', async () => {
    const files = await build({ picks });
    for (const path of ['index.html', 'store/jd.html', 'tag/travel.html']) {
      const nav = page(files, path).querySelector('nav');
      const entries = [...(nav?.querySelectorAll('a') ?? [])].map((a) => [resolve(path, a.getAttribute('href') ?? '').path, a.textContent]);
      expect(entries, path).toEqual([
        ['index.html', 'All3'],
        ['store/jd.html', 'JD2'],
        ['store/tmall.html', 'Tmall1'],
        ['tag/travel.html', 'Travel3'],
        // Equal counts: by the tag's text.
        ['tag/phones.html', 'phones1'],
        ['tag/_e5_8e_a8_e6_88_bf.html', '厨房1'],
      ]);
      const current = [...(nav?.querySelectorAll('[aria-current="page"]') ?? [])].map((a) => resolve(path, a.getAttribute('href') ?? '').path);
      expect(current, path).toEqual([path]);
    }
  });

  it('lists the most used tags in the navigation and all of them on tags.html when there are many', async () => {
    const tagged = Array.from({ length: 35 }, (_, i) => pickSource(`p${i}`, { recommendation: { tags: [`tag${i}`, 'common'] } }));
    const files = await build({ picks: tagged });
    const nav = page(files, 'index.html').querySelector('nav');
    const tagLinks = [...(nav?.querySelectorAll('a[href^="tag/"]') ?? [])];
    expect(tagLinks.length).toBe(30);
    expect(tagLinks[0]?.textContent).toBe('common35');
    expect(nav?.querySelector('a[href="tags.html"]')).not.toBeNull();
    const all = page(files, 'tags.html');
    expect(all.querySelectorAll('main a[href^="tag/"]').length).toBe(36);
    expect(files.filter((f) => f.path.startsWith('tag/')).length).toBe(36);
    expect((await build()).some((f) => f.path === 'tags.html')).toBe(false);
  });
});

describe('numbered pages', () => {
  // 120 picks, a day apart: the home list and the JD list have three pages of 50, 50 and 20.
  const many = Array.from({ length: 120 }, (_, i) =>
    pickSource(`n${String(i).padStart(3, '0')}`, { recommendation: { createdAt: NOW - (i + 1) * DAY, updatedAt: NOW - (i % 7) * DAY, tags: [i % 2 ? 'odd' : 'even', ...(i % 10 ? [] : ['tenth'])] } }),
  );
  const ids = (doc: Document) => [...doc.querySelectorAll('article')].map((a) => a.id.slice('pick-'.length));
  const expected = (from: number, to: number) => many.slice(from, to).map((pick) => pick.recommendation.id);

  it('put the newest 50 on the home page and the rest on numbered pages after it, newest recommended first', async () => {
    const files = await build({ picks: many });
    expect(ids(page(files, 'index.html'))).toEqual(expected(0, 50));
    expect(ids(page(files, 'index.2.html'))).toEqual(expected(50, 100));
    expect(ids(page(files, 'index.3.html'))).toEqual(expected(100, 120));
    expect(files.some((file) => file.path === 'index.4.html')).toBe(false);
    expect(ids(page(files, 'store/jd.3.html'))).toEqual(expected(100, 120));
    expect(ids(page(files, 'tag/odd.2.html'))).toEqual(many.filter((_, i) => i % 2).slice(50).map((pick) => pick.recommendation.id));
    // Each page says which it is, in its heading and its title; the first page's title is the window's.
    const second = page(files, 'index.2.html');
    expect(second.querySelector('main h2')?.textContent).toBe('Picks Page 2 of 3');
    expect(second.title).toBe('Picks · Page 2 of 3 · 老王 Wang’s picks');
    expect(page(files, 'index.html').title).toBe('老王 Wang’s picks');
    expect(page(files, 'store/jd.2.html').title).toBe('Picks from JD · Page 2 of 3 · 老王 Wang’s picks');
    // The window's QR code is on the home page only; the navigation marks the list a later page belongs to.
    expect(second.querySelector('svg.qr')).toBeNull();
    const nav = second.querySelector('nav:not(.pager)');
    expect(nav?.querySelector('a[aria-current="true"]')?.getAttribute('href')).toBe('index.html');
    expect(nav?.querySelector('a[aria-current="page"]')).toBeNull();
  });

  it('link every page from each other with plain links: newer, older and the page numbers', async () => {
    const files = await build({ picks: many, language: 'en' });
    const pager = (path: string) => page(files, path).querySelector('nav.pager');
    const links = (path: string) => [...(pager(path)?.querySelectorAll('a') ?? [])].map((a) => [a.textContent, resolve(path, a.getAttribute('href') ?? '').path, a.getAttribute('rel'), a.getAttribute('aria-current')]);
    expect(pager('index.html')?.getAttribute('aria-label')).toBe('Pages');
    expect(links('index.html')).toEqual([
      ['1', 'index.html', null, 'page'],
      ['2', 'index.2.html', null, null],
      ['3', 'index.3.html', null, null],
      ['Older picks', 'index.2.html', 'next', null],
    ]);
    expect(links('store/jd.2.html')).toEqual([
      ['Newer picks', 'store/jd.html', 'prev', null],
      ['1', 'store/jd.html', null, null],
      ['2', 'store/jd.2.html', null, 'page'],
      ['3', 'store/jd.3.html', null, null],
      ['Older picks', 'store/jd.3.html', 'next', null],
    ]);
    // A list that fits on one page has no bar.
    expect(pager('tag/tenth.html')).toBeNull();
    // Every pick is reachable from the home page by following the bar, without JavaScript.
    const seen = new Set<string>();
    const queue = ['index.html'];
    while (queue.length) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      for (const [, target] of links(path)) queue.push(target!);
    }
    expect([...seen].flatMap((path) => ids(page(files, path))).sort()).toEqual(many.map((pick) => pick.recommendation.id).sort());
    const zh = page(await build({ picks: many, language: 'zh' }), 'index.2.html');
    expect(zh.querySelector('nav.pager')?.getAttribute('aria-label')).toBe('翻页');
    expect([...(zh.querySelector('nav.pager')?.querySelectorAll('a[rel]') ?? [])].map((a) => a.textContent)).toEqual(['较新的推荐', '较早的推荐']);
    expect(zh.querySelector('main h2')?.textContent).toBe('推荐 第2页，共3页');
  });

  it('show the first, the last and two pages on each side of this one', () => {
    expect(shownPages(1, 1)).toEqual([1]);
    expect(shownPages(1, 20)).toEqual([1, 2, 3, null, 20]);
    expect(shownPages(10, 20)).toEqual([1, null, 8, 9, 10, 11, 12, null, 20]);
    expect(shownPages(4, 7)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('send a pick’s own page to the page of the home list that shows it', async () => {
    const files = await build({ picks: many });
    const doc = page(files, 'p/n060.html');
    expect(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(`${BASE}index.2.html#pick-n060`);
    expect(doc.querySelector('main a[href="../index.2.html#pick-n060"]')).not.toBeNull();
  });
});

describe('link previews', () => {
  it('describe the window with Open Graph and Twitter tags', async () => {
    const doc = page(await build(), 'index.html');
    const meta = (key: string) => doc.querySelector(`meta[property="${key}"], meta[name="${key}"]`)?.getAttribute('content');
    expect(meta('og:title')).toBe('老王 Wang’s picks');
    expect(meta('og:description')).toBe('1 pick by 老王 Wang. Value picks for travel and the kitchen.');
    expect(meta('og:image')).toBe(EXPERT.avatarUrl);
    expect(meta('og:url')).toBe(`${BASE}index.html`);
    expect(meta('twitter:card')).toBe('summary');
    expect(meta('twitter:image')).toBe(EXPERT.avatarUrl);
    expect(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(`${BASE}index.html`);
  });

  it('use the first pick’s picture when the expert has no avatar', async () => {
    const doc = page(await build({ expert: { ...EXPERT, avatarUrl: null } }), 'index.html');
    expect(doc.querySelector('meta[property="og:image"]')?.getAttribute('content')).toBe('https://img11.360buyimg.com/n1/s450x450_jfs/t3637/phone.jpg');
  });

  it('give each pick its own page, with its preview and a plain link to its place on the home page', async () => {
    const files = await build();
    const doc = page(files, 'p/lw-huawei-6.html');
    const meta = (key: string) => doc.querySelector(`meta[property="${key}"], meta[name="${key}"]`)?.getAttribute('content');
    expect(meta('og:title')).toBe('华为 畅享6 金色 移动联通电信4G手机 · picked by 老王 Wang');
    expect(meta('og:description')).toBe('A cheap spare phone for travel; dual SIM works on all three carriers.');
    expect(meta('og:image')).toBe('https://img11.360buyimg.com/n1/s450x450_jfs/t3637/phone.jpg');
    expect(meta('og:url')).toBe(`${BASE}p/lw-huawei-6.html`);
    expect(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(`${BASE}index.html#pick-lw-huawei-6`);
    const back = doc.querySelector('main a[href="../index.html#pick-lw-huawei-6"]');
    expect(back?.textContent).toBe('See all picks by 老王 Wang');
    expect(doc.querySelector('article#pick-lw-huawei-6 a.buy')).not.toBeNull();
    expect(doc.querySelector('meta[http-equiv="refresh"]')).toBeNull();
    // The home page links each pick to its page.
    expect(page(files, 'index.html').querySelector('article#pick-lw-huawei-6 a[href="p/lw-huawei-6.html"]')).not.toBeNull();
  });

  it('use relative links and no og:url when the window’s address is unknown', async () => {
    const files = await build({ publicBaseUrl: null });
    const doc = page(files, 'p/lw-huawei-6.html');
    expect(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe('../index.html#pick-lw-huawei-6');
    expect(doc.querySelector('meta[property="og:url"]')).toBeNull();
    expect(page(files, 'index.html').querySelector('link[rel="canonical"]')).toBeNull();
  });

  it('cut a long reason for the description', async () => {
    const reason = '好'.repeat(400);
    const doc = page(await build({ picks: [pickSource('p1', { recommendation: { reason } })] }), 'p/p1.html');
    expect(doc.querySelector('meta[property="og:description"]')?.getAttribute('content')).toBe(`${'好'.repeat(199)}…`);
    expect(doc.querySelector('.reason')?.textContent).toBe(reason);
  });
});

describe('following', () => {
  it('tells how to follow, with the feed’s address and the full expert id, and a QR code of the window', async () => {
    const files = await build({ publicBaseUrl: 'https://win.example/laowang?utm=x#top' });
    const doc = page(files, 'index.html');
    const follow = doc.querySelector('.follow');
    expect(follow?.querySelector('a[href="feed.json"]')?.textContent).toBe(`${BASE}feed.json`);
    expect(follow?.textContent).toContain(EXPERT_ID);
    const qr = follow?.querySelector('svg.qr');
    expect(qr?.getAttribute('aria-label')).toBe('QR code of this page’s address');
    expect(qr?.querySelector('path')?.getAttribute('d')).toBe(qrPath(qrMatrix(`${BASE}index.html`)!));
    // Only the home page carries the code.
    expect(page(files, 'store/jd.html').querySelector('svg')).toBeNull();
  });

  it('shows no QR code when the window’s address is unknown', async () => {
    const files = await build({ publicBaseUrl: null });
    for (const file of htmlFiles(files)) expect(parsePage(file.body as string).querySelector('svg'), file.path).toBeNull();
    expect(page(files, 'index.html').querySelector('.follow a[href="feed.json"]')?.textContent).toBe('feed.json');
  });
});
