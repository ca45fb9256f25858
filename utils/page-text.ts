import { parsePrice } from './price';
import type { Price } from './product';

/** Collapses whitespace and trims; empty becomes null. Long text is cut, not rejected. */
export function cleanText(text: string | null | undefined, max = 500): string | null {
  const clean = text?.replace(/\s+/g, ' ').trim();
  if (!clean) return null;
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** Text of the first element, trying selectors in priority order (not document order). */
export function firstText(root: ParentNode, selectors: readonly string[]): string | null {
  for (const selector of selectors) {
    const text = cleanText(root.querySelector(selector)?.textContent);
    if (text) return text;
  }
  return null;
}

/** The first non-empty attribute among `attributes` on the first element matching each selector in turn. */
export function firstAttr(root: ParentNode, selectors: readonly string[], attributes: readonly string[]): string | null {
  for (const selector of selectors) {
    const element = root.querySelector(selector);
    if (!element) continue;
    for (const attribute of attributes) {
      const value = cleanText(element.getAttribute(attribute), 2000);
      if (value) return value;
    }
  }
  return null;
}

// A list price shown struck through, or a price panel the store hides, is not the price.
const STRUCK = 'del, s, strike, .a-text-strike, [data-a-strike], [class*="originPrice"], [class*="OriginPrice"], [class*="--strike"], [style*="line-through"]';
const HIDDEN = '[hidden], .tb-hidden, .hidden, [style*="display: none"], [style*="display:none"]';

/** The first price shown (not struck through, not hidden) in elements matching the selectors, in priority order. */
export function firstPrice(root: ParentNode, selectors: readonly string[], currency: string): Price | null {
  for (const selector of selectors) {
    const elements = root.querySelectorAll(selector);
    for (let i = 0; i < elements.length && i < 10; i++) {
      const element = elements[i]!;
      if (element.closest(STRUCK) || element.closest(HIDDEN)) continue;
      const price = parsePrice(element.textContent, currency);
      if (price) return price;
    }
  }
  return null;
}


/** Letters and digits only, lower case, full-width folded: `Example Shop GmbH` and `example-shop` compare. */
const comparable = (text: string): string => text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** Whether `part` of a title names the store: it contains one of `names`, or is most of one. */
function namesStore(part: string, names: readonly string[]): boolean {
  const text = comparable(part);
  if (!text) return false;
  return names.some((raw) => {
    const name = comparable(raw);
    if (name.length < 3) return false;
    if (text.includes(name)) return text.length <= 3 * name.length + 10;
    return name.includes(text) && text.length >= 4 && 2 * text.length >= name.length;
  });
}

// Where a store joins its name to the product's: ` | `, ` - `, ` – `, ` — `, ` · `, ` » `, `｜`, `：`, `: `, `_`, `【`.
const SEPARATOR = /\s+[-–—|·»]\s+|\s*[|｜：_【]\s*|:\s+/g;

/**
 * The product's own name from a page title that may carry the store's: `Kettle | Example Shop`,
 * `Kettle - Example Shop`, `电水壶：某某旗舰店`, `电水壶_某某`, `电水壶【某某旗舰店】`, or `Example Shop: Kettle`.
 * A part is cut only when it names the store (`storeNames`: og:site_name, the domain's name), so a product
 * name with a dash in it stays whole; without such a match only the store module's own `suffix` is cut.
 */
export function productTitle(title: string | null | undefined, storeNames: readonly (string | null | undefined)[], suffix?: RegExp): string | null {
  const text = cleanText(title);
  if (!text) return null;
  const names = storeNames.filter((name): name is string => Boolean(name));
  const separators = [...text.matchAll(SEPARATOR)];
  const last = separators.at(-1);
  if (last?.index && namesStore(text.slice(last.index + last[0].length), names)) return text.slice(0, last.index);
  const first = separators[0];
  if (first?.index && namesStore(text.slice(0, first.index), names)) return text.slice(first.index + first[0].length) || text;
  return (suffix && cleanText(text.replace(suffix, ''))) || text;
}
