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
    [taobao, 'https://taobao.com/'],
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
    [amazon, 'https://www.amazon.co.jp/dp/B0?tag=me-22'],
    [amazon, 'https://www.amazon.com:443/dp/B0?tag=me-20'], // the default port is the same URL
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
    [tmall, 'https://x.tb.cn/h.abc', /Tmall\/Taobao link hosts/], // tb.cn is trusted as exact hosts only
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
    [jd, 'https://a.3.cn/abc', /JD link hosts/],
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

  it('a site product under an unknown two-label public suffix only trusts its exact host', () => {
    const polish = { platform: 'site', url: 'https://sklep.com.pl/p/1' } as const;
    expect(isAllowedPartnerLink('https://sklep.com.pl/p/1?aff=1', polish)).toBe(true);
    expect(isAllowedPartnerLink('https://evil.com.pl/p/1', polish)).toBe(false);
  });

  it('a site product on an IP address or a bare name trusts nothing', () => {
    expect(isAllowedPartnerLink('https://10.0.0.1/x', { platform: 'site', url: 'https://10.0.0.1/p' })).toBe(false);
    expect(isAllowedPartnerLink('https://localhost/x', { platform: 'site', url: 'https://localhost/p' })).toBe(false);
    expect(isAllowedPartnerLink('https://x.example/x', { platform: 'site', url: 'not a url' })).toBe(false);
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
