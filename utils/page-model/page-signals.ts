import { cleanText } from '../page-text';

/*
 * What the page model looks at, read from the DOM alone: tag names, attributes, text and the tree's
 * shape. No layout (getBoundingClientRect, computed styles): the same page gives the same answer in a
 * content script, in happy-dom (unit tests, `npm run detect`, the bench's accuracy figures) and in the
 * training script, so what is measured in Node is what runs in the browser.
 */

// Subtrees that never hold the product's own title, price or picture.
const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'IFRAME', 'X-IFRAME', 'OBJECT', 'SELECT', 'OPTION', 'HEAD']);
/** Whether the element is one of those subtrees (its text is never the page's own: scripts, styles, frames, menus). */
export const skippedTag = (element: Element): boolean => SKIP_TAGS.has(element.tagName.toUpperCase());
// Site furniture: navigation, footers, mini-carts, "you may also like" rails.
const CHROME_TAGS = new Set(['NAV', 'FOOTER', 'ASIDE', 'HEADER']);
const CHROME_WORDS = /(?:^|[\s_-])(?:footer|header|nav|navbar|navigation|menu|megamenu|breadcrumbs?|mini-?cart|cart-?drawer|drawer|recommend\w*|related|upsell|cross-?sell|carousel|slider|recently|also|newsletter|cookie\w*|modal|popup)(?:$|[\s_-])/i;

