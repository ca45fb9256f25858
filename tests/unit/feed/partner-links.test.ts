import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isAllowedPartnerLink, isStoreUrl, partnerLinkProblem, refinePartnerLink } from '../../../utils/partner-links';

const tmall = { platform: 'tmall', url: 'https://detail.tmall.com/item.htm?id=1' } as const;
const taobao = { platform: 'taobao', url: 'https://item.taobao.com/item.htm?id=1' } as const;
const jd = { platform: 'jd', url: 'https://item.jd.com/100012043978.html' } as const;
const weidian = { platform: 'weidian', url: 'https://weidian.com/item.html?itemID=1' } as const;
const pinduoduo = { platform: 'pinduoduo', url: 'https://mobile.yangkeduo.com/goods.html?goods_id=1' } as const;
const amazon = { platform: 'amazon', url: 'https://www.amazon.de/dp/B000000001' } as const;
const site = { platform: 'site', url: 'https://shop.example-shop.de/p/kettle' } as const;

describe('isAllowedPartnerLink', () => {
  it.each([
    [tmall, 'https://s.click.taobao.com/t?e=abc'],
    [tmall, 'https://uland.taobao.com/coupon/edetail?e=1'],
    [tmall, 'https://m.tb.cn/h.abc'],
    [tmall, 'https://tb.cn/x'],
    [tmall, 'https://detail.tmall.hk/item.htm?id=1'],
    [taobao, 'https://detail.tmall.com/item.htm?id=1'],
    [taobao, 'https://world.taobao.com/item/562283240178.htm'],
    [jd, 'https://u.jd.com/abc'],
    [jd, 'https://union-click.jd.com/jdc?e=1'],
    [jd, 'https://3.cn/abc'],
    [jd, 'https://item.jd.hk/1.html'],
    [weidian, 'https://k.weidian.com/abc'],
    [weidian, 'https://weidian.com/item.html?itemID=1'],
    [pinduoduo, 'https://p.pinduoduo.com/abc'],
    [pinduoduo, 'https://mobile.yangkeduo.com/goods.html?goods_id=1'],
    [amazon, 'https://amzn.to/3abc'],
    [amazon, 'https://amzn.eu/d/abc'],
    [amazon, 'https://amzn.asia/d/abc'],
    [amazon, 'https://www.amazon.co.jp/dp/B07ZPKN6YR?tag=me-22'],
    [amazon, 'https://www.amazon.com:443/dp/B07ZPKN6YR?tag=me-20'], // the default port is the same URL
    [site, 'https://example-shop.de/p/kettle?ref=expert'],
    [site, 'https://www.example-shop.de/p/kettle'],
    [tmall, 'HTTPS://S.CLICK.TAOBAO.COM/t?e=abc'],
  ])('%o accepts %s', (product, link) => {
    expect(partnerLinkProblem(link, product)).toBeNull();
    expect(isAllowedPartnerLink(link, product)).toBe(true);
  });

  it.each([
    [tmall, 'https://evil-taobao.com/t', /not one of the Tmall\/Taobao link hosts/],
    [tmall, 'https://taobao.com.evil.cn/t', /taobao\.com\.evil\.cn/],
    [tmall, 'https://s.click.taobao.com.evil.cn/t', /Tmall\/Taobao link hosts/],
    [tmall, 'https://eviltb.cn/x', /Tmall\/Taobao link hosts/],
    [tmall, 'https://x.tb.cn/h.abc', /not a product page or partner link of Tmall\/Taobao/], // tb.cn is trusted as exact hosts only
    [tmall, 'https://taobao.com./', /Tmall\/Taobao link hosts/],
    [tmall, 'http://s.click.taobao.com/t', /https/],
    [tmall, 'javascript:alert(1)//s.click.taobao.com', /https/],
    [tmall, 'https://s.click.taobao.com@evil.example/t', /user name or password/],
    [tmall, 'https://user:pw@s.click.taobao.com/t', /user name or password/],
    [tmall, 'https://user@s.click.taobao.com/t', /user name or password/],
    [tmall, 'https://s.click.taobao.com:8443/t', /port/],
    [tmall, 'https://u.jd.com/abc', /Tmall\/Taobao link hosts/], // another store's link host
    [tmall, 'not a url', /not a valid URL/],
    [tmall, 'https://xn--taobao-2ya.com/', /Tmall\/Taobao link hosts/],
    [jd, 'https://jd.com.cn/abc', /JD link hosts/],
    [jd, 'https://evil3.cn/abc', /JD link hosts/],
    [jd, 'https://a.3.cn/abc', /not a product page or partner link of JD/],
    [amazon, 'https://amazon.evil.com/dp/1', /not one of the Amazon link hosts/],
    [amazon, 'https://amazon.com.mx/dp/1', /Amazon/], // not in the list Haowu supports
    [amazon, 'https://amzn.top/x', /Amazon/],
    [pinduoduo, 'https://yangkeduo.com.evil.cn/', /Pinduoduo/],
    [weidian, 'https://notweidian.com/', /Weidian/],
    [site, 'https://example-shop.com/p/kettle', /own store/],
    [site, 'https://evil-example-shop.de/', /own store/],
    [site, 'https://s.click.taobao.com/t', /own store/],
  ])('%o refuses %s', (product, link, message) => {
    expect(partnerLinkProblem(link, product)).toMatch(message);
    expect(isAllowedPartnerLink(link, product)).toBe(false);
  });

  it('a site product under a public suffix of two labels trusts its own shop only', () => {
    const polish = { platform: 'site', url: 'https://sklep.com.pl/p/1' } as const;
    expect(isAllowedPartnerLink('https://sklep.com.pl/p/1?aff=1', polish)).toBe(true);
    expect(isAllowedPartnerLink('https://www.sklep.com.pl/p/1?aff=1', polish)).toBe(true);
    expect(isAllowedPartnerLink('https://evil.com.pl/p/1', polish)).toBe(false);
  });

  it('a site product on an IP address or a bare name trusts nothing', () => {
    expect(isAllowedPartnerLink('https://10.0.0.1/x', { platform: 'site', url: 'https://10.0.0.1/p' })).toBe(false);
    expect(isAllowedPartnerLink('https://localhost/x', { platform: 'site', url: 'https://localhost/p' })).toBe(false);
    expect(isAllowedPartnerLink('https://x.example/x', { platform: 'site', url: 'not a url' })).toBe(false);
  });
});

