import { Document, Element, Text, type ParentNode } from 'domhandler';
import { Parser, type Handler } from 'htmlparser2';

/*
 * A served page's element tree built in Chrome's service worker, without the offscreen document's
 * DOMParser (issue 17's speed figure): htmlparser2's tokenizer, into domhandler's nodes, in the tree
 * the browser's parser would build, or no tree at all.
 *
 * htmlparser2 is not an HTML5 tree builder. Where the HTML standard's tree construction (§13.2.6)
 * would build something else than a plain nesting of the tags as written (a misnested or unclosed
 * formatting element re-opened by the adoption agency, content fostered out of a table, a `<p>`
 * closed from below other elements, head content after the head, anything after `</body>`, a
 * `<template>`, SVG or MathML, markup inside an `<iframe>`, quirks mode it cannot tell), this builder
 * stops and says why: the caller then parses the page with the browser's DOMParser after all. So a
 * tree it returns is the tree DOMParser builds, as far as the store readers can see (elements, their
 * attributes, parents and text), on the pages the parity test holds it to
 * (tests/e2e/price-read-parity.e2e.ts: every real page and hand-made fixture).
 */

/** An element with its place in document order: `order` is its index, `end` its last descendant's. */
export class TreeElement extends Element {
  order = 0;
  end = 0;
}

export interface LightTree {
  document: Document;
  /** Every element, in document order. */
  elements: TreeElement[];
  html: TreeElement | null;
  head: TreeElement | null;
  body: TreeElement | null;
  /** Quirks mode: class and id selectors match without regard to case, as the browser does. */
  quirks: boolean;
}

export type BuiltTree = { tree: LightTree; unsure: null } | { tree: null; unsure: string };

const set = (names: string) => new Set(names.split(' '));

/** Elements HTML parses as void (never on the stack). */
const VOID = set('area base basefont bgsound br col embed frame hr img input keygen link meta param source track wbr');
/** What the head may hold (as parsed with scripting disabled, as DOMParser does). */
const HEAD_OK = set('meta link title style script base basefont bgsound noframes');
/** End tags the tree builder leaves out itself ("generate implied end tags"). */
const OPTIONAL_END = set('p li dd dt option optgroup rb rp rt rtc');
const TABLE_PARTS = set('caption colgroup col tbody thead tfoot tr td th');
const TABLE_CLOSERS = set('table tbody thead tfoot tr caption colgroup');
/** Where, as the current node, any other element or text would be fostered out of the table. */
const TABLE_CONTEXT = set('table tbody thead tfoot tr');
const IN_TABLE_OK = set('caption colgroup col tbody thead tfoot tr td th script style');
/** Formatting elements: closed out of order, or implicitly, the adoption agency rebuilds them. */
const FORMATTING = set('a b big code em font i nobr s small strike strong tt u');
/** Start tags that close an open `<p>` in button scope. */
const CLOSES_P = set(
  'address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer form header hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 h5 h6 pre listing li dd dt table hr xmp',
);
const HEADINGS = set('h1 h2 h3 h4 h5 h6');
/**
 * Start tags for which htmlparser2 closes every open form control (its `formTags`: a `<button>`,
 * `<select>`, `<datalist>`, `<option>` …), where HTML closes only an open `<button>` for a `<button>`:
 * `<button><label>…</label><input></button>` keeps the input inside the button in a browser.
 */
const CLOSES_FORM_CONTROLS = set('input select output button datalist textarea');
/** HTML's "special" elements (§13.2.4.2), less the ones this builder never follows. */
const SPECIAL = set(
  'address applet area article aside base basefont bgsound blockquote body br button caption center col colgroup dd details dir div dl dt embed fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input keygen li link listing main marquee menu meta nav noembed noframes noscript object ol p param plaintext pre script search section select source style summary table tbody td template textarea tfoot th thead title tr track ul wbr xmp',
);
/**
 * End tags that pop every element open inside theirs (HTML's "generate implied end tags, then pop until"),
 * where htmlparser2 does the same. Not headings (`</h1>` closes an open `<h2>` in HTML) nor inline elements
 * (`</span>` is ignored in HTML while a `<div>` inside it is open).
 */
const BLOCK_END = set(
  'address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer header hgroup listing main menu nav ol pre search section summary ul p li dd dt td th caption',
);
const LISTS = set('ul ol menu');
const BUTTON_SCOPE_LIMITS = set('applet caption html table td th marquee object template button');
/** Elements this builder does not follow at all: foreign content, templates, framesets, parser oddities. */
const NOT_FOLLOWED = set('svg math template frameset frame plaintext image isindex noscript');
/** Raw text in HTML, but markup for htmlparser2: only an empty one is the same. */
const RAW_IN_HTML = set('iframe noembed noframes');

