import { DOMParser as LinkedomParser } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { explainDetection, type Detection } from '../../../utils/detect-product';
import { slimServedPage } from '../../../utils/price-tracking/slim-page';
import { loadRealPages } from '../../fixtures/real-pages/sidecar';

/*
 * The slimming of a served page (utils/price-tracking/slim-page.ts) against the real-page set
 * (tests/fixtures/real-pages: saved pages of many stores, product pages and not): every store reader
 * reads the same from each page slimmed as from the page whole. Parsed with linkedom, which reads all
 * of these pages (happy-dom stops early on several); the browser's own parser is exercised by the e2e
 * tests and the bench.
 */

const read = (html: string, url: URL): Detection =>
  explainDetection(new LinkedomParser().parseFromString(html, 'text/html') as unknown as Document, url, { amazon: true, otherSites: true });

describe('every real page reads the same slimmed', () => {
  const pages = loadRealPages();

  let products = 0;

  it.each(pages.map((page) => [page.name, page] as const))('%s', (_name, page) => {
    const url = new URL(page.sidecar.url.replace(/^http:/, 'https:'));
    const whole = read(page.html, url);
    if (whole.product) products++;
    expect(read(slimServedPage(page.html), url)).toEqual(whole);
  }, 30_000);

  // After the pages above (tests in a file run in order): the comparison was not of nothing.
  it('covered product pages that Haowu reads', () => {
    expect(products).toBeGreaterThan(50);
  });
});
