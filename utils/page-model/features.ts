import type { Price } from '../product';
import { readMoney } from './money';
import { cartControls, shortText, spacedText, inPageLink, inSiteChrome, namesAround, namesOf, overlap, screenReaderOnly, skippedTag, tokens, TreeIndex, visibilityOf, withinAncestor } from './page-signals';

/*
 * The page model's candidates and their features. Every feature is a number, mostly 0 or 1, named in
 * the *_FEATURES lists below; the weights (utils/page-model/weights.ts) are fitted on the training pages
 * by tests/tools/train-page-model.ts over exactly these lists, so the two must stay in step.
 */

export const TITLE_FEATURES = ['h1', 'h2or3', 'docTitleOverlap', 'docTitleCovers', 'ogTitleOverlap', 'inLink', 'inChrome', 'early', 'hasMoney'] as const;
export const PRICE_FEATURES = ['priceName', 'saleName', 'oldName', 'inLink', 'inChrome', 'nearTitle', 'firstAfterTitle', 'perUnitWords', 'oldWords', 'inCards'] as const;
export const PAGE_FEATURES = [
  'cart',
  'cartMany',
  'quantityInput',
  'titleScore',
  'titleMatchesDoc',
  'h1Count1',
  'loosePrices',
  'pathHome',
  'pathListing',
  'pathProduct',
  'bestPriceScore',
  'bestPriceInCards',
  'article',
] as const;

export type FeatureVector<Names extends readonly string[]> = Record<Names[number], number>;

export interface TitleCandidate {
  element: Element;
  text: string;
  features: FeatureVector<typeof TITLE_FEATURES>;
}

export interface PriceCandidate {
  element: Element;
  text: string;
  price: Price;
  /** pairedHigher (the higher of two prices side by side) is not scored (fitted, its weight was 0), but read by "first after the title" and reconciliation. */
  features: FeatureVector<typeof PRICE_FEATURES> & { pairedHigher: number };
}

/** Everything the model reads from one page, before any weight is applied. */
export interface PageSignals {
  body: Element;
  index: TreeIndex;
  carts: Element[];
  /** Distinct links that hold a price, outside the site's furniture: a listing's product cards. */
  pricedCards: number;
  titles: TitleCandidate[];
  /** Prices depend on which title was chosen (near it, after it): computed for a given title. */
  pricesFor: (title: Element | null) => PriceCandidate[];
  /** The amounts the page strikes through (list prices: never candidates, but reconciliation asks for them). */
  struckPrices: () => Price[];
  pageFeatures: (title: TitleCandidate | null, titleScore: number, bestPriceScore: number, bestPrice: PriceCandidate | null) => FeatureVector<typeof PAGE_FEATURES>;
}