/** The elements whose open count the checks ask about. */
const COUNTED = set('a p li dd dt form nobr button select table');

const isWhitespace = (text: string) => /^[\t\n\f\r ]*$/.test(text);

/**
 * Whether a doctype puts the document in quirks mode, or null when this builder cannot tell (HTML
 * §13.2.6.4.1: the public and system identifiers decide).
 */
function quirksOf(doctype: string | null): boolean | null {
  if (doctype === null) return true;
  const text = doctype.replace(/\s+/g, ' ').trim().toLowerCase();
  if (text === '!doctype html') return false;
  const hasSystemId = /"[^"]*"\s*(?:'|")/.test(text) || /'[^']*'\s*(?:'|")/.test(text);
  if (text.includes('//w3c//dtd xhtml 1.0 ') || text.includes('//w3c//dtd html 4.01//')) return false;
  if (text.includes('//w3c//dtd html 4.01 transitional//') || text.includes('//w3c//dtd html 4.01 frameset//')) return !hasSystemId;
  return null;
}

class Unsure extends Error {}

const ASCII_ONLY = /^[^\u0080-\u{10ffff}]*$/u;
const ASCII_UPPER = /[A-Z]/;

/** HTML's "ASCII lowercase": A–Z only, as the tokenizer lowercases names (String's toLowerCase lowercases every script). */
export const asciiLowercase = (name: string): string => name.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());

/**
 * The attributes as HTML's tokenizer keeps them from htmlparser2's, which were read with their case
 * (`lowerCaseAttributeNames: false`): names ASCII-lowercased, and of names that are then the same, the first.
 */
function htmlAttributes(parsed: Record<string, string>): Record<string, string> {
  // Most pages write every name in lower case: their attributes are kept as parsed, with no copy per element.
  let upper = false;
  for (const name in parsed) if ((upper = ASCII_UPPER.test(name))) break;
  if (!upper) return parsed;
  const attribs: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    const key = asciiLowercase(name);
    if (!Object.hasOwn(attribs, key)) attribs[key] = value;
  }
  return attribs;
}

/** Builds the tree, throwing Unsure where the browser's tree could differ. */
class TreeBuilder implements Partial<Handler> {
  readonly document = new Document([]);
  readonly elements: TreeElement[] = [];
  readonly stack: TreeElement[] = [];
  /** How many of each element are open (only the names the checks ask about). */
  private readonly open = new Map<string, number>();
  /** Elements closed implicitly since the last tag: by an end tag further out, or a start tag. */
  private implied: string[] = [];
  private doctype: string | null = null;
  private seenElement = false;
  private afterBody = false;
  html: TreeElement | null = null;
  head: TreeElement | null = null;
  body: TreeElement | null = null;
  quirks = false;

  /** htmlparser2's own stack of open tag names, current first: kept in step with `stack` when this builder closes elements itself. */
  private parserStack: string[] = [];

  private count = (name: string) => this.open.get(name) ?? 0;
  private top = (): string | undefined => this.stack.at(-1)?.name;
  private parent = (): ParentNode => this.stack.at(-1) ?? this.document;

  private append(node: TreeElement | Text): void {
    const parent = this.parent();
    const previous = parent.children.at(-1) ?? null;
    node.parent = parent;
    node.prev = previous;
    if (previous) previous.next = node;
    parent.children.push(node);
  }

  onprocessinginstruction(name: string, data: string): void {
    if (name.toLowerCase() === '!doctype' && !this.seenElement && this.doctype === null) this.doctype = data;
  }

  onparserinit(parser: Parser): void {
    this.parserStack = (parser as unknown as { stack: string[] }).stack;
  }

  onopentagname(name: string): void {
    // htmlparser2 lowercases every letter of a name, HTML only A–Z: a name with any other letter could differ.
    if (!ASCII_ONLY.test(name)) throw new Unsure(`a tag name with a letter beyond ASCII (<${name}>)`);
    // Elements closed just before a start tag were closed by htmlparser2 for that tag. In quirks mode a
    // <table> leaves an open <p> open; htmlparser2 closes a current one.
    if (this.implied.length) {
      if (name === 'table' && this.quirks && this.implied.includes('p')) throw new Unsure('a <table> in a <p> in quirks mode');
      const kept = CLOSES_FORM_CONTROLS.has(name) ? this.implied.find((inner) => !(name === 'button' && inner === 'button')) : undefined;
      if (kept) throw new Unsure(`<${name}> closing <${kept}>, which HTML keeps open`);
      this.implied = [];
    }
    this.closeAsHtmlDoes(name);
  }

