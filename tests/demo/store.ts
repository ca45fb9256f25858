import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_PAGES, PROJECT_ROOT } from '../harness/paths';
import type { StorePage } from '../harness/store-pages';

/**
 * The demo store: saved partner-store product pages (from tests/fixtures/pages, at the URLs their
 * JSON sidecars give), a start page, and the demo collection of made-up experts at an https address.
 */
export interface DemoPage extends StorePage {
  label: string;
  url: string;
}

export const DEMO_ORIGIN = 'https://demo-store.haowu.test';
export const DEMO_START_URL = `${DEMO_ORIGIN}/`;
/** tests/fixtures/feeds/demo-collection.json: two demo experts, clearly labelled demo data. */
export const DEMO_COLLECTION_URL = `${DEMO_ORIGIN}/feeds/demo-collection.json`;

/** The sidecar's URL for a fixture page, so the demo serves each page where it was saved from. */
function fixtureUrl(name: string): string {
  const sidecar = JSON.parse(readFileSync(join(FIXTURE_PAGES, `${name}.json`), 'utf8')) as { url: string };
  return sidecar.url;
}

function fixture(label: string, name: string, extra: Partial<StorePage> = {}): DemoPage {
  return { label, url: fixtureUrl(name), file: `${name}.html`, ...extra };
}

/** JD's real page fills its price in with a script after load; the saved copy has the span empty. */
export const JD_LATE_PRICE = '649.00';
export const JD_LATE_PRICE_DELAY_MS = 1000;

function jdWithLatePrice(): DemoPage {
  const page = fixture('JD Huawei Enjoy 6 (price loads late)', 'jd-3888216');
  const html = readFileSync(join(FIXTURE_PAGES, page.file!), 'utf8');
  // Stands in for JD's price request: fills the empty price span a second after the page loaded.
  const script = `<script>addEventListener('load', () => setTimeout(() => {
  for (const span of document.querySelectorAll('.p-price .price.J-p-3888216')) span.textContent = '${JD_LATE_PRICE}';
}, ${JD_LATE_PRICE_DELAY_MS}));</script>`;
  return { label: page.label, url: page.url, html: html.replace(/<\/body>/i, `${script}</body>`) };
}

/** The iPhone 11 as Tmall's app would render it (values from its saved page), standing in for the real SPA. */
export const SPA_IPHONE = {
  id: new URL(fixtureUrl('tmall-605258110430')).searchParams.get('id')!,
  title: '【官网价直降】Apple/苹果 iPhone 11 4G全网通智能手机正品苏宁易购官方旗舰店苹果11',
  price: '5499.00-6799.00',
  shop: '苏宁易购官方旗舰店',
  image: 'https://img.alicdn.com/imgextra/i3/2616970884/O1CN01TOc9jZ1IOujNdnN64_!!2616970884.jpg_430x430q90.jpg',
};
/** The K70 page's own link to the iPhone, which its app follows in place. */
export const SPA_LINK_TEXT = '看看 iPhone 11 (related product)';

/**
 * Tmall's current (app-rendered) layout with a "related product" link the store's app handles in
 * place, as single-page stores do: on the shopper's click it re-renders the product area with the
 * iPhone 11 and updates the address with history.pushState.
 */
function tmallK70WithSpaLink(): DemoPage {
  const page = fixture('Tmall Redmi K70', 'hand-tmall-current-layout');
  const html = readFileSync(join(FIXTURE_PAGES, page.file!), 'utf8');
  const script = `<a id="related-iphone" href="/item.htm?id=${SPA_IPHONE.id}" style="position:fixed;bottom:12px;left:12px;z-index:9;padding:6px 10px;background:#fff;border:1px solid #999">${SPA_LINK_TEXT}</a>
<script>document.getElementById('related-iphone').addEventListener('click', (event) => {
  event.preventDefault();
  const product = ${JSON.stringify(SPA_IPHONE)};
  document.title = product.title + '-tmall.com天猫';
  document.querySelector('.ItemHeader--mainTitle--3CIjqW5').textContent = product.title;
  document.querySelector('.Price--extraPriceText--2Lh4rn2')?.remove();
  document.querySelector('.Price--originPrice--3jB4KjY')?.remove();
  document.querySelector('.Price--extraPrice--2ck_Ltj .Price--priceText--2nLbVda').textContent = product.price;
  document.querySelector('.ShopHeader--shopName--zZ3913d').textContent = product.shop;
  document.querySelector('.PicGallery--mainPic--34u4Jrw').setAttribute('src', product.image);
  history.pushState({}, '', event.currentTarget.getAttribute('href'));
});</script>`;
  return { label: page.label, url: page.url, html: html.replace(/<\/body>/i, `${script}</body>`) };
}

export const DEMO_PAGES = {
  tmall: fixture('Tmall iPhone 11', 'tmall-605258110430'),
  /** Tmall's current (app-rendered) layout: starting point of the in-page (SPA) navigation step. */
  tmallK70: tmallK70WithSpaLink(),
  taobao: fixture('Taobao keyboard case', 'taobao-562283240178'),
  jd: jdWithLatePrice(),
  weidian: fixture('Weidian Pu’er tea', 'hand-weidian'),
  pinduoduo: fixture('Pinduoduo black tea', 'hand-pinduoduo-rawdata'),
} satisfies Record<string, DemoPage>;

export function demoStartPage(pages: DemoPage[]): StorePage {
  const links = pages.map((page) => `<li><a href="${page.url}">${page.label}</a><br><code>${page.url}</code></li>`).join('\n');
  return {
    url: DEMO_START_URL,
    html: `<!doctype html><meta charset="utf-8"><title>Haowu demo store</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:760px;margin:40px auto;padding:0 16px}li{margin:6px 0}code{color:#6b7280;font-size:12px}</style>
<h1>Haowu demo store</h1>
<p>Copies of partner-store product pages, served at their real addresses inside this browser only.
Nothing here reaches the stores. Open a product to see Haowu.</p>
<p>Haowu follows the <a href="${DEMO_COLLECTION_URL}">demo collection</a>: made-up experts whose names say
<strong>demo data</strong>. Their picks are not real recommendations.</p>
<ul>${links}</ul>`,
  };
}

interface CollectionPick {
  expert: string;
  id: string;
  productKey: string;
  expiresAt?: string;
}

/** The picks the demo collection carries (its payloads read without verifying: for log notes only). */
export function demoCollectionPicks(): CollectionPick[] {
  const collection = JSON.parse(readFileSync(join(PROJECT_ROOT, 'tests/fixtures/feeds/demo-collection.json'), 'utf8')) as { feeds: { payload: string }[] };
  return collection.feeds.flatMap(({ payload }) => {
    const feed = JSON.parse(payload) as { expert: { name: string }; recommendations: { id: string; product: { key: string }; expiresAt?: string }[] };
    return feed.recommendations.map((pick) => ({ expert: feed.expert.name, id: pick.id, productKey: pick.product.key, expiresAt: pick.expiresAt }));
  });
}

/** Everything the demo serves: the start page, every product page and the demo collection. */
export function demoSite(): StorePage[] {
  const pages = Object.values(DEMO_PAGES);
  return [
    demoStartPage(pages),
    ...pages,
    { url: DEMO_COLLECTION_URL, contentType: 'application/json', html: readFileSync(join(PROJECT_ROOT, 'tests/fixtures/feeds/demo-collection.json'), 'utf8') },
  ];
}
