import { compile } from 'css-select';
import { parse, type Selector } from 'css-what';
import { Element as TreeNode, Text, type ChildNode } from 'domhandler';
import { asciiLowercase, type LightTree, type TreeElement } from './light-tree';

/*
 * The part of the DOM the store readers use (querySelector, querySelectorAll, closest, textContent,
 * getAttribute, hasAttribute, tagName, parentElement, children; a document's head, body and title),
 * over a tree from light-tree.ts, so Chrome's service worker runs the very readers the page and the
 * offscreen document run (utils/read-product.ts, utils/stores/*): one reading of a page, not a second.
 * Selectors are matched by css-select, the engine cheerio uses, which follows Selectors Level 4 for
 * everything the readers write (attribute operators and the `i` flag, `:scope`). The readers ask for
 * about twenty selectors on a page of some 5,000 elements; matching each against every element costs
 * several milliseconds, so an element is looked up by its id, a class or its tag name first, as
 * browsers do, and only those candidates are matched.
 */

type Key = readonly ['id' | 'class' | 'tag', string];
interface Plan {
  matches: (element: TreeElement) => boolean;
  /** Per comma-separated part, where its candidates are; null when some part has no id, class or tag. */
  keys: Key[] | null;
}

const COMBINATORS = new Set(['descendant', 'child', 'sibling', 'adjacent', 'parent', 'column-combinator']);

/** The id, a class or the tag name the subject of a selector part must have, or null. */
function keyOf(part: Selector[], quirks: boolean): Key | null {
  let start = part.length;
  while (start > 0 && !COMBINATORS.has(part[start - 1]!.type)) start--;
  const subject = part.slice(start);
  const fold = (value: string) => (quirks ? value.toLowerCase() : value);
  for (const token of subject) if (token.type === 'attribute' && token.name === 'id' && token.action === 'equals') return ['id', fold(token.value)];
  for (const token of subject) if (token.type === 'attribute' && token.name === 'class' && token.action === 'element') return ['class', fold(token.value)];
  for (const token of subject) if (token.type === 'tag') return ['tag', token.name];
  return null;
}

const plans = new Map<string, Plan>();

function planOf(selector: string, quirks: boolean, scope: TreeElement | null): Plan {
  const cacheKey = `${quirks ? 'q' : 's'}${selector}`;
  const scoped = selector.includes(':scope');
  const cached = scoped ? undefined : plans.get(cacheKey);
  if (cached) return cached;
  const parts = parse(selector);
  const keys = parts.map((part) => keyOf(part, quirks));
  // Only `:scope` names the element queried: given a context, css-select would read every selector as
  // relative to it (`:scope div span`), where the DOM matches `div span` against the whole document and
  // keeps the matches below the element.
  const query = compile<ChildNode, TreeNode>(selector, { quirksMode: quirks, xmlMode: false }, scoped && scope ? scope : undefined);
  const plan: Plan = { matches: (element) => query(element), keys: keys.every((key) => key !== null) ? (keys as Key[]) : null };
  if (!scoped) plans.set(cacheKey, plan);
  return plan;
}

const ASCII_WHITESPACE = /[\t\n\f\r ]+/;

/** The tree's elements by id, class and tag name, each list in document order. */
class TreeIndex {
  private readonly byKind = { id: new Map<string, TreeElement[]>(), class: new Map<string, TreeElement[]>(), tag: new Map<string, TreeElement[]>() };

  constructor(tree: LightTree) {
    const { id: ids, class: classes, tag: tags } = this.byKind;
    const fold = tree.quirks ? (value: string) => value.toLowerCase() : (value: string) => value;
    for (const element of tree.elements) {
      const { id, class: names } = element.attribs;
      if (id) add(ids, fold(id), element);
      if (names) for (const name of names.split(ASCII_WHITESPACE)) if (name) add(classes, fold(name), element);
      add(tags, element.name, element);
    }
  }

  get = ([kind, value]: Key): readonly TreeElement[] => this.byKind[kind].get(value) ?? [];
}

/** Adds `element` to `key`'s list once (a class may be written twice on one element). */
function add(map: Map<string, TreeElement[]>, key: string, element: TreeElement): void {
  const list = map.get(key);
  if (!list) map.set(key, [element]);
  else if (list.at(-1) !== element) list.push(element);
}