  /**
   * Closes what the tree builder closes for start tag `name` and htmlparser2 does not, in HTML's order:
   * an open `<a>` (the adoption agency, when no block or other formatting element is open inside it), an
   * open list item (§13.2.6.4.7 "li", "dd", "dt"), then an open `<p>` in button scope below the current node.
   * Only where nothing closed is a formatting element that the tree builder would re-open.
   */
  private closeAsHtmlDoes(name: string): void {
    if (name === 'a' && this.count('a')) {
      const target = this.stack.findLastIndex((element) => element.name === 'a');
      for (let i = target + 1; i < this.stack.length; i++) {
        const open = this.stack[i]!.name;
        if (FORMATTING.has(open) || SPECIAL.has(open)) throw new Unsure(`an <a> inside an <a>, with <${open}> in between`);
      }
      this.closeDownTo(target, name);
    }
    if ((name === 'li' || name === 'dd' || name === 'dt') && (this.count('li') || this.count('dd') || this.count('dt'))) {
      const items = name === 'li' ? ['li'] : ['dd', 'dt'];
      for (let i = this.stack.length - 1; i >= 0; i--) {
        const open = this.stack[i]!.name;
        if (items.includes(open)) {
          this.closeDownTo(i, name);
          break;
        }
        if (SPECIAL.has(open) && open !== 'address' && open !== 'div' && open !== 'p') break;
      }
    }
    if (CLOSES_P.has(name) && this.count('p') && !(name === 'table' && this.quirks)) {
      const target = this.openIndex('p', BUTTON_SCOPE_LIMITS);
      if (target >= 0) this.closeDownTo(target, name);
    }
  }

  /** Closes the open elements down to and including `stack[target]`, in this builder and in htmlparser2. */
  private closeDownTo(target: number, name: string): void {
    // htmlparser2 has already put `name` on its stack (unless it is void): the elements to close come after it.
    const offset = VOID.has(name) ? 0 : 1;
    while (this.stack.length > target) {
      const element = this.stack.at(-1)!;
      const adopted = name === 'a' && this.stack.length - 1 === target;
      if (FORMATTING.has(element.name) && !adopted) throw new Unsure(`<${name}> closing <${element.name}>, which HTML re-opens`);
      if (this.parserStack[offset] !== element.name) throw new Unsure(`htmlparser2's stack is not this builder's at <${name}>`);
      this.parserStack.splice(offset, 1);
      this.pop(element.name);
    }
  }

