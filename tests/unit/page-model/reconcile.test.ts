import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { traceDetection } from '../../../utils/detect-product';
import { loadedPageModel, providePageModel } from '../../../utils/page-model/api';
import type { ModelTrace } from '../../../utils/page-model/model';
import { pageModelFields } from '../../../utils/page-model/page-fields';
import { reconcile } from '../../../utils/page-model/reconcile';
import { parsePage, readPage } from '../detect/load-page';

/*
 * Structured data beside the page as shown (issue 18, README "When the structured data and the page
 * disagree"): each rule on a small hand-made page, read through the whole detection the content script
 * runs on an enabled other store, with the page model loaded as the background loads it.
 */

const url = new URL('https://www.kettles.example.de/products/blue-kettle');
const options = { otherSites: true } as const;

interface Page {
  /** The JSON-LD Product's fields (name, offers…). */
  data: Record<string, unknown>;
  heading: string;
  /** The price box's markup, beside the buy button. */
  prices: string;
  head?: string;
}

function page({ data, heading, prices, head = '' }: Page): Document {
  const jsonLd = JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', sku: 'K-17', image: 'https://cdn.example/kettle.jpg', ...data });
  const html = `<html lang="de"><head><title>${heading} | Kettles Example</title><script type="application/ld+json">${jsonLd}</script>${head}</head>
    <body><header><nav><a href="/">Home</a></nav></header><main>
      <div class="gallery"><img src="/img/kettle-large.jpg" alt="${heading}" width="800" height="800"></div>
      <div class="product-info"><h1 class="product-title">${heading}</h1><div class="price-box">${prices}</div>
      <form action="/cart/add"><input name="quantity" type="number" value="1"><button type="submit">In den Warenkorb</button></form></div>
    </main></body></html>`;
  return new DOMParser().parseFromString(html, 'text/html');
}

const offer = (price: string, currency = 'EUR') => ({ offers: { '@type': 'Offer', price, priceCurrency: currency } });
const euros = (minor: number, max = minor) => ({ currency: 'EUR', minMinor: minor, maxMinor: max });

let before: ReturnType<typeof loadedPageModel>;
beforeEach(() => {
  before = loadedPageModel();
  providePageModel(pageModelFields);
});
afterEach(() => providePageModel(before));

describe('the title: the heading the page shows, when it names the same product', () => {
  it('takes a heading that adds the brand or the kind to the structured name', () => {
    const traced = traceDetection(page({ data: { name: 'TR-1047 Wasserkocher', ...offer('39.99') }, heading: 'TalleR TR-1047 Wasserkocher', prices: '<span class="price">39,99 €</span>' }), url, options);
    expect(traced.product?.title).toBe('TalleR TR-1047 Wasserkocher');
    expect(traced.sources.title).toBe('model');
  });

  it('takes a heading the structured name adds a colour to, and one that differs only in punctuation', () => {
    const colour = traceDetection(page({ data: { name: 'HADLEY - Cocktail dress - black', ...offer('89.50') }, heading: 'HADLEY - Cocktail dress', prices: '<span class="price">89,50 €</span>' }), url, options);
    expect(colour.product?.title).toBe('HADLEY - Cocktail dress');
    const punctuation = traceDetection(page({ data: { name: 'DJUNGELSKOG Soft toy - brown bear', ...offer('25') }, heading: 'DJUNGELSKOG Soft toy, brown bear', prices: '<span class="price">25 €</span>' }), url, options);
    expect(punctuation.product?.title).toBe('DJUNGELSKOG Soft toy, brown bear');
  });

  it('keeps the structured name when the heading names something else, holds a price, or is a small part of it', () => {
    const other = traceDetection(page({ data: { name: 'Blue Kettle 1.7 l', ...offer('39.99') }, heading: 'Summer sale on everything', prices: '<span class="price">39,99 €</span>' }), url, options);
    expect(other.product?.title).toBe('Blue Kettle 1.7 l');
    expect(other.sources.title).toBe('json-ld');
    const priced = traceDetection(page({ data: { name: 'Indesit Washing Machine 6kg', ...offer('50') }, heading: 'Indesit Washing Machine 6kg - <span class="price">50 €</span> (Salford)', prices: '' }), url, options);
    expect(priced.product?.title).toBe('Indesit Washing Machine 6kg');
    const part = traceDetection(page({ data: { name: 'Bosch TWK 7203 Wasserkocher Edelstahl 1,7 l blau', ...offer('39.99') }, heading: 'Wasserkocher', prices: '<span class="price">39,99 €</span>' }), url, options);
    expect(part.product?.title).toBe('Bosch TWK 7203 Wasserkocher Edelstahl 1,7 l blau');
  });

  it('takes the heading’s spacing when the markup ran the same words together, a line break as a space', () => {
    const traced = traceDetection(page({ data: { name: 'HEART CLUBHeart Button Knit Cardigan', ...offer('43.80') }, heading: 'HEART CLUB<br>Heart Button Knit Cardigan', prices: '<span class="price">43,80 €</span>' }), url, options);
    expect(traced.product?.title).toBe('HEART CLUB Heart Button Knit Cardigan');
  });

  it('leaves out text for screen readers only that a stylesheet moves off the screen', () => {
    const traced = traceDetection(page({ data: { name: 'FLAT BOOTS', ...offer('69.95') }, heading: 'FLAT BOOTS<span class="offleft"> Details</span>', prices: '<span class="price">69,95 €</span>' }), url, options);
    expect(traced.product?.title).toBe('FLAT BOOTS');
  });
});

