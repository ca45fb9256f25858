import { describe, expect, it } from 'vitest';
import { matchProductUrl } from '../../../utils/detect-product';
import { registrableDomainOf } from '../../../utils/registrable-domain';
import { ALL_STORES } from '../../../utils/stores/all-stores';
import { PARTNER_STORE_HOSTS } from '../../../utils/stores/partner-hosts';

const ALL_ON = { amazon: true, otherSites: true };
const dedicated = ALL_STORES.filter((store) => store.platform !== 'site');

describe('store URL forms', () => {
  for (const store of ALL_STORES) {
    describe(store.platform, () => {
      it.each(store.examples.product)('%s matches this store and no other', (href) => {
        const url = new URL(href);
        const matching = ALL_STORES.filter((other) => other.matchUrl(url, registrableDomainOf)).map((other) => other.platform);
        expect(matching).toEqual([store.platform]);
        expect(matchProductUrl(url, ALL_ON)?.platform).toBe(store.platform);
      });

      if (store.examples.other.length) {
        it.each(store.examples.other)('%s matches no store', (href) => {
          expect(dedicated.filter((other) => other.matchUrl(new URL(href), registrableDomainOf)).map((s) => s.platform)).toEqual([]);
          expect(matchProductUrl(new URL(href), { amazon: true })).toBeNull();
        });
      }
    });
  }

  it('strips tracking parameters from the canonical URL', () => {
    expect(matchProductUrl(new URL('https://detail.tmall.com/item.htm?spm=a1&id=605258110430&scm=1&pvid=2&ali_trackid=3&utm_source=x'))?.canonicalUrl).toBe(
      'https://detail.tmall.com/item.htm?id=605258110430',
    );
    expect(matchProductUrl(new URL('https://www.amazon.com/Some-Book/dp/1937785734/ref=sr_1_1?tag=aff-20'), ALL_ON)?.canonicalUrl).toBe('https://www.amazon.com/dp/1937785734');
  });

  it('keeps opt-in stores off by default', () => {
    expect(matchProductUrl(new URL('https://www.amazon.com/dp/1937785734'))).toBeNull();
    expect(matchProductUrl(new URL('https://www.example-shop.de/produkte/kettle'))).toBeNull();
    expect(matchProductUrl(new URL('https://www.example-shop.de/produkte/kettle'), { otherSites: true })?.platform).toBe('site');
  });

  it('never lets the catch-all speak for a store that has its own module', () => {
    for (const href of ['https://www.tmall.com/', 'https://www.jd.com/', 'https://mobile.yangkeduo.com/', 'https://www.amazon.co.jp/']) {
      expect(matchProductUrl(new URL(href), ALL_ON)).toBeNull();
    }
  });

  it('only accepts partner product pages on hosts the content script is injected into', () => {
    for (const store of dedicated.filter((s) => s.optIn === null)) {
      const hosts: readonly string[] = PARTNER_STORE_HOSTS[store.platform as keyof typeof PARTNER_STORE_HOSTS];
      for (const href of store.examples.product) expect(hosts).toContain(new URL(href).hostname);
    }
  });
});