  /** The index in `stack` of the open `name` nearest the current node, before any of `limits`; -1 when none. */
  private openIndex(name: string, limits: ReadonlySet<string>): number {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const open = this.stack[i]!.name;
      if (open === name) return i;
      if (limits.has(open)) return -1;
    }
    return -1;
  }

  private pop(name: string): TreeElement {
    const element = this.stack.pop();
    if (!element || element.name !== name) throw new Unsure(`the parser closed <${name}> out of order`);
    element.end = this.elements.length - 1;
    if (COUNTED.has(name)) this.open.set(name, this.count(name) - 1);
    return element;
  }

  onopentag(name: string, parsed: Record<string, string>): void {
    const attribs = htmlAttributes(parsed);
    if (!this.seenElement) {
      this.seenElement = true;
      const quirks = quirksOf(this.doctype);
      if (quirks === null) throw new Unsure(`a doctype whose mode is not known here (${this.doctype})`);
      this.quirks = quirks;
    }
    this.checkStart(name, attribs);
    const element = new TreeElement(name, attribs);
    element.order = this.elements.length;
    this.elements.push(element);
    this.append(element);
    if (name === 'html') this.html = element;
    else if (name === 'head') this.head = element;
    else if (name === 'body') this.body = element;
    this.stack.push(element);
    if (COUNTED.has(name)) this.open.set(name, this.count(name) + 1);
  }

  private checkStart(name: string, attribs: Record<string, string>): void {
    const top = this.top();
    if (NOT_FOLLOWED.has(name)) throw new Unsure(`<${name}>`);
    if (this.afterBody) throw new Unsure(`<${name}> after the body ended`);
    if (top === undefined && name !== 'html') throw new Unsure(`<${name}> outside <html>`);
    if (name === 'html' && this.html) throw new Unsure('a second <html>');
    if ((name === 'head' && (this.head || this.body)) || (name === 'body' && this.body)) throw new Unsure(`a second or late <${name}>`);
    if (top === 'html' && name !== 'head' && name !== 'body') throw new Unsure(`<${name}> outside the head and the body`);
    if (top === 'head' && !HEAD_OK.has(name)) throw new Unsure(`<${name}> in the head`);
    if (top !== undefined && RAW_IN_HTML.has(top)) throw new Unsure(`markup inside <${top}>`);
    if (top !== undefined && TABLE_CONTEXT.has(top) && !IN_TABLE_OK.has(name) && !(name === 'input' && attribs.type?.toLowerCase() === 'hidden')) {
      throw new Unsure(`<${name}> fostered out of a table`);
    }
    if (top === 'colgroup' && name !== 'col') throw new Unsure(`<${name}> in a <colgroup>`);
    // HTML inserts the <tr> a cell needs and the <colgroup> a <col> needs (and the <tbody> a <tr> needs,
    // which this builder leaves out: it has no attributes, and no reader asks for one).
    if ((name === 'td' || name === 'th') && top !== 'tr') throw new Unsure(`a <${name}> outside a <tr>`);
    if (name === 'col' && top !== 'colgroup') throw new Unsure('a <col> outside a <colgroup>');
    if (TABLE_PARTS.has(name) && !this.count('table')) throw new Unsure(`<${name}> outside a table`);
    if (this.count('select') && !['option', 'optgroup', 'hr', 'script'].includes(name)) throw new Unsure(`<${name}> in a <select>`);
    if (name === 'nobr' && this.count('nobr')) throw new Unsure('a <nobr> inside a <nobr>');
    if (name === 'form' && this.count('form')) throw new Unsure('a <form> inside a <form>');
    if (name === 'button' && this.count('button') && top !== 'button') throw new Unsure('a <button> inside a <button>');
    if (HEADINGS.has(name) && top !== undefined && HEADINGS.has(top)) throw new Unsure(`<${name}> inside <${top}>`);
  }

  onclosetag(name: string, isImplied: boolean): void {
    this.pop(name);
    if (VOID.has(name)) return;
    if (isImplied) {
      this.implied.push(name);
      return;
    }
    // An end tag: what it closed on the way to its element must be what the tree builder closes too.
    const closed = this.implied;
    this.implied = [];
    if (name === 'body' || name === 'html') {
      this.afterBody = true;
      return;
    }
    if (closed.length && FORMATTING.has(name)) throw new Unsure(`</${name}> closing other elements`);
    for (const inner of closed) {
      const benign =
        OPTIONAL_END.has(inner) ||
        (TABLE_CLOSERS.has(name) && TABLE_PARTS.has(inner)) ||
        // A block's end tag pops what is open inside it, as the tree builder does when no scope limit is in between.
        (BLOCK_END.has(name) && !FORMATTING.has(inner) && !BUTTON_SCOPE_LIMITS.has(inner) && !(name === 'li' && LISTS.has(inner)));
      if (!benign) throw new Unsure(`</${name}> closing <${inner}>`);
    }
  }

  ontext(data: string): void {
    const top = this.top();
    if (top === 'script' && data.includes('<!--')) throw new Unsure('a script with <!-- in it');
    // htmlparser2 leaves character references in a <textarea> as written; HTML decodes them.
    if (top === 'textarea' && data.includes('&')) throw new Unsure('a character reference in a <textarea>');
    if (top !== undefined && RAW_IN_HTML.has(top)) throw new Unsure(`text inside <${top}>`);
    // Only text outside the body's content, or directly in a table, needs looking at (most text is neither).
    if ((this.afterBody || top === undefined || top === 'html' || top === 'head' || TABLE_CONTEXT.has(top)) && !isWhitespace(data)) {
      if (this.afterBody) throw new Unsure('text after the body ended');
      if (top === undefined || top === 'html' || top === 'head') throw new Unsure('text outside the body');
      throw new Unsure('text fostered out of a table');
    }
    const parent = this.parent();
    const last = parent.children.at(-1);
    if (last instanceof Text) last.data += data;
    else if (top !== undefined) this.append(new Text(data));
  }

  onend(): void {
    // Elements still open at the end are closed there by both parsers.
    for (const element of this.stack) element.end = this.elements.length - 1;
  }
}

/** The tree DOMParser would build from `html` (a page slimmed by slim-page.ts), or why this builder cannot say. */
export function buildLightTree(html: string): BuiltTree {
  const builder = new TreeBuilder();
  try {
    const parser = new Parser(builder, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: false, recognizeSelfClosing: false });
    parser.end(html);
    // Implicit closes by the end of the page are harmless; an unclosed formatting element is too (never re-opened).
    if (!builder.html) throw new Unsure('no <html>');
  } catch (error) {
    if (error instanceof Unsure) return { tree: null, unsure: error.message };
    throw error;
  }
  const { document, elements, head, body, quirks } = builder;
  return { tree: { document, elements, html: builder.html, head, body, quirks }, unsure: null };
}