/** The text of a node's descendant text nodes, in order (DOM textContent). */
function textOf(node: TreeElement): string {
  let text = '';
  const walk = (children: ChildNode[]) => {
    for (const child of children) {
      if (child instanceof Text) text += child.data;
      else if (child instanceof TreeNode) walk(child.children);
    }
  };
  walk(node.children);
  return text;
}

/** A document over a light tree, with the DOM's members the store readers use. */
export class LightDocument {
  private readonly index: TreeIndex;
  private readonly wrapped = new Map<TreeElement, LightElement>();

  constructor(readonly tree: LightTree) {
    this.index = new TreeIndex(tree);
  }

  wrap(element: TreeElement): LightElement {
    let wrapper = this.wrapped.get(element);
    if (!wrapper) this.wrapped.set(element, (wrapper = new LightElement(element, this)));
    return wrapper;
  }

  get head(): LightElement | null {
    return this.tree.head && this.wrap(this.tree.head);
  }

  get body(): LightElement | null {
    return this.tree.body && this.wrap(this.tree.body);
  }

  /** The first `<title>`'s text, whitespace stripped and collapsed (HTML's document.title). */
  get title(): string {
    const title = this.index.get(['tag', 'title'])[0];
    return title ? textOf(title).split(ASCII_WHITESPACE).filter(Boolean).join(' ') : '';
  }

  /** The elements below `scope` (the document when null) that `selector` matches, in document order. */
  select(selector: string, scope: TreeElement | null, first: boolean): LightElement[] {
    const plan = planOf(selector, this.tree.quirks, scope);
    const from = scope ? scope.order + 1 : 0;
    const to = scope ? scope.end : this.tree.elements.length - 1;
    let candidates: readonly TreeElement[];
    if (!plan.keys) candidates = this.tree.elements.slice(from, to + 1);
    else if (plan.keys.length === 1) candidates = this.index.get(plan.keys[0]!);
    else candidates = [...new Set(plan.keys.flatMap((key) => this.index.get(key)))].sort((a, b) => a.order - b.order);
    const found: LightElement[] = [];
    for (const element of candidates) {
      if (element.order < from || element.order > to || !plan.matches(element)) continue;
      found.push(this.wrap(element));
      if (first) break;
    }
    return found;
  }

  querySelector(selector: string): LightElement | null {
    return this.select(selector, null, true)[0] ?? null;
  }

  querySelectorAll(selector: string): LightElement[] {
    return this.select(selector, null, false);
  }
}

/** An element over a light tree, with the DOM's members the store readers use. */
export class LightElement {
  constructor(
    private readonly node: TreeElement,
    private readonly document: LightDocument,
  ) {}

  get tagName(): string {
    return this.node.name.toUpperCase();
  }

  get textContent(): string {
    return textOf(this.node);
  }

  getAttribute(name: string): string | null {
    const attribs = this.node.attribs;
    const key = asciiLowercase(name);
    return Object.hasOwn(attribs, key) ? attribs[key]! : null;
  }

  hasAttribute(name: string): boolean {
    return Object.hasOwn(this.node.attribs, asciiLowercase(name));
  }

  get parentElement(): LightElement | null {
    const parent = this.node.parent;
    return parent instanceof TreeNode ? this.document.wrap(parent as TreeElement) : null;
  }

  get children(): LightElement[] {
    return this.node.children.filter((child): child is TreeElement => child instanceof TreeNode).map((child) => this.document.wrap(child));
  }

  querySelector(selector: string): LightElement | null {
    return this.document.select(selector, this.node, true)[0] ?? null;
  }

  querySelectorAll(selector: string): LightElement[] {
    return this.document.select(selector, this.node, false);
  }

  /** This element or its nearest ancestor that `selector` matches. */
  closest(selector: string): LightElement | null {
    const plan = planOf(selector, this.document.tree.quirks, null);
    for (let node: TreeElement | null = this.node; node; node = node.parent instanceof TreeNode ? (node.parent as TreeElement) : null) {
      if (plan.matches(node)) return this.document.wrap(node);
    }
    return null;
  }
}
