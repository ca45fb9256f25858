import { describe, expect, it } from 'vitest';
import { isAllowedPartnerLink } from '../../../utils/db/partner-link';
import { partnerLinkProblem } from '../../../utils/partner-links';

/*
 * partnerLinkRefusal answers a question asked twice in a row from its last verdict (storing a feed
 * checks each link by the feed's schema, then as the stored record's last check). A question that
 * differs in anything the verdict depends on is judged afresh.
 */
describe('partner-link verdicts asked in a row', () => {
  it('judge the same link afresh for another store, another site or another link', () => {
    const link = 'https://kettles.example-shop.de/p/1';
    expect(isAllowedPartnerLink(link, 'site:example-shop.de/sku-1')).toBe(true);
    expect(isAllowedPartnerLink(link, 'site:other-shop.de/sku-1')).toBe(false);
    expect(isAllowedPartnerLink(link, 'site:example-shop.de/sku-1')).toBe(true);
    expect(isAllowedPartnerLink(link, 'tmall:600001')).toBe(false);
    expect(partnerLinkProblem(link, { platform: 'site', url: 'https://example-shop.de/p/1' })).toBeNull();
    expect(partnerLinkProblem(link, { platform: 'site', url: 'https://evil-shop.de/p/1' })).toMatch(/not on the product’s own store/);
    expect(isAllowedPartnerLink('https://s.click.taobao.com/t?e=1', 'tmall:600001')).toBe(true);
    expect(isAllowedPartnerLink('https://s.click.taobao.com/t?e=1', 'jd:600001')).toBe(false);
    expect(isAllowedPartnerLink('https://s.click.taobao.com/t?e=1', 'taobao:600001')).toBe(true);
    expect(isAllowedPartnerLink('https://s.click.taobao.com/t?e=https%3A%2F%2Fevil.example', 'taobao:600001')).toBe(false);
  });

  it('still find an address carried in a parameter, escaped or not, however the text is spelt', () => {
    const product = { platform: 'taobao' as const, url: 'https://item.taobao.com/item.htm?id=1' };
    for (const value of ['https://evil.example/x', 'https%3A%2F%2Fevil.example', '//evil.example', '%2F%2Fevil.example', '+//evil.example', 'https:\\\\evil.example']) {
      expect(partnerLinkProblem(`https://login.taobao.com/?redirectURL=${value}`, product), value).not.toBeNull();
    }
    expect(partnerLinkProblem('https://s.click.taobao.com/https:%2F%2Fevil.example', product)).toMatch(/evil\.example/);
    expect(partnerLinkProblem('https://s.click.taobao.com/t?e=1234&pid=mm_1_2_3', product)).toBeNull();
  });
});