describe('only real product and affiliate links, nothing that leads elsewhere', () => {
  const myshopify = { platform: 'site', url: 'https://kettles.myshopify.com/products/wk-17' } as const;
  const githubShop = { platform: 'site', url: 'https://kettles.github.io/shop/wk-17' } as const;

  it.each([
    // Alimama (淘宝联盟) click, coupon and share links, and product pages with their tracking.
    [tmall, 'https://s.click.taobao.com/t?e=m%3D2%26s%3DabcDEF%26pvid%3D100_11.1&union_lens=lensId%3APUB%401700000000'],
    [tmall, 'https://s.click.taobao.com/t_js?tu=https%3A%2F%2Fs.click.taobao.com%2Ft%3Fe%3Dm%253D2'],
    [taobao, 'https://uland.taobao.com/coupon/edetail?e=Xy0fBZ0PAAA&traceId=213e0&union_lens=lensId:TAPI@1700000000'],
    [taobao, 'https://m.tb.cn/h.5Xy7aBc?tk=AbCd1234'],
    [taobao, 'https://item.taobao.com/item.htm?id=562283240178&ali_trackid=2:mm_1_2_3:1700000000_1&spm=a21bo.1'],
    [tmall, 'https://detail.tmall.com/item.htm?id=605258110430&skuId=4241372909671&ali_refid=a3_430582_1006:1'],
    // JD Union (京东联盟): union-click may name the product page it leads to.
    [jd, 'https://union-click.jd.com/jdc?e=618%7Cpc%7C&p=JF8BAKgJK1olXDYDZBoCUBV&to=https%3A%2F%2Fitem.jd.com%2F100012043978.html'],
    [jd, 'https://u.jd.com/aBcDeF1'],
    [jd, 'https://item.m.jd.com/product/100012043978.html?utm_source=androidapp'],
    // Duoduo Jinbao (多多进宝).
    [pinduoduo, 'https://p.pinduoduo.com/aBcD1234'],
    [pinduoduo, 'https://mobile.yangkeduo.com/duo_coupon_landing.html?goods_id=147185939426&pid=1234567_89012345&cpsSign=CC_abc'],
    [weidian, 'https://weidian.com/item.html?itemID=4451796612&wfr=c&share_relation=abc'],
    // Amazon Associates: product pages with the associate's tag, and Amazon's short links.
    [amazon, 'https://www.amazon.de/dp/B07ZPKN6YR?tag=kettles-21&linkCode=ll1&ref_=as_li_ss_tl'],
    [amazon, 'https://www.amazon.com/gp/product/B08N5WRWNW/ref=as_li_tl?ie=UTF8&tag=kettles-20&camp=1789&creative=9325&linkCode=as2&creativeASIN=B08N5WRWNW'],
    [amazon, 'https://www.amazon.co.uk/Kettle-Blue/dp/B08N5WRWNW?tag=kettles-21'],
    // Any page of the shop's own site, with its own addresses inside.
    [site, 'https://shop.example-shop.de/p/kettle?return=https%3A%2F%2Fwww.example-shop.de%2Fcart'],
    [myshopify, 'https://kettles.myshopify.com/products/wk-17?ref=expert'],
    [myshopify, 'https://www.kettles.myshopify.com/products/wk-17'],
    [githubShop, 'https://kettles.github.io/shop/wk-17?aff=1'],
  ])('%o accepts %s', (product, link) => expect(partnerLinkProblem(link, product)).toBeNull());

  it.each([
    // Another shop on the same shop platform or host is another store (Public Suffix List, private section).
    [myshopify, 'https://evil-shop.myshopify.com/products/wk-17', /evil-shop\.myshopify\.com.*not on the product’s own store/],
    [myshopify, 'https://myshopify.com/products/wk-17', /not on the product’s own store/],
    [githubShop, 'https://evil.github.io/shop/wk-17', /not on the product’s own store/],
    // Login, redirect and search endpoints on the store's own domains are not product or partner links.
    [taobao, 'https://login.taobao.com/?redirectURL=https://evil.example', /login\.taobao\.com, which is not a product page or partner link of Tmall\/Taobao/],
    [taobao, 'https://login.taobao.com/member/login.jhtml?redirectURL=https%3A%2F%2Fevil.example%2F', /login\.taobao\.com/],
    [taobao, 'https://www.taobao.com/', /www\.taobao\.com/],
    [tmall, 'https://s.taobao.com/search?q=kettle', /s\.taobao\.com/],
    [jd, 'https://passport.jd.com/new/login.aspx?ReturnUrl=https%3A%2F%2Fevil.example', /passport\.jd\.com/],
    [jd, 'https://search.jd.com/Search?keyword=kettle', /search\.jd\.com/],
    [amazon, 'https://www.amazon.com/gp/redirect.html?location=https://evil.example', /www\.amazon\.com/],
    [amazon, 'https://www.amazon.com/ap/signin?openid.return_to=https%3A%2F%2Fevil.example', /www\.amazon\.com/],
    [pinduoduo, 'https://mobile.yangkeduo.com/login.html?from=https://evil.example', /mobile\.yangkeduo\.com/],
    // Allowed hosts and paths whose parameters carry another site's address, plainly or encoded.
    [tmall, 'https://s.click.taobao.com/t?e=abc&url=https://evil.example/x', /carries an address on evil\.example/],
    [tmall, 'https://s.click.taobao.com/t?tu=https%253A%252F%252Fevil.example%252Fx', /evil\.example/],
    [taobao, 'https://item.taobao.com/item.htm?id=562283240178&redirectURL=https%3A%2F%2Fevil.example', /evil\.example/],
    [taobao, 'https://item.taobao.com/item.htm?id=562283240178&next=//evil.example/x', /evil\.example/],
    [taobao, 'https://item.taobao.com/item.htm?id=562283240178&next=https:%5C%2F%5C%2Fevil.example', /evil\.example/],
    [taobao, 'https://item.taobao.com/item.htm?id=562283240178#https://evil.example', /evil\.example/],
    [taobao, 'https://item.taobao.com/item.htm?id=562283240178&to=https://taobao.com.evil.example/', /taobao\.com\.evil\.example/],
    [jd, 'https://union-click.jd.com/jdc?e=1&to=https%3A%2F%2Fitem.taobao.com%2Fitem.htm%3Fid%3D1', /item\.taobao\.com/],
    [jd, 'https://u.jd.com/x?redirect=https://user:pw@evil.example:8443/', /evil\.example/],
    [amazon, 'https://www.amazon.com/dp/B08N5WRWNW?tag=me-20&url=https://evil.example', /evil\.example/],
    [amazon, 'https://amzn.to/3abc?u=https%3A%2F%2Fevil.example', /evil\.example/],
    [site, 'https://www.example-shop.de/login?redirect=https://evil.example/', /evil\.example/],
    [site, 'https://www.example-shop.de/go/https://evil.example/', /evil\.example/],
    [myshopify, 'https://kettles.myshopify.com/account/login?return_url=https%3A%2F%2Fevil-shop.myshopify.com%2Fcart', /evil-shop\.myshopify\.com/],
  ])('%o refuses %s', (product, link, message) => {
    expect(partnerLinkProblem(link, product)).toMatch(message);
    expect(isAllowedPartnerLink(link, product)).toBe(false);
  });
});

