import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProductCandidate } from '../../../utils/read-product';
import { watchProduct } from '../../../utils/watch-product';

// JD's product page fills its price in after load, and its 2026 layout (`.sku-title-name`,
// `.product-price--main .product-price--value`, as public scrapers of the current page read it) renders
// title and price late. The content script must pick them up when they arrive, by observing, not polling.

const URL_NOW = new URL('https://item.jd.com/100012043978.html');

/** Nodes from trusted test markup, moved into the test document. */
const nodes = (html: string): Node[] => [...new DOMParser().parseFromString(html, 'text/html').body.childNodes];

const stops: (() => void)[] = [];

function watch(body: string) {
  document.title = '小米手环8 NFC版【行情 报价 价格 评测】-京东';
  document.body.replaceChildren(...nodes(body));
  const seen: (ProductCandidate | null)[] = [];
  const stop = watchProduct({ document, currentUrl: () => URL_NOW, onUrlChange: () => () => {}, onProduct: (product) => seen.push(product) });
  stops.push(stop);
  return { seen, stop };
}

// MutationObserver callbacks are microtasks; advancing fake timers asynchronously flushes them.
const wait = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe('JD: price and title that arrive after load', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    // A failed test must not leave its watcher reacting to the next test's page.
    for (const stop of stops.splice(0)) stop();
    vi.useRealTimers();
  });

  it('reads the 2026 layout price when its element is inserted into the page', async () => {
    const { seen } = watch('<div class="sku-title"><span class="sku-title-name">小米手环8 NFC版</span></div><div id="price-slot"></div>');
    expect(seen).toEqual([expect.objectContaining({ key: 'jd:100012043978', title: '小米手环8 NFC版', price: null })]);

    await wait(400);
    document
      .getElementById('price-slot')!
      .append(...nodes('<div class="product-price--main"><span class="product-price--label">京东价</span><span class="product-price--symbol">¥</span><span class="product-price--value">279.00</span></div>'));
    await wait(300);
    expect(seen.at(-1)).toMatchObject({ title: '小米手环8 NFC版', price: { currency: 'CNY', minMinor: 27900, maxMinor: 27900 } });
  });

  it('picks up title and price when the whole product block is rendered late (a shell page first)', async () => {
    const { seen } = watch('<div id="app"></div>');
    // Until the block renders, only the document title names the product.
    expect(seen).toEqual([expect.objectContaining({ key: 'jd:100012043978', price: null })]);
    expect(seen[0]!.title).not.toBe('小米手环8 NFC版');

    await wait(800);
    document.getElementById('app')!.append(...nodes('<div class="sku-title"><span class="sku-title-name">小米手环8 NFC版</span></div>'));
    await wait(300);
    document.getElementById('app')!.append(...nodes('<div class="product-price--main"><span class="product-price--value">299.00</span></div>'));
    await wait(300);
    expect(seen.at(-1)).toMatchObject({ title: '小米手环8 NFC版', price: { minMinor: 29900 } });
  });

  it('keeps watching after the price while the title still comes from <title>, and reads the title when it renders', async () => {
    const { seen } = watch('<div id="app"></div>');
    document.getElementById('app')!.append(...nodes('<div class="product-price--main"><span class="product-price--value">299.00</span></div>'));
    await wait(300);
    expect(seen.at(-1)).toMatchObject({ price: { minMinor: 29900 } });
    document.getElementById('app')!.prepend(...nodes('<div class="sku-title"><span class="sku-title-name">小米手环8 NFC版</span></div>'));
    await wait(300);
    expect(seen.at(-1)).toMatchObject({ title: '小米手环8 NFC版', price: { minMinor: 29900 } });
  });

  it('does not poll: a page that does not change is read once', async () => {
    const querySelector = vi.spyOn(document, 'querySelector');
    const { seen } = watch('<div class="sku-title"><span class="sku-title-name">小米手环8 NFC版</span></div>');
    const readsAtStart = querySelector.mock.calls.length;
    await wait(10_000);
    expect(querySelector.mock.calls.length).toBe(readsAtStart);
    expect(seen).toHaveLength(1);
  });
});
