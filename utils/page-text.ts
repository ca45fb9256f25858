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