/** An element hidden by its own attributes (no layout is read, so CSS from stylesheets is not seen). */
export function hiddenByAttributes(element: Element): boolean {
  if (element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true') return true;
  const style = element.getAttribute('style');
  // A declaration's own name only: `-webkit-backface-visibility: hidden` (a rendering hint) hides nothing.
  return style !== null && /(?:^|[;\s])(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/** class, id, itemprop and data-testid of an element, as one lower-case string (what stores name things by). */
export const namesOf = (element: Element): string =>
  `${element.getAttribute('class') ?? ''} ${element.id} ${element.getAttribute('itemprop') ?? ''} ${element.getAttribute('data-testid') ?? ''}`.toLowerCase();

/** The names of an element and its nearest `levels` ancestors. */
export function namesAround(element: Element, levels: number): string {
  let names = '';
  let at: Element | null = element;
  for (let level = 0; at && level <= levels; level++, at = at.parentElement) names += ` ${namesOf(at)}`;
  return names;
}

/** Whether an ancestor within `levels` (or the element) matches. */
export function withinAncestor(element: Element, levels: number, test: (ancestor: Element) => boolean): boolean {
  let at: Element | null = element;
  for (let level = 0; at && level <= levels; level++, at = at.parentElement) if (test(at)) return true;
  return false;
}

// "Add to cart" in the languages of the stores Haowu meets, and the controls' usual names.
const CART_WORDS =
  /add(?:ing)?\s+to\s+(?:cart|bag|basket|trolley)|add\s+to\s+shopping|buy\s+(?:it\s+)?now|in\s+den\s+(?:warenkorb|einkaufswagen)|warenkorb\s+hinzuf|in\s+winkel(?:wagen|mand)|toevoegen\s+aan|ajouter\s+au\s+panier|a(?:ñ|n)adir\s+(?:al|a\s+la)\s+(?:carrito|cesta)|(?:aggiungi\s+al|metti\s+nel)\s+carrello|adicionar\s+ao\s+carrinho|dodaj\s+do\s+koszyka|l(?:ä|a)gg\s+i\s+varukorg|legg\s+i\s+handlekurv|l(?:æ|ae)g\s+i\s+kurv|do\s+ko(?:š|s)(?:í|i)ku|kos(?:á|a)rba|sepete\s+ekle|в\s+корзину|加入购物车|加入購物車|立即购买|立即購買|カートに入れる|カートに追加|장바구니/i;
// A buy control labelled by one verb alone ("Kupi", "Buy", "Kaufen", "Order now"): the whole label, not a word in a longer one.
const BUY_LABEL = /^\s*(?:buy|order\s+now|buy\s+it|purchase|kupi|kúpiť|koupit|kup(?:uj)?|kaufen|jetzt\s+kaufen|bestellen|comprar|acheter|acquista|compra|kopen|köp|kjøp|køb|osta|купить|купити|satın\s+al|购买|購買|購入|구매하기|place\s+in\s+(?:bag|basket|cart|bookbag))\s*!?\s*$/i;
const CART_NAMES = /add[-_]?to[-_]?(?:cart|bag|basket)|addtocart|add[-_]?cart|buy[-_]?now|product[-_]?form[-_]?submit|btn[-_]?cart|cart[-_]?add|atc[-_]?button|button[-_]?atc/i;

/**
 * The element's text, or null as soon as it is longer than `max` characters: never the whole text of a
 * large subtree (textContent of a page-sized wrapper, asked for every price on the page, was quadratic).
 */
export function shortText(element: Element, max: number): string | null {
  let text = '';
  const walk = (parent: Node): boolean => {
    for (let node = parent.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === 3) {
        text += node.nodeValue ?? '';
        // The source's indentation is no text on screen: collapsed before the text counts as too long.
        if (text.length > max && (text = text.replace(/\s+/g, ' ')).length > max) return false;
      } else if ((node as Element).tagName === 'SUP' && /\d$/.test(text) && /^\s*\d+\s*$/.test(node.textContent!)) {
        // Digits raised after a price's digits: two are its cents ($39<sup>99</sup>), given the decimal
        // mark the number does not use for grouping; others, or after cents already written, a footnote.
        const digits = node.textContent!.trim();
        if (digits.length === 2 && !/[.,]\d\d?$/.test(text)) text += (/[\d.,]*$/.exec(text)![0].includes('.') ? ',' : '.') + digits;
      } else if (node.nodeType === 1 && !walk(node)) return false;
    }
    return true;
  };
  return walk(element) ? text : null;
}

/** Buttons and links that put this product in the cart, outside the site's furniture. */
export function cartControls(body: Element): Element[] {
  const found: Element[] = [];
  // Boxes named "buy" stand in for buttons on some shops (mechta.kz: `<div class="aa_buy">Купить</div>`, a script's click).
  for (const control of body.querySelectorAll('button, input[type="submit"], input[type="button"], input[type="image"], [role="button"], a[href*="cart"], a[class*="btn"], a[class*="button"], a[class*="cta"], div[class*="buy"], span[class*="buy"], a img[alt]')) {
    // A button may be labelled by its value (`<button value="Place in Bookbag">` over a picture), a picture of
    // a button by its alt text (`<input type="image" alt="Add to bag">`, `<a><img alt="Buy!"></a>`).
    const tag = control.tagName;
    const label = `${control.getAttribute('value') ?? ''} ${(/^I(?:MG|NPUT)$/.test(tag) ? control.getAttribute('alt') : shortText(control, 80)) ?? ''}`;
    const byLabel = CART_WORDS.test(label) || BUY_LABEL.test(label);
    const byName = CART_NAMES.test(`${namesOf(control)} ${control.getAttribute('name') ?? ''} ${control.getAttribute('aria-label') ?? ''}`);
    // Such a box, or a picture, is a control only by its label: its name alone says no more than "a box about buying".
    const box = tag === 'DIV' || tag === 'SPAN' || tag === 'IMG';
    if (!byLabel && (box || !byName)) continue;
    if (withinAncestor(control, 12, (at) => hiddenByAttributes(at) || CHROME_TAGS.has(at.tagName))) continue;
    found.push(control);
  }
  return found;
}

// Whether an element itself is furniture, kept per element: every candidate asks about its ancestors.
const furniture = new WeakMap<Element, boolean>();
const isFurniture = (element: Element): boolean => {
  let known = furniture.get(element);
  if (known === undefined) furniture.set(element, (known = CHROME_TAGS.has(element.tagName) || CHROME_WORDS.test(namesOf(element))));
  return known;
};

/** Whether the element sits in the site's furniture (navigation, footer, recommendations) within a few levels. */
export const inSiteChrome = (element: Element): boolean => withinAncestor(element, 8, isFurniture);

/** Whether the element is inside a link to another page (listing cards link their title, price and picture). */
export const inPageLink = (element: Element): boolean =>
  withinAncestor(element, 6, (at) => at.tagName === 'A' && /^(?!#|javascript:)./i.test(at.getAttribute('href') ?? '') && !/\.(?:jpe?g|png|webp|avif|gif)(?:[?#]|$)/i.test(at.getAttribute('href') ?? ''));

/**
 * Positions in document order of the elements the model asks about (candidates and their near
 * ancestors), and their ancestors, for distances in the tree. One pass over the page's elements by index:
 * an index of all 18,000 elements of a 1.4 MB page (the list spread into an array, then a Map) cost more
 * than half the model's time in Chromium.
 */
export class TreeIndex {
  private readonly order = new Map<Element, number>();
  readonly size: number;

  constructor(body: Element, wanted: ReadonlySet<Element>) {
    const all = body.querySelectorAll('*');
    // Scripts, styles, <noscript> and inline SVG, with what they hold, are not counted: a background check
    // reads the page without them (slim-page.ts), and a position must not change with them ("early" would,
    // and the page's score). Their subtrees are skipped by size (a descendant selector cost 4 ms on 1.4 MB).
    const unseen = body.querySelectorAll('script, style, noscript, svg');
    let skipped = 0;
    let next = 0;
    for (let at = 0; at < all.length; at++) {
      const element = all[at]!;
      if (element === unseen[next]) {
        const inside = element.getElementsByTagName('*').length;
        skipped += 1 + inside;
        at += inside;
        while (next < unseen.length && (unseen[next] === element || element.contains(unseen[next]!))) next++;
      } else if (wanted.has(element)) this.order.set(element, at - skipped);
    }
    this.size = Math.max(1, all.length - skipped);
  }

  /** Where the element comes in the page, from 0 (first) to 1 (last); 1 when it was not asked for. */
  position(element: Element): number {
    return (this.order.get(element) ?? this.size) / this.size;
  }

  /** Hops up from `a` and from `b` to their nearest common ancestor (a measure of "near" without layout). */
  static distance(a: Element, b: Element): number {
    if (a === b) return 0;
    const up = new Map<Element, number>();
    let hops = 0;
    for (let at: Element | null = a; at; at = at.parentElement) up.set(at, hops++);
    hops = 0;
    for (let at: Element | null = b; at; at = at.parentElement, hops++) {
      const fromA = up.get(at);
      if (fromA !== undefined) return fromA + hops;
    }
    return 64;
  }
}

/**
 * Whether an element is shown as far as its own and its ancestors' attributes tell (SKIP_TAGS,
 * hiddenByAttributes), kept per element: only candidates are asked, and they share ancestors. A walk
 * over all 18,000 elements of a 1.4 MB page asking each for its attributes cost more than the rest of
 * the model.
 */
export function visibilityOf(body: Element): (element: Element) => boolean {
  const known = new Map<Element, boolean>();
  const shown = (element: Element): boolean => {
    if (element === body) return true;
    let answer = known.get(element);
    if (answer === undefined) {
      const parent = element.parentElement;
      answer = !skippedTag(element) && !hiddenByAttributes(element) && parent !== null && shown(parent);
      known.set(element, answer);
    }
    return answer;
  };
  return shown;
}

/** Lower-case word tokens (letters of any script, digits); CJK text is split per character. */
export function tokens(text: string): string[] {
  return (text.toLowerCase().match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}]+/gu) ?? []).filter((token) => token.length > 1 || /[^\p{ASCII}]/u.test(token));
}

/** The share of `text`'s tokens that `reference` also has (0 when either has none). */
export function overlap(text: string, reference: ReadonlySet<string>): number {
  const own = tokens(text);
  if (own.length === 0 || reference.size === 0) return 0;
  return own.filter((token) => reference.has(token)).length / own.length;
}

// Text for screen readers only, moved off the screen by a stylesheet the model does not read (zara's
// `<h1>Boots<span class="offleft"> Details</span></h1>` shows "Boots"; target's only `<h1 class="h-sr-only">`):
// the class names sites use for it, also behind a framework's prefix (`h-`, `u-`, `a-`).
const SCREEN_READER_ONLY = /(?:^|\s)(?:[a-z]+-)?(?:sr-only|visually-?hidden|screen-reader-(?:text|only)|off(?:-?screen|left)|a11y-hidden|hidden-visually|assistive-text|element-invisible)(?:\s|$)/i;
export const screenReaderOnly = (element: Element): boolean => SCREEN_READER_ONLY.test(element.getAttribute('class') ?? '');

/**
 * The element's text as a reader sees it, whitespace collapsed, cut at `max` characters: buttons,
 * hidden parts, screen-reader-only text and price boxes left out, and a space between two elements that follow each
 * other directly (`<span>DJUNGELSKOG</span><span>Soft toy</span>` is two words on screen) and for a line break.
 */
export function spacedText(element: Element, max = 300): string {
  let text = '';
  const walk = (parent: Element): void => {
    let previousWasElement = false;
    for (let node = parent.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === 3) {
        text += node.nodeValue ?? '';
        previousWasElement = false;
      } else if (node.nodeType === 1) {
        const child = node as Element;
        // A price box set inside the heading (`<h1>Bomber Jacket <span class="price">$24.99</span></h1>`) is no part of the name.
        if (skippedTag(child) || child.tagName === 'BUTTON' || hiddenByAttributes(child) || screenReaderOnly(child) || /price/.test(namesOf(child))) continue;
        // A line break is a space on screen (`HEART CLUB<br>Heart Button Knit Cardigan`).
        if (previousWasElement || child.tagName === 'BR') text += ' ';
        walk(child);
        previousWasElement = true;
      }
      if (text.length > max * 2) return;
    }
  };
  walk(element);
  return cleanText(text, max) ?? '';
}