const TITLE_NAMES = /(?:product|item|pdp|goods)[-_]?(?:title|name|heading)|title|(?:^|\s)name(?:\s|$)/;
// Struck-through, "was", "compare at", "RRP": a list price, not what the shopper pays.
const OLD_NAMES = /old|was|compare|regular|list[-_]?price|strike|original|msrp|rrp|before|crossed|retail|uvp|reference|previous/;
const PRICE_NAMES = /price|preis|prix|precio|prezzo|prijs|cena|pris|价|価/;
// An amount with cents and no currency sign ("69.<sup>99</sup>"), counted as a price only in a box named as one.
const BARE_AMOUNT = /^\d{1,3}(?:[.,\s]\d{3})*[.,]\d\d$/;
const SALE_NAMES = /sale|current|final|now|special|offer|actual|selling|our[-_]?price|price[-_]?now|amount/;
// A price per unit, a saving, shipping, or a price without tax ("税抜", "+消費税120円", "excl. VAT", "zzgl. MwSt", "hors taxes"): not what the
// shopper pays. A starting price ("From €70.50", "$960 起") is one to pay: the lowest of the variants.
const PER_UNIT = /\/\s*(?:mo|month|week|yr|night|kg|g|l|ml|m|100|st|stk|pc)\b|per\s+(?:month|kg|unit|item)|\bsave\b|\bspare\b|\boff\b|%|\bship|versand|livraison|envío|delivery|\bfree\b|gratis|€\s*\/|\bvs\b|pro\s+(?:kg|liter|stück)|税抜|消費税|\bexcl\.?\s*(?:vat|tax)|zzgl\.?\s*mwst|hors\s+tax/i;
const NET_NAMES = /excl[\w-]*(?:tax|vat)|(?:tax|vat)[-_]?ex|netto/;
// A label that ends by naming what follows as shipping, an instalment or a rate ("Versandkosten:" in the <dt>
// before its <dd>, "4x" before one of four payments, "10x de", "Shipping:"): the amount after it is not the price.
// "Free shipping" before a price is a promise beside it, not its label.
const LABEL_NOT_PRICE = /(?<!\b(?:free|gratis|kostenlos|gratuite?)\s)(?:\b\d{1,2}\s?[x×](?:\s?de)?|ship\w*|versand\w*|livraison|env[ií]o|delivery|frete|spedizione|verzend\w*|доставка|送料|运费|instal+ments?|raten|cuotas|parcelas|monthly)\s*:?\s*$/i;
// A monthly rate in a price's own text ("$24.96/mo.", "As low as $37 a month", "€ 12 / Monat", "12 kuud: 146,70 €"): never the product's price.
export const MONTHLY =
  /\/\s*(?:mo|mth|month|monat|mois|mes|mese|mnd|mies|kk|kuu)\b|\b(?:per|a)\s+month\b|\bmonthly\b|\bmonatlich\b|\bmtl\b|\bpar\s+mois\b|\bal\s+mes\b|\bal\s+mese\b|\bmiesięcznie\b|\b\d+\s*(?:months|monate|mois|meses|mesi|kuud|kk|raten|rat)\b|每月|月々/i;
// A rate per night ("Preis/Nacht 88,00 €", "$220 Per Night", "par nuit"): a rental or a hotel, not a product at a price.
const NIGHTLY = /(?:\/\s*|per\s+|\b(?:pro|par|por|a|la)\s+)(?:night|nacht|nuit|noche|notte|noc|nat)\b|\bnightly\b|\/泊|1泊/i;
const STRUCK_TAGS = new Set(['DEL', 'S', 'STRIKE']);
// Words that name a list price in the price's own text ("was $160", "UVP 149,99 €", "RRP £55").
const OLD_WORDS = /\b(?:was|were|list|rrp|msrp|uvp|statt|avant|invece|before|compare|regular|retail|originally)\b|价格原/i;
// A currency sign or code right before or after a number.
const CURRENCY_MARK = String.raw`(?:US\$|C\$|CA\$|A\$|AU\$|HK\$|NT\$|S\$|R\$|\$|€|£|¥|￥|₩|₹|₽|₪|₸|₴|₺|₫|฿|₱|CHF|USD|EUR|GBP|JPY|CNY|RMB|CAD|AUD|SEK|NOK|DKK|PLN|CZK|HUF|RON|HRK|BYN|KZT|SAR|AED|INR|PKR|zł|Kč|Ft|kr\.?|Kn|kn|lei|Lei|Rs\.?|Rp|RM|TL|тг\.?|б\.\s?р\.|руб\.?|р\.|грн\.?|лв\.?|ر\.س|د\.إ|元|円|원)`;
const MONEY = new RegExp(String.raw`${CURRENCY_MARK}\s?\d|\d(?:[\d.,'\s\u00a0\u202f]*\d)?\s?${CURRENCY_MARK}`);

const near = (distance: number): number => 1 / (1 + distance / 2);

