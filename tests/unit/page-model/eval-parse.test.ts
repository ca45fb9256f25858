import { describe, expect, it } from 'vitest';
import { parseLikeABrowser } from '../../tools/page-model-eval';

// The accuracy figures (npm run bench, the trainer) read saved pages in Node: the tree must be the one a browser builds.
describe('saved pages are parsed as a browser parses them', () => {
  it('keeps the body of a page saved with a <base> before its <!DOCTYPE> (linkedom alone left it empty)', () => {
    const html = `<base href="http://shop.example/item/1"/>\n<!DOCTYPE html><html><head><title>Kettle | Shop</title></head><body><h1>Kettle</h1><span class="price">$9.99</span></body></html>`;
    const document = parseLikeABrowser(html);
    expect(document.body.querySelector('h1')?.textContent).toBe('Kettle');
    expect(document.body.querySelectorAll('*').length).toBe(2);
  });

  it('puts a page wrapped in other markup (CleanEval’s <text>) into its body, as a browser does', () => {
    const document = parseLikeABrowser(`<text id="http://shop.example/p"><html><head><title>Kettle</title></head><body><p><b>Kettle</b> $9.99</p></body></html></text>`);
    expect(document.body.querySelector('b')?.textContent).toBe('Kettle');
  });
});
