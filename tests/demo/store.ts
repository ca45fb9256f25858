import type { StorePage } from '../harness/store-pages';

/** The demo store: saved partner-store product pages served at their real URLs, plus a start page. */
export interface DemoPage extends StorePage {
  label: string;
}

export const DEMO_START_URL = 'https://demo-store.haowu.test/';

export const DEMO_PAGES: DemoPage[] = [
  { label: 'Tmall product (iPhone 11)', url: 'https://detail.tmall.com/item.htm?id=605258110430', file: 'tmall-605258110430.html' },
];

export function demoStartPage(pages: DemoPage[]): StorePage {
  const links = pages.map((page) => `<li><a href="${page.url}">${page.label}</a> <code>${page.url}</code></li>`).join('\n');
  return {
    url: DEMO_START_URL,
    html: `<!doctype html><meta charset="utf-8"><title>Haowu demo store</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:720px;margin:40px auto;padding:0 16px}code{color:#6b7280;font-size:12px}</style>
<h1>Haowu demo store</h1>
<p>Saved copies of real partner-store product pages, served at their real addresses inside this browser only.
Nothing here reaches the stores. Open a product to see Haowu.</p>
<ul>${links}</ul>`,
  };
}
