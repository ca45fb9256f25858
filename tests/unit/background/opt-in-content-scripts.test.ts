import { describe, expect, it } from 'vitest';
import { optInMatches, optInRegistrations } from '../../../utils/background/opt-in-content-scripts';
import { PRODUCT_PAGE_SCRIPT, PRODUCT_PAGE_SETTINGS_SCRIPT } from '../../../utils/product-page-script';
import { AMAZON_ORIGINS } from '../../../utils/stores/amazon-storefronts';
import { DEFAULT_SETTINGS } from '../../../utils/settings';

describe('optInMatches', () => {
  const granted = [...AMAZON_ORIGINS, 'https://shop.example/*', 'https://feeds.example/*'];

  it('runs nowhere extra by default, whatever the browser granted', () => {
    expect(optInMatches(DEFAULT_SETTINGS, granted)).toEqual([]);
  });

  it('adds the Amazon stores when Amazon is on and granted', () => {
    expect(optInMatches({ ...DEFAULT_SETTINGS, amazonOptIn: true }, granted)).toEqual(AMAZON_ORIGINS);
    expect(optInMatches({ ...DEFAULT_SETTINGS, amazonOptIn: true }, ['https://www.amazon.de/*'])).toEqual(['https://www.amazon.de/*']);
  });

  it('adds only the other stores the user turned on, never a granted feed host', () => {
    const settings = { ...DEFAULT_SETTINGS, otherSitesOptIn: true, otherSiteOrigins: ['https://shop.example/*', 'https://revoked.example/*'] };
    expect(optInMatches(settings, granted)).toEqual(['https://shop.example/*']);
    expect(optInMatches({ ...settings, otherSitesOptIn: false }, granted)).toEqual([]);
  });
});

describe('optInRegistrations', () => {
  it('registers the settings read at document_start before the product page script, on the same stores', () => {
    const matches = ['https://shop.example/*', 'https://www.amazon.de/*'];
    const [settings, productPage, ...rest] = optInRegistrations(matches);
    expect(rest).toEqual([]);
    expect(settings).toMatchObject({ matches, js: [PRODUCT_PAGE_SETTINGS_SCRIPT], runAt: 'document_start' });
    expect(productPage).toMatchObject({ matches, js: [PRODUCT_PAGE_SCRIPT], runAt: 'document_idle' });
    expect(settings?.id).not.toBe(productPage?.id);
  });

  it('registers nothing where nothing matches', () => {
    expect(optInRegistrations([])).toEqual([]);
  });
});
