import { describe, expect, it } from 'vitest';
import { optInMatches } from '../../../utils/background/opt-in-content-scripts';
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
