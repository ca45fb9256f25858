import { describe, expect, it } from 'vitest';
import { importBackup } from '../../../utils/db/backup';
import { isAllowedPartnerLink } from '../../../utils/db/partner-link';
import { freshDb } from './helpers';
import { recommendation } from './records';

describe('isAllowedPartnerLink (database side)', () => {
  it.each([
    ['https://s.click.taobao.com/t?e=1', 'tmall:605258110430'],
    ['https://detail.tmall.com/item.htm?id=1', 'taobao:1'],
    ['https://u.jd.com/abc', 'jd:3888216'],
    ['https://3.cn/abc', 'jd:3888216'],
    ['https://amzn.to/x', 'amazon:B000000001'],
    ['https://www.example-shop.de/p?partner=1', 'site:example-shop.de/WK-17-BL'],
    ['https://kettles.myshopify.com/products/wk-17?ref=x', 'site:kettles.myshopify.com/WK-17'],
  ])('allows %s for %s', (link, key) => expect(isAllowedPartnerLink(link, key)).toBe(true));

  it.each([
    ['http://s.click.taobao.com/t', 'tmall:1', 'not https'],
    ['https://u.jd.com/abc', 'tmall:1', 'another store’s host'],
    ['https://tmall.com.evil.cn/x', 'tmall:1', 'a look-alike host'],
    ['https://evil.example/x', 'site:example-shop.de/1', 'off the site’s domain'],
    ['https://s.click.taobao.com/t', 'unknown:1', 'an unknown platform'],
    ['https://s.click.taobao.com/t', 'tmall', 'a key without a colon'],
    ['https://evil-shop.myshopify.com/products/wk-17', 'site:kettles.myshopify.com/WK-17', 'another shop on the same platform'],
    ['https://evil.github.io/x', 'site:kettles.github.io/WK-17', 'another site on the same host'],
    ['https://login.taobao.com/?redirectURL=https://evil.example', 'taobao:1', 'a login endpoint that leads elsewhere'],
    ['https://s.click.taobao.com/t?e=1&url=https%3A%2F%2Fevil.example', 'tmall:1', 'an address elsewhere in a parameter'],
  ])('refuses %s for %s (%s)', (link, key) => expect(isAllowedPartnerLink(link, key)).toBe(false));

  it('is what backup import checks: an off-store link refuses the file', async () => {
    const db = await freshDb();
    const backup = (partnerLink: string) =>
      JSON.stringify({ format: 'haowu-backup', version: 1, exportedAt: '2025-01-01T00:00:00.000Z', products: [], experts: [], saved: [], cart: [], recommendations: [recommendation({ partnerLink })] });
    await expect(importBackup(db, backup('https://u.jd.com/x'))).rejects.toThrow('recommendations[0].partnerLink');
    await expect(importBackup(db, backup('https://s.click.taobao.com/x'))).resolves.toMatchObject({ recommendations: { added: 1 } });
  });
});