describe('the price: the one shown near the buy button, when the markup holds another kind of price', () => {
  it('replaces a list price the page strikes through or names as the old one', () => {
    const struck = traceDetection(page({ data: { name: 'Blue Kettle', ...offer('49.99') }, heading: 'Blue Kettle', prices: '<del>49,99 €</del> <span class="price">39,99 €</span>' }), url, options);
    expect(struck.product?.price).toEqual(euros(3999));
    expect(struck.sources).toMatchObject({ price: 'model', currency: 'model' });
    const named = traceDetection(page({ data: { name: 'Blue Kettle', ...offer('219.99') }, heading: 'Blue Kettle', prices: '<span class="price special-price">110,00 €</span> <span class="price old-price">219,99 €</span>' }), url, options);
    expect(named.product?.price).toEqual(euros(11000));
  });

  it('replaces a price without VAT when the page shows it with VAT', () => {
    const traced = traceDetection(page({ data: { name: 'XADO Schmierfett', ...offer('4.92') }, heading: 'XADO Schmierfett', prices: '<span class="price">5,95 €</span>' }), url, options);
    expect(traced.product?.price).toEqual(euros(595));
  });

  it('replaces every variant’s range with the price of the one on show', () => {
    const range = { offers: { '@type': 'AggregateOffer', lowPrice: '50', highPrice: '60', priceCurrency: 'EUR' } };
    const traced = traceDetection(page({ data: { name: 'VADHOLMA Rack', ...range }, heading: 'VADHOLMA Rack', prices: '<span class="price">50 €</span>' }), url, options);
    expect(traced.product?.price).toEqual(euros(5000));
  });

  it('takes the range the page shows over the variants when the markup names one end of it', () => {
    const traced = traceDetection(page({ data: { name: 'Camp Shirt', ...offer('55.00') }, heading: 'Camp Shirt', prices: '<span class="price">€ 55,00 - € 57,00</span>' }), url, options);
    expect(traced.product?.price).toEqual(euros(5500, 5700));
    expect(traced.sources.price).toBe('model');
  });

  it('takes the price the page shows when the markup states none', () => {
    const traced = traceDetection(page({ data: { name: 'Blue Kettle' }, heading: 'Blue Kettle', prices: '<span class="price">39,99 €</span>' }), url, options);
    expect(traced.product?.price).toEqual(euros(3999));
    expect(traced.sources.price).toBe('model');
  });

  it('keeps the markup’s price when the page shows it as a price to pay too, or shows only a rate', () => {
    const both = traceDetection(
      page({ data: { name: 'Blue Kettle', ...offer('31.49') }, heading: 'Blue Kettle', prices: '<span class="price">34,99 €</span></div><div class="members"><p>Club</p><div><span class="price">31,49 €</span></div>' }),
      url,
      options,
    );
    expect(both.product?.price).toEqual(euros(3149));
    expect(both.sources.price).toBe('json-ld');
    const rate = traceDetection(page({ data: { name: 'Blue Kettle', ...offer('410') }, heading: 'Blue Kettle', prices: '<span class="price">ab 37 € a month</span>' }), url, options);
    expect(rate.product?.price).toEqual(euros(41000));
  });

  it('keeps a marked-up price that differs from the page’s for no reason these rules know', () => {
    const traced = traceDetection(page({ data: { name: 'Blue Kettle', ...offer('1679') }, heading: 'Blue Kettle', prices: '<span class="price">1.718 €</span>' }), url, options);
    expect(traced.product?.price).toEqual(euros(167900));
  });
});