const EMPHASIS_TAGS = new Set(['B', 'STRONG', 'FONT']);
// A heading's trailing item code ("Холодильник BEKO RCSK 310M20S Код: 73556", "… SKU: 12-345") is no part of the name.
// So is an item number alone ("… Dispenser #00076723"); a short number ("Set #2") is the name's.
const CODE_LABEL = /\s+(?:(?:код|артикул|sku|art(?:ikel)?\.?[-\s]?nr\.?|item\s*(?:no\.?|#)|product\s+code|model\s+(?:no\.?|number)|réf(?:érence)?\.?|ref\.?|código|cod\.?|货号|商品编号|品番)\s*[:#：]\s*[\p{L}\p{N}./-]+|#\d{5,})$/iu;
const withoutCodeLabel = (text: string): string => text.replace(CODE_LABEL, '');
// A heading that counts search results ("3 results for "Light Bulbs"", "125 Treffer") is a listing's, not a product's name.
const RESULTS = /^[\d.,\s]+(?:r[eéi]sult\w*|treffer|wyników)\b/i;

// Where title candidates may be: found by the browser's selector engine, not by testing every element.
// Case-sensitive on purpose (the `i` flag made this one query 11 ms of a 1.4 MB page's 30), and few
// selectors: Chromium tries each on every element ("itle" finds title and Title, "ame" name and Name;
// elements named otherwise are left out below by TITLE_NAMES).
const TITLE_SELECTOR = 'h1, h2, h3, [class*="itle"], [id*="itle"], [class*="ame"], [id*="ame"], [itemprop="name"], [data-testid*="title"]';

/** Title candidates: headings and elements named like a product title, with short text of their own. */
function titleCandidates(found: Iterable<Element>, shown: (element: Element) => boolean, index: TreeIndex, docTitle: ReadonlySet<string>, docTitleText: string, ogTitle: ReadonlySet<string>): TitleCandidate[] {
  const docWords = tokens(docTitleText).length;
  const candidates: TitleCandidate[] = [];
  for (const element of found) {
    if (!shown(element) || screenReaderOnly(element)) continue;
    const tag = element.tagName;
    const heading = tag === 'H1' || tag === 'H2' || tag === 'H3';
    const named = !heading && element.childElementCount <= 3 && TITLE_NAMES.test(namesOf(element));
    // Pages without headings (older shops) set the name in bold or a large font: such text counts only
    // when the page's <title> names it.
    const emphasis = !heading && !named && EMPHASIS_TAGS.has(tag);
    if (!heading && !named && !emphasis) continue;
    const text = withoutCodeLabel(spacedText(element));
    if (text.length < 2 || text.length > 250 || RESULTS.test(text)) continue;
    if (emphasis && (text.length < 4 || overlap(text, docTitle) < 0.75)) continue;
    const ownWords = tokens(text).length;
    candidates.push({
      element,
      text,
      features: {
        h1: tag === 'H1' ? 1 : 0,
        h2or3: tag === 'H2' || tag === 'H3' ? 1 : 0,
        docTitleOverlap: overlap(text, docTitle),
        // The page's <title> is mostly the product's name plus the store's: a heading covering most of it is the name.
        docTitleCovers: docWords > 0 ? Math.min(1, (ownWords * overlap(text, docTitle)) / docWords) : 0,
        // og:title names the page's own subject on most shops, often without the store's name.
        ogTitleOverlap: overlap(text, ogTitle),
        inLink: inPageLink(element) ? 1 : 0,
        inChrome: inSiteChrome(element) ? 1 : 0,
        early: 1 - index.position(element),
        // A heading that also holds the price (its price box is left out of the text) or a location is more than the name.
        hasMoney: MONEY.test(shortText(element, 300) ?? text) ? 1 : 0,
      },
    });
  }
  return candidates;
}

/**
 * Elements with an own text node that holds a digit or a currency sign (a price split over
 * <span>$</span><span>19</span> is caught at its parent by moneyElements), in the order of the page. A walk
 * over text nodes: asking each of 18,000 elements for its children cost more than the rest of the model.
 */
function textHolders(body: Element): Set<Element> {
  const holders = new Set<Element>();
  const walker = body.ownerDocument.createTreeWalker(body, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent && parent !== body && /[\d$€£¥￥₩₹]/.test(node.nodeValue ?? '')) holders.add(parent);
  }
  return holders;
}

/** Elements whose short text shows an amount with a currency; each price once, at its smallest wrapper. */
function moneyElements(holders: readonly Element[], shown: (element: Element) => boolean): Element[] {
  const found: Element[] = [];
  const taken = new Set<Element>();
  const take = (at: Element) => {
    if (!taken.has(at)) {
      taken.add(at);
      found.push(at);
    }
  };
  for (const element of holders) {
    if (!shown(element)) continue;
    // Climb while the text stays short: the smallest element holding the whole amount and its currency; a
    // bare amount in a box named as a price only when no box up the climb shows a currency with it.
    let bare: Element | null = null;
    let at: Element | null = element;
    for (let level = 0; at && level < 3; level++, at = at.parentElement) {
      if (at.childElementCount > 6) break;
      const text = shortText(at, 60);
      if (text === null) break;
      const spaced = text.replace(/\s+/g, ' ');
      if (MONEY.test(spaced)) {
        take(at);
        bare = null;
        break;
      }
      if (!bare && BARE_AMOUNT.test(spaced.trim()) && PRICE_NAMES.test(namesOf(at))) bare = at;
    }
    if (bare) take(bare);
  }
  // Keep the innermost of nested matches (a wrapper adds nothing but distance).
  return found.filter((element) => !found.some((other) => other !== element && element.contains(other)));
}

/**
 * The short text just before a price in its box, its label: the siblings before it (text and elements), or
 * when it stands alone in its box, the box's own siblings before it (a <dd>'s <dt>), one level up at most.
 */
function labelBefore(element: Element): string {
  for (let at: Element | null = element, level = 0; at && level < 2; level++, at = at.parentElement) {
    let label = '';
    for (let node = at.previousSibling; node && label.length < 40; node = node.previousSibling) {
      // Text and elements the model reads as the page's: a comment's or a script's text is no label on screen.
      if (node.nodeType === 3) label = (node.nodeValue ?? '') + label;
      else if (node.nodeType === 1 && !skippedTag(node as Element)) label = (shortText(node as Element, 40) ?? '') + label;
    }
    if (label.trim()) return label.replace(/\s+/g, ' ').slice(-40);
  }
  return '';
}

/** Struck through by its tag or its own style, within a few levels: a list price. */
const struck = (element: Element): boolean => withinAncestor(element, 4, (at) => STRUCK_TAGS.has(at.tagName) || /line-through/i.test(at.getAttribute('style') ?? ''));
const priceText = (element: Element): string => (shortText(element, 60) ?? '').replace(/\s+/g, ' ').trim();

function priceCandidates(money: readonly Element[], title: Element | null, index: TreeIndex, currency: string, lang: string, inCards: (element: Element) => boolean): PriceCandidate[] {
  const candidates: PriceCandidate[] = [];
  const titleAt = title ? index.position(title) : 0;
  for (const element of money) {
    if (struck(element)) continue;
    const text = priceText(element);
    const price = readMoney(text, currency, lang);
    if (!price) continue;
    const oldWords = OLD_WORDS.test(text) ? 1 : 0;
    const names = namesAround(element, 3);
    // A box named as the price without tax (Magento's `price-excluding-tax`) counts as such words.
    const perUnitWords = PER_UNIT.test(text) || MONTHLY.test(text) || NIGHTLY.test(text) || NET_NAMES.test(names) || LABEL_NOT_PRICE.test(labelBefore(element)) ? 1 : 0;
    candidates.push({
      element,
      text,
      price,
      features: {
        priceName: PRICE_NAMES.test(names) ? 1 : 0,
        saleName: SALE_NAMES.test(names) ? 1 : 0,
        oldName: OLD_NAMES.test(names) ? 1 : 0,
        inLink: inPageLink(element) ? 1 : 0,
        inChrome: inSiteChrome(element) ? 1 : 0,
        nearTitle: title ? near(TreeIndex.distance(element, title)) : 0,
        firstAfterTitle: 0,
        perUnitWords,
        oldWords,
        pairedHigher: 0,
        inCards: inCards(element) ? 1 : 0,
      },
    });
  }
  // A list price and the price paid usually stand side by side: of such a pair, the higher is the list price.
  // Only neighbours in document order are compared: a page with hundreds of prices stays linear.
  candidates.forEach((candidate, at) => {
    for (const other of candidates.slice(Math.max(0, at - 2), at + 3)) {
      // A saving ("Save $6.00") or a monthly rate beside the price is no list price.
      if (other === candidate || other.price.currency !== candidate.price.currency || other.features.perUnitWords || candidate.features.perUnitWords) continue;
      if (TreeIndex.distance(candidate.element, other.element) > 4) continue;
      if (other.price.minMinor < candidate.price.minMinor) candidate.features.pairedHigher = 1;
    }
  });
  // The first price after the title that could be paid here: a "was" price (by its words or as the higher of
  // a pair), a saving, a monthly rate or another product's price in a link before it does not make the
  // price paid the second one.
  const first = title && candidates.find((c) => index.position(c.element) >= titleAt && !c.features.oldWords && !c.features.perUnitWords && !c.features.pairedHigher && !c.features.inLink);
  if (first) first.features.firstAfterTitle = 1;
  return candidates;
}

/**
 * Whether a price sits in one of three or more repeated sibling boxes (same tag and class) that each hold a
 * price and a link or a picture: a listing's product cards, a table of linked prices. Counted once per parent.
 */
function repeatedCards(body: Element, money: readonly Element[]): (element: Element) => boolean {
  const holdsMoney = new Set<Element>();
  for (const element of money) for (let at: Element | null = element; at && at !== body && !holdsMoney.has(at); at = at.parentElement) holdsMoney.add(at);
  // Per parent, how many of its children that hold a price are of each kind: counted once per parent.
  const kinds = new Map<Element, Map<string, number>>();
  const kindOf = (box: Element) => `${box.tagName} ${box.getAttribute('class') ?? ''}`;
  const isCard = (box: Element): boolean => {
    const parent = box.parentElement;
    if (!parent || parent.childElementCount < 3) return false;
    let counts = kinds.get(parent);
    if (!counts) {
      kinds.set(parent, (counts = new Map()));
      // A card links to its product or shows its picture: a price box's "List price", "Our price", "Save" lines are no cards.
      for (const child of parent.children) if (holdsMoney.has(child) && (child.matches('a[href]') || child.querySelector('a[href], img'))) counts.set(kindOf(child), (counts.get(kindOf(child)) ?? 0) + 1);
    }
    return (counts.get(kindOf(box)) ?? 0) >= 3;
  };
  return (element) => {
    let at: Element | null = element;
    for (let level = 0; at && at !== body && level < 8; level++, at = at.parentElement) if (isCard(at)) return true;
    return false;
  };
}

const LISTING_PATH = /\/(?:search|suche|recherche|buscar|cerca|zoeken|szukaj|cart|basket|bag|warenkorb|panier|carrito|carrello|checkout|kasse|categor(?:y|ies)|kategorie|catalog(?:ue)?|collections?|shop|store|brands?|tags?|c|l|b|sale|new|deals|offers)(?:\/|$)/i;
const PRODUCT_PATH = /\/(?:products?|produkte?|produit|producto|prodotto|artikel|article|item|items|p|dp|pd|goods|detail|sku)(?:\/|$|[-_])|[-_/]p?\d{4,}(?:[./-]|$)|\.html?$/i;
// The same words inside a segment or a query's names, as shop systems write them ("CategoryDisplay?categoryId=…",
// "ProductDisplay?productId=…", "search.php?q=…"): each word of the address, camelCase split.
const LISTING_WORDS = /^(?:search|category|categories|catalog|catalogue|collection|collections|listing|results|browse|q|query|keywords?|kategorie|suche)$/;
const PRODUCT_WORDS = /^(?:product|products|produkt|item|sku|pid|goods|detail|details|dp)$/;
const addressWords = (url: URL): string[] => {
  let address = url.pathname;
  // forEach, not keys(): URLSearchParams iterators fail in Firefox content scripts.
  url.searchParams.forEach((_, name) => (address += ` ${name}`));
  return address
    .replace(/([a-z])(?=[A-Z])/g, '$1 ')
    .toLowerCase()
    .split(/[^a-z]+/);
};
// A news or blog article or a press release, as a reader tells one (og:type article, a publication date, a
// dated address): no shop's product page, whatever it names and prices.
const ARTICLE = 'meta[property="og:type"][content*="article"], [itemprop="datePublished"], time[pubdate], meta[property="article:published_time"]';
const DATED_PATH = /\/(?:19|20)\d\d\/?(?:0[1-9]|1[0-2])\//;

/** Reads the page once: candidates, and the page-level features that say whether it shows one product. */
export function readSignals(document: Document, url: URL, currency: string): PageSignals | null {
  const body = document.body;
  if (!body) return null;
  const shown = visibilityOf(body);
  const carts = cartControls(body);
  // Bold and large-font text only on pages without an <h1> (older shops): elsewhere they are hundreds of labels.
  const titleElements = body.querySelectorAll(body.querySelector('h1') ? TITLE_SELECTOR : `${TITLE_SELECTOR}, b, strong, font[size]`);
  const holders = textHolders(body);
  // Positions are asked for title candidates and for prices, which sit at most two levels above a holder.
  const wanted = new Set<Element>(titleElements);
  for (const holder of holders) for (let at: Element | null = holder, level = 0; at && level < 3; level++, at = at.parentElement) wanted.add(at);
  const index = new TreeIndex(body, wanted);
  // A browser's document.title is the first <title> anywhere (pages wrapped in other markup put it in the body).
  const docTitleText = document.title || (document.querySelector('title:not(svg title)')?.textContent ?? '');
  const docTitle = new Set(tokens(docTitleText));
  const ogTitle = new Set(tokens(document.querySelector('meta[property="og:title"]')?.getAttribute('content') ?? ''));
  const titles = titleCandidates(titleElements, shown, index, docTitle, docTitleText, ogTitle);
  // In the order of the page's elements, as the pairs of prices side by side and "the first after the title" need.
  const money = moneyElements(
    [...holders].sort((a, b) => index.position(a) - index.position(b)),
    shown,
  );
  const inCards = repeatedCards(body, money);
  const h1Count = titles.filter((title) => title.features.h1 === 1).length;
  const cards = new Set<Element>();
  for (const element of money) {
    const link = element.closest('a[href]');
    if (link && !inSiteChrome(link)) cards.add(link);
  }
  const loosePrices = new Set(money.filter((element) => !inPageLink(element) && !inSiteChrome(element)).map((element) => (shortText(element, 60) ?? '').replace(/\D+/g, ''))).size;
  const path = url.pathname.replace(/\/+$/, '');
  const lang = document.documentElement?.getAttribute('lang') ?? '';
  const words = addressWords(url);
  const pathWithProduct = PRODUCT_PATH.test(url.pathname) || words.some((word) => PRODUCT_WORDS.test(word));
  const article = document.querySelector(ARTICLE) || DATED_PATH.test(url.pathname) ? 1 : 0;
  // A quantity box (by name, or a number input): read over the inputs alone, cheaper than a selector over the page.
  let quantity = 0;
  for (const input of body.getElementsByTagName('input')) if (/qty|quantity/i.test(input.getAttribute('name') ?? '') || /^number$/i.test(input.getAttribute('type') ?? '')) quantity = 1;
  return {
    body,
    index,
    carts,
    pricedCards: cards.size,
    titles,
    pricesFor: (title) => priceCandidates(money, title, index, currency, lang, inCards),
    struckPrices: () => money.filter(struck).flatMap((element) => readMoney(priceText(element), currency, lang) ?? []),
    pageFeatures: (title, titleScore, bestPriceScore, bestPrice) => ({
      cart: carts.length > 0 ? 1 : 0,
      // A listing offers "add to cart" on every card.
      cartMany: carts.length >= 4 ? 1 : 0,
      quantityInput: quantity,
      // Scores are tens of units; a tenth keeps every page feature near [-1, 1], where the fit is stable.
      titleScore: titleScore / 10,
      titleMatchesDoc: title ? title.features.docTitleCovers : 0,
      h1Count1: h1Count === 1 ? 1 : 0,
      // A price table (a category page of an older shop) lists many different amounts outside links and furniture.
      loosePrices: Math.min(1, loosePrices / 10),
      pathHome: path === '' || /^\/(?:[a-z]{2}(?:[-_][a-z]{2})?|index\.html?|home)$/i.test(path) ? 1 : 0,
      pathListing: (LISTING_PATH.test(url.pathname) || words.some((word) => LISTING_WORDS.test(word))) && !pathWithProduct ? 1 : 0,
      pathProduct: pathWithProduct ? 1 : 0,
      bestPriceScore: bestPriceScore / 10,
      // A listing's prices, the best one too, sit in repeated cards; a product page's own price does not.
      bestPriceInCards: bestPrice?.features.inCards ?? 0,
      article,
    }),
  };
}
