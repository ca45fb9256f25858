import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LightDocument } from '../../../utils/price-tracking/light-document';
import { readWithoutDomParser } from '../../../utils/price-tracking/light-read';
import { buildLightTree, type LightTree } from '../../../utils/price-tracking/light-tree';
import { readServedPage, slimServedPage } from '../../../utils/price-tracking/served-page';
import { KETTLE_URL, kettlePage } from './kettle';

/*
 * The light tree a background check reads in Chrome's service worker (utils/price-tracking/light-*.ts).
 * Whether its trees are the browser's is checked against Chromium's DOMParser on every real page in
 * tests/e2e/price-read-parity.e2e.ts; here: what it declines, what it closes as HTML does, and the DOM
 * members the readers use.
 */

const page = (body: string, doctype = '<!DOCTYPE html>') => `${doctype}<html><head><title>T</title></head><body>${body}</body></html>`;
const treeOf = (html: string): LightTree => {
  const built = buildLightTree(html);
  if (!built.tree) throw new Error(`declined: ${built.unsure}`);
  return built.tree;
};
/** The body's elements as `name.class` paths from the body, in document order. */
const paths = (html: string): string[] => {
  const tree = treeOf(html);
  return tree.elements
    .filter((element) => element.order > tree.body!.order && element.order <= tree.body!.end)
    .map((element) => {
      const names: string[] = [];
      for (let node: typeof element | null = element; node && node !== tree.body; node = node.parent as typeof element) names.unshift(node.name);
      return names.join('>');
    });
};

describe('buildLightTree declines what htmlparser2 would nest otherwise than HTML', () => {
  it.each([
    ['a misnested formatting element', page('<b>bold<p>para</b>after</p>'), '</b> closing other elements'],
    ['a formatting element closed by a block', page('<div><b>bold</div>after'), '</div> closing <b>'],
    ['an inline end tag across a block', page('<span>one<div>two</span>three</div>'), '</span> closing <div>'],
    ['content fostered out of a table', page('<table><tr><td>1</td></tr><div>x</div></table>'), '<div> fostered out of a table'],
    ['a cell without its row', page('<table><td>cell</td></table>'), 'a <td> outside a <tr>'],
    ['an <a> in an <a> inside a block in it', page('<a href="/1"><div>x<a href="/2">y</a>'), 'an <a> inside an <a>, with <div> in between'],
    ['a template', page('<template><p>x</p></template>'), '<template>'],
    ['SVG', page('<svg><title>x</title></svg>'), '<svg>'],
    ['markup in an iframe', page('<iframe><p>x</p></iframe>'), 'markup inside <iframe>'],
    ['content after the body', `${page('x')}<div>late</div>`, '<div> after the body ended'],
    ['a body element in the head', '<!DOCTYPE html><html><head><div>x</div></head><body></body></html>', '<div> in the head'],
    ['a page without <html>', '<!DOCTYPE html><p>x</p>', '<p> outside <html>'],
    ['a doctype of unknown mode', page('x', '<!DOCTYPE html PUBLIC "-//IETF//DTD HTML 2.0//EN">'), 'a doctype whose mode is not known here'],
    ['a character reference in a textarea', page('<textarea>&copy;</textarea>'), 'a character reference in a <textarea>'],
    // IGN's newsletter button (tests/fixtures/real-pages/negative-ign-black-friday-deals): htmlparser2 closed the button at the input.
    ['a field in a button', page('<button><label>Join</label><input type="email"></button>'), '<input> closing <button>, which HTML keeps open'],
    ['a list box in a button', page('<button><select><option>1</option></select></button>'), '<select> closing <button>, which HTML keeps open'],
    // HTML lowercases ASCII letters only; htmlparser2's lowerCaseTags lowercases every letter.
    ['an element name with a non-ASCII letter', page('<x-Мира>x</x-Мира>'), 'a tag name with a letter beyond ASCII'],
  ])('%s', (_what, html, reason) => {
    expect(buildLightTree(html)).toEqual({ tree: null, unsure: expect.stringContaining(reason) });
  });
});

describe('buildLightTree closes what HTML closes and htmlparser2 does not', () => {
  it('an open <a> before another <a>', () => {
    expect(paths(page('<a href="/1">one<span>1</span><a href="/2">two</a>'))).toEqual(['a', 'a>span', 'a']);
  });

  it('an open <p> below inline elements, before a block', () => {
    expect(paths(page('<p>text<span>inline<div>block</div></span>'))).toEqual(['p', 'p>span', 'div']);
  });

  it('an open list item before the next one', () => {
    expect(paths(page('<ul><li>one<div>two<li>three</ul>'))).toEqual(['ul', 'ul>li', 'ul>li>div', 'ul>li']);
  });

  it('an open list item with a <p> in it before the next one, and an <a> with an inline element open in it', () => {
    expect(paths(page('<ul><li><p>one<li>two</ul>'))).toEqual(['ul', 'ul>li', 'ul>li>p', 'ul>li']);
    expect(paths(page('<a href="/1"><span>one<a href="/2">two</a>'))).toEqual(['a', 'a>span', 'a']);
  });

  it('an open <button> before the next one', () => {
    expect(paths(page('<button>one<button>two</button>'))).toEqual(['button', 'button']);
  });

  it('a <p> before a <li> or <dd>', () => {
    expect(paths(page('<p>one<li>item</li>'))).toEqual(['p', 'li']);
  });
});