describe('markup without a price on a page that is not one product’s', () => {
  // A review article whose rating widget is marked up as a Product: no offer, no price, no buy control.
  const review = (offer = '') =>
    new DOMParser().parseFromString(
      `<html><head><title>Range Rover review | Car News Example</title><meta property="og:type" content="article"></head><body>
        <header><nav><a href="/">Home</a> <a href="/reviews">Reviews</a></nav></header>
        <article><h1>2026 Land Rover Range Rover review</h1><p class="byline">By A. Writer, <time datetime="2026-03-02">March 2, 2026</time></p>
          <p>The new Range Rover rides better than ever, and its cabin is quieter still.</p>
          <div itemscope itemtype="https://schema.org/Product"><span itemprop="name">Land Rover Range Rover</span>
            <div itemprop="aggregateRating" itemscope itemtype="https://schema.org/AggregateRating">Rating <span itemprop="ratingValue">8.2</span> of 10</div>${offer}</div>
          <p>It is the best luxury SUV we have driven this year.</p></article>
        <aside><h2>More reviews</h2><ul><li><a href="/reviews/a">Audi Q7</a></li><li><a href="/reviews/b">BMW X7</a></li></ul></aside></body></html>`,
      'text/html',
    );
  const articleUrl = new URL('https://www.carnews.example.com/reviews/2026-land-rover-range-rover');

  it('is only a claim: no product is read', () => {
    const traced = traceDetection(review(), articleUrl, options);
    expect(traced.product).toBeNull();
    expect(traced.reason).toMatch(/no single product/);
    // The structured data alone (before the model is loaded) still reads it: the model is what tells the page apart.
    providePageModel(undefined);
    expect(traceDetection(review(), articleUrl, options).product?.title).toBe('Land Rover Range Rover');
  });

  it('stands where the markup names a price, or where the page is one product’s page or shows a price to pay', () => {
    const priced = review('<span itemprop="offers" itemscope itemtype="https://schema.org/Offer"><meta itemprop="price" content="95000"><meta itemprop="priceCurrency" content="USD"></span>');
    expect(traceDetection(priced, articleUrl, options).product?.price).toEqual({ currency: 'USD', minMinor: 9500000, maxMinor: 9500000 });
    // A shop's page whose markup names no price: the page is one product's, and shows its price.
    const shop = traceDetection(page({ data: { name: 'Blue Kettle' }, heading: 'Blue Kettle', prices: '<span class="price">39,99 €</span>' }), url, options);
    expect(shop.product?.title).toBe('Blue Kettle');
    // A product page that states no price (on request, sold out) but offers a way to buy: a product without a price.
    const unpriced = traceDetection(page({ data: { name: 'Blue Kettle' }, heading: 'Blue Kettle', prices: '<span class="availability">Preis auf Anfrage</span>' }), url, options);
    expect(unpriced.product).toMatchObject({ title: 'Blue Kettle' });
    expect(unpriced.product?.price).toBeNull();
  });

  it('asks for a way to buy, not the page score alone, which leans on the price: a priceless product page with a buy control or quantity box stands', () => {
    const structured = { title: 'Blue Kettle', price: null, imageUrl: null, shopName: null, sources: { title: 'json-ld' as const } };
    const trace = (buyable: boolean): ModelTrace => ({ reading: { product: null, notProduct: 'the page model sees no single product here (score -0.40)' }, title: null, price: null, pageScore: -0.4, buyable, prices: [], struckPrices: () => [] });
    expect(reconcile(structured, trace(true))).toMatchObject({ title: 'Blue Kettle', price: null });
    expect(reconcile(structured, trace(false))).toEqual({ notProduct: 'the page model sees no single product here (score -0.40)' });
  });
});

describe('what the structured data keeps', () => {
  it('keeps the id, the address and the picture, and reads the structured data alone until the model is loaded', () => {
    const document = page({ data: { name: 'TR-1047', ...offer('49.99') }, heading: 'TalleR TR-1047', prices: '<del>49,99 €</del> <span class="price">39,99 €</span>' });
    const traced = traceDetection(document, url, options);
    expect(traced.product).toMatchObject({ productId: 'example.de/K-17', imageUrl: 'https://cdn.example/kettle.jpg', title: 'TalleR TR-1047', price: euros(3999) });
    expect(traced.sources).toMatchObject({ productId: 'json-ld', image: 'json-ld' });
    providePageModel(undefined);
    expect(traceDetection(document, url, options).product).toMatchObject({ title: 'TR-1047', price: euros(4999) });
  });

  it('reads the withdrawn code RUR as today’s rouble, with or without the model', () => {
    providePageModel(undefined);
    const traced = traceDetection(page({ data: { name: 'Luminarc Octime', ...offer('249', 'RUR') }, heading: 'Luminarc Octime', prices: '<span>249 ₽</span>' }), url, options);
    expect(traced.product?.price).toEqual({ currency: 'RUB', minMinor: 24900, maxMinor: 24900 });
  });

  it('never asks the model on a partner store’s page', () => {
    const model = vi.fn(pageModelFields);
    providePageModel(model);
    const jd = new URL('https://item.jd.com/100012043978.html');
    expect(traceDetection(parsePage(readPage('hand-jd-priced')), jd, { amazon: true, otherSites: true }).product).not.toBeNull();
    expect(model).not.toHaveBeenCalled();
  });
});
