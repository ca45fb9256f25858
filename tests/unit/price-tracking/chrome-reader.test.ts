import { describe, expect, it, vi } from 'vitest';

/*
 * Chrome's service worker has no DOMParser, and its build leaves the DOMParser reader (and the page
 * model it carries) out of background.js: readPage there reads over the light tree or asks the
 * offscreen document, even where a DOMParser would exist (this test environment has one).
 */

const light = vi.hoisted(() => ({ detection: { product: null, reason: 'read over the light tree' } }));
vi.mock('../../../utils/price-tracking/light-read', () => ({ readWithoutDomParser: vi.fn(() => ({ detection: light.detection })) }));

describe('readPage in the Chrome build', () => {
  it('is built for Chrome here', () => {
    expect(import.meta.env.FIREFOX).toBeFalsy();
    expect(typeof DOMParser).toBe('function');
  });

  it('never parses with DOMParser in the background: the light tree reads the page', async () => {
    const { readPage } = await import('../../../utils/price-tracking/offscreen-reader');
    const parse = vi.spyOn(DOMParser.prototype, 'parseFromString');
    const detection = await readPage('<html><body><h1>Kettle</h1></body></html>', 'https://www.amazon.com/dp/B000000001');
    expect(detection).toEqual(light.detection);
    expect(parse).not.toHaveBeenCalled();
  });
});
