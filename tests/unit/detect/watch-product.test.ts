import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProductCandidate } from '../../../utils/read-product';
import { watchProduct } from '../../../utils/watch-product';
import { readPage, readSidecar } from './load-page';

const JD_URL = 'https://item.jd.com/100012043978.html';

function jdPage(title: string, price = '') {
  return `<div class="itemInfo-wrap"><div class="sku-name">${title}</div>
    <span class="p-price"><span>￥</span><span class="price J-p-100012043978">${price}</span></span>
    <del id="page_origin_price">￥299.00</del></div><div id="footer"></div>`;
}

/** Nodes from trusted test markup, moved into the test document. */
const fragment = (html: string): Node[] => [...new DOMParser().parseFromString(html, 'text/html').body.childNodes];

/** A page whose address the test controls, with in-page navigation as WXT reports it. */
function setUp(body: string, href = JD_URL) {
  document.body.replaceChildren(...fragment(body));
  let url = new URL(href);
  const navigationListeners = new Set<() => void>();
  const seen: (ProductCandidate | null)[] = [];
  const stop = watchProduct({
    document,
    currentUrl: () => url,
    onUrlChange: (listener) => {
      navigationListeners.add(listener);
      return () => navigationListeners.delete(listener);
    },
    onProduct: (product) => seen.push(product),
  });
  const navigate = (next: string) => {
    url = new URL(next);
    for (const listener of navigationListeners) listener();
  };
  return { seen, stop, navigate, navigationListeners };
}

const setPrice = (text: string) => {
  document.querySelector('.price.J-p-100012043978')!.textContent = text;
};

// MutationObserver callbacks are microtasks; advancing fake timers asynchronously flushes them.
const wait = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe('watchProduct', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports the product at once, then again when the late price appears', async () => {
    const { seen, stop } = setUp(jdPage('小米手环8'));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ key: 'jd:100012043978', title: '小米手环8', price: null });

    await wait(500);
    setPrice('279.00');
    await wait(300);
    expect(seen).toHaveLength(2);
    expect(seen[1]!.price).toEqual({ currency: 'CNY', minMinor: 27900, maxMinor: 27900 });
    stop();
  });

  it('re-reads at most once per throttle interval while the product area churns', async () => {
    const { seen, stop } = setUp(jdPage('小米手环8'));
    for (let i = 0; i < 20; i++) {
      setPrice(i % 2 ? '' : '…');
      await wait(10);
    }
    setPrice('279.00');
    await wait(300);
    // The first report plus the priced one: no duplicate reports for re-reads that find the same product.
    expect(seen.map((p) => p?.price?.minMinor ?? null)).toEqual([null, 27900]);
    stop();
  });

  it('stops waiting for the price after about 3 seconds', async () => {
    const { seen, stop } = setUp(jdPage('小米手环8'));
    await wait(3100);
    setPrice('279.00');
    await wait(1000);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.price).toBeNull();
    stop();
  });

  it('ignores mutations outside the product area', async () => {
    const { seen, stop } = setUp(jdPage('小米手环8'));
    const detect = vi.spyOn(document, 'querySelector');
    document.getElementById('footer')!.append(document.createElement('p'));
    await wait(1000);
    expect(detect).not.toHaveBeenCalled();
    expect(seen).toHaveLength(1);
    stop();
  });

  it('reads again when the product area is replaced after settling (a re-render)', async () => {
    const { seen, stop } = setUp(jdPage('小米手环8', '279.00'));
    await wait(3500);
    const fresh = document.createElement('div');
    fresh.className = 'itemInfo-wrap';
    fresh.append(...fragment('<div class="sku-name">小米手环8 Pro</div><span class="p-price"><span class="price J-p-100012043978">399.00</span></span>'));
    document.querySelector('.itemInfo-wrap')!.replaceWith(fresh);
    await wait(300);
    expect(seen.map((p) => p?.title)).toEqual(['小米手环8', '小米手环8 Pro']);
    stop();
  });

  it('reads again when the purchase panel of Tmall’s 2025 layout is replaced after settling (another SKU chosen)', async () => {
    // setUp moves the parsed page's body into the test document.
    const { seen, stop } = setUp(readPage('hand-tmall-ssr-2025-markup'), readSidecar('hand-tmall-ssr-2025-markup').url);
    await wait(3500);
    const panel = document.querySelector('[class^="PurchasePanel--"]')!;
    const fresh = panel.cloneNode(true) as Element;
    for (const price of fresh.querySelectorAll('[class^="text--"]')) if (price.textContent === '29.9') price.textContent = '34.9';
    panel.replaceWith(fresh);
    await wait(300);
    expect(seen.map((p) => p?.price?.minMinor)).toEqual([2990, 3490]);
    stop();
  });

  it('follows in-page navigation: another product, a non-product page, and back', async () => {
    const { seen, stop, navigate } = setUp(jdPage('小米手环8', '279.00'));
    navigate('https://item.jd.com/100012043978.html#comment');
    expect(seen).toHaveLength(1);

    document.querySelector('.sku-name')!.textContent = '华为手环9';
    navigate('https://item.jd.com/100050000000.html');
    expect(seen.at(-1)).toMatchObject({ key: 'jd:100050000000', title: '华为手环9' });

    navigate('https://search.jd.com/Search?keyword=band');
    expect(seen.at(-1)).toBeNull();
    navigate('https://search.jd.com/Search?keyword=watch');
    expect(seen).toHaveLength(3);

    navigate('https://item.jd.com/100050000000.html');
    expect(seen.at(-1)).toMatchObject({ key: 'jd:100050000000' });
    expect(seen).toHaveLength(4);
    stop();
  });

  it('does only the URL check on a page that is not a product page', async () => {
    const observe = vi.spyOn(MutationObserver.prototype, 'observe');
    const query = vi.spyOn(document, 'querySelector');
    const { seen, stop } = setUp(jdPage('小米手环8', '279.00'), 'https://www.jd.com/');
    document.body.append(document.createElement('div'));
    await wait(5000);
    expect(seen).toEqual([]);
    expect(observe).not.toHaveBeenCalled();
    expect(query).not.toHaveBeenCalled();
    stop();
  });

  it('reports nothing more once stopped', async () => {
    const { seen, stop, navigate, navigationListeners } = setUp(jdPage('小米手环8'));
    stop();
    expect(navigationListeners.size).toBe(0);
    setPrice('279.00');
    navigate('https://item.jd.com/100050000000.html');
    await wait(1000);
    expect(seen).toHaveLength(1);
  });
});