describe('LightDocument', () => {
  const documentOf = (html: string) => new LightDocument(treeOf(html)) as unknown as Document;

  it('matches selectors against the whole document and keeps what is below the element, as the DOM does', () => {
    const document = documentOf(page('<div id="a"><section><span class="p">1</span></section></div><span class="p">2</span>'));
    const section = document.querySelector('section')!;
    expect([...section.querySelectorAll('div span.p')].map((element) => element.textContent)).toEqual(['1']);
    expect([...document.querySelectorAll('#a .p, body > .p')].map((element) => element.textContent)).toEqual(['1', '2']);
    expect([...document.body.querySelectorAll(':scope > *')].map((element) => element.tagName)).toEqual(['DIV', 'SPAN']);
    expect(document.querySelector('span')!.closest('#a')?.tagName).toBe('DIV');
    expect(document.querySelector('span')!.parentElement?.tagName).toBe('SECTION');
  });

  it('matches classes and ids without regard to case in quirks mode only', () => {
    expect(documentOf(page('<div class="Price" id="Main">x</div>')).querySelector('.price, #main')).toBeNull();
    expect(documentOf(page('<div class="Price" id="Main">x</div>', '')).querySelectorAll('.price, #main')).toHaveLength(1);
  });

  it('reads attributes, text and the title as the DOM gives them', () => {
    const document = documentOf('<!DOCTYPE html><html><head><title>\n  Kettle   &amp; cup </title></head><body><p data-x="a &amp; b">one <b>two</b></p></body></html>');
    const p = document.querySelector('p')!;
    expect(document.title).toBe('Kettle & cup');
    expect(p.getAttribute('DATA-X')).toBe('a & b');
    expect(p.getAttribute('constructor')).toBeNull();
    expect(p.hasAttribute('data-x')).toBe(true);
    expect(p.textContent).toBe('one two');
    expect(p.children).toHaveLength(1);
  });

  it('lowercases attribute names as HTML does: ASCII letters only, the first of two names that differ by case kept', () => {
    // The DNS and Eksmo shop pages (ya_parser, 2014) have broken quoting that leaves Cyrillic attribute
    // names such as Мира="" and Эксмо""="": DOMParser keeps their case.
    const tree = treeOf(page('<p Мира="" Эксмо""="" DATA-X="1" CLASS="a" class="b">x</p>'));
    const p = tree.elements.find((element) => element.name === 'p')!;
    expect(p.attribs).toEqual({ 'Мира': '', 'Эксмо""': '', 'data-x': '1', class: 'a' });
    expect(Object.keys(p.attribs)).toEqual(['Мира', 'Эксмо""', 'data-x', 'class']);
    const document = documentOf(page('<p Мира="1" DATA-X="2">x</p>'));
    expect(document.querySelector('p')!.getAttribute('Мира')).toBe('1');
    expect(document.querySelector('p')!.getAttribute('мира')).toBeNull();
    expect(document.querySelector('p')!.getAttribute('Data-X')).toBe('2');
  });
});

describe('readWithoutDomParser', () => {
  it('declines the kettle, an other store’s page: the DOMParser reader reads it with the page model, as a visit does', () => {
    const html = kettlePage('44.90');
    expect(readWithoutDomParser(slimServedPage(html), KETTLE_URL)).toEqual({ detection: null, fallback: expect.stringContaining('page model') });
    expect(readServedPage(html, KETTLE_URL).product?.price).toEqual({ currency: 'EUR', minMinor: 4490, maxMinor: 4490 });
  });

  it('reads the Amazon page from its markup (no structured data on it)', () => {
    const html = readFileSync(join(__dirname, '../../fixtures/pages/amazon-1937785734.html'), 'utf8');
    const light = readWithoutDomParser(slimServedPage(html), 'https://www.amazon.com/Node-js-Right-Way-Server-Side-JavaScript/dp/1937785734');
    expect(light.detection?.product).toMatchObject({ key: 'amazon:1937785734', price: { currency: 'USD', minMinor: 1598, maxMinor: 1598 }, shopName: 'Amazon.com' });
  });

  it('falls back when no price is read, and when the tree is declined', () => {
    const html = readFileSync(join(__dirname, '../../fixtures/pages/amazon-1937785734.html'), 'utf8');
    expect(readWithoutDomParser(slimServedPage(html), 'https://www.amazon.com/dp/1937785734')).toMatchObject({ fallback: null });
    const withoutPrice = page('<span id="productTitle">Node.js the Right Way</span>');
    expect(readWithoutDomParser(withoutPrice, 'https://www.amazon.com/dp/1937785734')).toEqual({ detection: null, fallback: expect.stringContaining('no price read') });
    const declined = html.replace(/<body[^>]*>/, (body) => `${body}<table><div>x</div></table>`);
    expect(readWithoutDomParser(slimServedPage(declined), 'https://www.amazon.com/dp/1937785734')).toEqual({ detection: null, fallback: expect.stringContaining('fostered out of a table') });
  });
});

describe('readWithoutDomParser never throws', () => {
  it('answers with a fallback (DOMParser reads the page) when anything in it fails', () => {
    expect(readWithoutDomParser(page('<span id="productTitle">x</span>'), 'not an address')).toEqual({ detection: null, fallback: expect.stringContaining('the light tree failed') });
  });
});
