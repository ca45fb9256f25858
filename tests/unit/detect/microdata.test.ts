import { describe, expect, it } from 'vitest';
import { readMicrodataProduct } from '../../../utils/microdata';

const page = (body: string) => new DOMParser().parseFromString(`<!DOCTYPE html><html><head></head><body>${body}</body></html>`, 'text/html');
const product = (inner: string) => page(`<div itemscope itemtype="http://schema.org/Product"><h1 itemprop="name">Halogen bulb</h1>${inner}</div>`);

describe('microdata products', () => {
  // lampsplus.com (fathom-products): the image property is an ImageObject item whose element also holds
  // a script; its text was taken as the image, and differed between the live and the slimmed page.
  it('reads an ImageObject image from its contentUrl, url or own image, never from the item text', () => {
    const imageObject = (inner: string) =>
      product(`<div itemprop="image" itemscope itemtype="http://schema.org/ImageObject"><script>var zoom = "n9259";</script>${inner}</div>`);
    expect(readMicrodataProduct(imageObject('<img itemprop="image" src="https://images.example/n9259.jpg" alt="">'))?.image).toBe('https://images.example/n9259.jpg');
    expect(readMicrodataProduct(imageObject('<link itemprop="url" href="https://images.example/u.jpg">'))?.image).toBe('https://images.example/u.jpg');
    expect(readMicrodataProduct(imageObject('<meta itemprop="contentUrl" content="https://images.example/c.jpg"><img itemprop="image" src="https://images.example/i.jpg">'))?.image).toBe('https://images.example/c.jpg');
    expect(readMicrodataProduct(imageObject(''))?.image).toBeNull();
  });

  it('still reads a plain image property and gives an item-valued name no text', () => {
    expect(readMicrodataProduct(product('<img itemprop="image" src="https://images.example/p.jpg">'))?.image).toBe('https://images.example/p.jpg');
    const nested = page('<div itemscope itemtype="https://schema.org/Product"><div itemprop="name" itemscope><script>x()</script>Bulb</div></div>');
    expect(readMicrodataProduct(nested)?.name).toBeNull();
  });
});