describe('isStoreUrl', () => {
  it('accepts the store’s own domains but not its short-link hosts or look-alikes', () => {
    expect(isStoreUrl('https://detail.tmall.com/item.htm?id=1', 'tmall')).toBe(true);
    expect(isStoreUrl('https://m.tb.cn/h.abc', 'tmall')).toBe(false);
    expect(isStoreUrl('https://evil-tmall.com/item.htm', 'tmall')).toBe(false);
    expect(isStoreUrl('http://detail.tmall.com/item.htm', 'tmall')).toBe(false);
  });
});

describe('refinePartnerLink', () => {
  const Schema = z
    .object({ platform: z.enum(['jd', 'tmall']), url: z.string(), partnerLink: z.string().nullable() })
    .superRefine(refinePartnerLink((v) => ({ link: v.partnerLink, product: { platform: v.platform, url: v.url } })));

  it('adds an issue on partnerLink for a disallowed host and passes allowed or absent links', () => {
    const bad = Schema.safeParse({ platform: 'jd', url: 'https://item.jd.com/1.html', partnerLink: 'https://evil-jd.com/x' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['partnerLink']);
    expect(bad.error?.issues[0]?.message).toMatch(/evil-jd\.com/);
    expect(Schema.safeParse({ platform: 'jd', url: 'https://item.jd.com/1.html', partnerLink: 'https://u.jd.com/x' }).success).toBe(true);
    expect(Schema.safeParse({ platform: 'jd', url: 'https://item.jd.com/1.html', partnerLink: null }).success).toBe(true);
  });
});
