import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import type { ExtensionSession } from './chromium';
import type { FirefoxSession } from './firefox';

/*
 * Reading and operating Haowu's overlay the way a person does, for the e2e tests, the demo and the
 * benchmark, in Chromium (playwright-core) and Firefox (puppeteer-core).
 *
 * The overlay's host `<haowu-overlay>` has a closed shadow root and its buttons act only on trusted
 * events, so neither the page nor a test's page script can read or press anything in it. This driver:
 *
 * - reads it from Haowu's own isolated world in that tab, which can open the closed root: a fixed
 *   function (`snapshotInTab`) run by the extension itself, from its service worker in Chromium
 *   (`chrome.scripting.executeScript`, world ISOLATED, `chrome.dom.openOrClosedShadowRoot`) and from
 *   an extension page kept open in Firefox (`tabs.executeScript`, `element.openOrClosedShadowRoot`).
 *   It returns a plain snapshot (roles, accessible names, text, visibility, a few attributes, boxes)
 *   and leaves nothing behind: no global, no attribute, no element;
 * - acts with the browser's real input: it scrolls the element into view from the same world, takes
 *   the centre of its box and clicks there with the page's mouse, types with the page's keyboard.
 *
 * Queries are matched here, in Node, against the snapshot (strict: a string name must equal the
 * accessible name, whitespace collapsed; use a RegExp for a pattern).
 */

export const OVERLAY_HOST = 'haowu-overlay';

// ---------------------------------------------------------------------------------------------------
// The snapshot, taken inside the tab

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface OverlayElement {
  /** Position in document order within the shadow root (valid for one snapshot only). */
  index: number;
  /** Index of the nearest ancestor element inside the root, or null at the top. */
  parent: number | null;
  tag: string;
  /** Explicit `role`, or the element's implicit one (button, link, textbox, combobox, dialog, …); '' for none. */
  role: string;
  /** Accessible name: aria-labelledby, aria-label, `<label>`, alt/title, or the text of a button, link, heading… */
  name: string;
  /** The name a label gives it (aria-labelledby, aria-label, `<label>`), '' when none. */
  label: string;
  /** Its text, whitespace collapsed ('' for style and script). */
  text: string;
  /** Has a box and is not `visibility: hidden` (so not `hidden`, not `display: none`). */
  visible: boolean;
  /** Whether it is the shadow root's active (focused) element. */
  focused: boolean;
  rect: Rect;
  /** class, id, type, href, for, title, aria-*, data-* … as set in the DOM. */
  attributes: Record<string, string>;
  /** For input, textarea and select: the current value. */
  value?: string;
  /** For checkboxes and radios. */
  checked?: boolean;
  /** For select: its options in order. */
  options?: { value: string; label: string; selected: boolean }[];
}

export interface RawSnapshot {
  url: string;
  /** performance.timeOrigin of the document, to tell two tabs at one address apart. */
  timeOrigin: number;
  /** `<haowu-overlay>` elements in the document. */
  hosts: number;
  /** Whether this world could open the host's (closed) shadow root. */
  opened: boolean;
  /** The `.hw-root` element's classes and data attributes (`data-product-key`, `data-theme`). */
  root: { className: string; data: Record<string, string> } | null;
  /** Class attribute of the shadow root's active element. */
  activeClass: string | null;
  elements: OverlayElement[];
  /** The element asked for by `reveal`, after scrollIntoView({ block: 'center' }). */
  revealed: { index: number; rect: Rect; hit: boolean; hitBy: string } | null;
  error?: string;
}

interface SnapshotArgs {
  host: string;
  /** Index of an element to scroll into view and hit-test at its centre. */
  reveal: number | null;
}

/**
 * Runs in Haowu's isolated world in the tab. Self-contained (it is sent as text); only what it
 * returns leaves the tab. Helpers are local constants: nothing is added to any global.
 */
function snapshotInTab(args: SnapshotArgs): RawSnapshot {
  const base = { url: location.href, timeOrigin: performance.timeOrigin };
  const empty = { opened: false, root: null, activeClass: null, elements: [], revealed: null };
  try {
    const hosts = document.querySelectorAll(args.host);
    const host = hosts[0];
    if (!host) return { ...base, hosts: 0, ...empty };
    type OpenRoot = { openOrClosedShadowRoot?: ShadowRoot | null | ((this: Element) => ShadowRoot | null) };
    const chromeDom = (globalThis as unknown as { chrome?: { dom?: { openOrClosedShadowRoot?: (element: Element) => ShadowRoot | null } } }).chrome?.dom;
    let shadow: ShadowRoot | null = null;
    if (chromeDom && typeof chromeDom.openOrClosedShadowRoot === 'function') shadow = chromeDom.openOrClosedShadowRoot(host);
    else {
      const own = (host as unknown as OpenRoot).openOrClosedShadowRoot;
      shadow = (typeof own === 'function' ? own.call(host) : own) ?? null;
    }
    if (!shadow) return { ...base, hosts: hosts.length, ...empty };
    const root = shadow;

    const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
    const isHidden = (element: Element): boolean => {
      const style = getComputedStyle(element);
      return style.display === 'none' || element.getAttribute('aria-hidden') === 'true';
    };
    // Text of a subtree for names: hidden parts skipped, form controls and their option lists left out,
    // an element's aria-label standing for its content.
    const textFor = (node: Node, skipControls: boolean): string => {
      if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
      if (node.nodeType !== Node.ELEMENT_NODE) return '';
      const element = node as Element;
      const tag = element.localName;
      if (tag === 'style' || tag === 'script' || tag === 'template') return '';
      if (skipControls && (tag === 'select' || tag === 'textarea' || tag === 'input' || tag === 'option')) return '';
      if (isHidden(element)) return '';
      const label = element.getAttribute('aria-label');
      if (label && label.trim()) return ` ${label} `;
      let text = '';
      for (const child of element.childNodes) text += textFor(child, skipControls);
      return ['div', 'p', 'li', 'br', 'section', 'header', 'footer', 'article', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag) ? ` ${text} ` : text;
    };
    const implicitRole = (element: Element): string => {
      const tag = element.localName;
      const type = (element.getAttribute('type') ?? '').toLowerCase();
      switch (tag) {
        case 'a':
        case 'area':
          return element.hasAttribute('href') ? 'link' : '';
        case 'button':
          return 'button';
        case 'input':
          if (['button', 'submit', 'reset', 'image'].includes(type)) return 'button';
          if (type === 'checkbox') return 'checkbox';
          if (type === 'radio') return 'radio';
          if (type === 'range') return 'slider';
          if (type === 'number') return 'spinbutton';
          if (type === 'search') return 'searchbox';
          if (type === 'hidden') return '';
          return 'textbox';
        case 'textarea':
          return 'textbox';
        case 'select':
          return element.hasAttribute('multiple') || Number(element.getAttribute('size') ?? '0') > 1 ? 'listbox' : 'combobox';
        case 'option':
          return 'option';
        case 'dialog':
          return 'dialog';
        case 'article':
          return 'article';
        case 'form':
          return 'form';
        case 'section':
          return 'region';
        case 'ul':
        case 'ol':
          return 'list';
        case 'li':
          return 'listitem';
        case 'img':
          return element.getAttribute('alt') === '' ? 'presentation' : 'img';
        case 'nav':
          return 'navigation';
        case 'p':
          return 'paragraph';
        case 'time':
          return 'time';
        case 'h1':
        case 'h2':
        case 'h3':
        case 'h4':
        case 'h5':
        case 'h6':
          return 'heading';
        default:
          return '';
      }
    };
    const labelOf = (element: Element): string => {
      const labelledBy = element.getAttribute('aria-labelledby');
      if (labelledBy) {
        const parts = labelledBy
          .split(/\s+/)
          .map((id) => root.getElementById(id))
          .filter((part): part is HTMLElement => part !== null)
          .map((part) => textFor(part, true));
        if (parts.length > 0) return collapse(parts.join(' '));
      }
      const ariaLabel = element.getAttribute('aria-label');
      if (ariaLabel && ariaLabel.trim()) return collapse(ariaLabel);
      const labels = (element as HTMLInputElement).labels;
      if (labels && labels.length > 0) return collapse([...labels].map((label) => textFor(label, true)).join(' '));
      return '';
    };
    const NAMED_BY_CONTENT = ['button', 'link', 'heading', 'tab', 'option', 'menuitem', 'checkbox', 'radio', 'switch', 'cell', 'columnheader', 'rowheader', 'treeitem', 'tooltip'];
    const nameOf = (element: Element, role: string, label: string): string => {
      if (label) return label;
      if (element.localName === 'img') return collapse(element.getAttribute('alt') ?? '');
      if (element.localName === 'input' && ['button', 'submit', 'reset'].includes((element.getAttribute('type') ?? '').toLowerCase())) return collapse((element as HTMLInputElement).value);
      if (NAMED_BY_CONTENT.includes(role)) {
        let text = '';
        for (const child of element.childNodes) text += textFor(child, false);
        if (collapse(text)) return collapse(text);
      }
      return collapse(element.getAttribute('title') ?? '');
    };
    const rectOf = (element: Element): Rect => {
      const box = element.getBoundingClientRect();
      return { x: box.x, y: box.y, width: box.width, height: box.height };
    };

    const all = [...root.querySelectorAll('*')];
    const indexOf = new Map<Element, number>(all.map((element, index) => [element, index]));
    const active = root.activeElement;
    const elements: OverlayElement[] = all.map((element, index) => {
      const tag = element.localName;
      const explicit = (element.getAttribute('role') ?? '').trim().split(/\s+/)[0] ?? '';
      const label = labelOf(element);
      const implicit = implicitRole(element);
      // A form or section is a landmark only when it is named.
      const role = explicit || ((implicit === 'form' || implicit === 'region') && !label ? '' : implicit);
      const attributes: Record<string, string> = {};
      for (const name of element.getAttributeNames()) {
        if (name === 'style' || name.startsWith('on')) continue;
        attributes[name] = element.getAttribute(name) ?? '';
      }
      const rect = rectOf(element);
      const script = tag === 'style' || tag === 'script';
      const visible = !script && rect.width > 0 && rect.height > 0 && getComputedStyle(element).visibility !== 'hidden';
      let parent: number | null = null;
      for (let up = element.parentElement; up; up = up.parentElement) {
        const found = indexOf.get(up);
        if (found !== undefined) {
          parent = found;
          break;
        }
      }
      const shown: OverlayElement = {
        index,
        parent,
        tag,
        role,
        name: script ? '' : nameOf(element, role, label),
        label,
        text: script ? '' : collapse(element.textContent ?? ''),
        visible,
        focused: element === active,
        rect,
        attributes,
      };
      if (tag === 'input' || tag === 'textarea' || tag === 'select') shown.value = (element as HTMLInputElement).value;
      if (tag === 'input' && ['checkbox', 'radio'].includes((element as HTMLInputElement).type)) shown.checked = (element as HTMLInputElement).checked;
      if (tag === 'select') {
        shown.options = [...(element as HTMLSelectElement).options].map((option) => ({ value: option.value, label: collapse(option.label || option.text), selected: option.selected }));
      }
      return shown;
    });

    let revealed: RawSnapshot['revealed'] = null;
    const target = args.reveal === null ? undefined : all[args.reveal];
    if (target) {
      target.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
      const rect = rectOf(target);
      const hitElement = root.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2);
      const hit = hitElement !== null && (hitElement === target || target.contains(hitElement));
      const hitBy = hitElement ? `${hitElement.localName}${hitElement.getAttribute('class') ? `.${hitElement.getAttribute('class')!.trim().split(/\s+/).join('.')}` : ''}` : 'nothing';
      revealed = { index: args.reveal!, rect, hit, hitBy };
      elements[args.reveal!]!.rect = rect;
    }

    const rootElement = root.querySelector('.hw-root');
    const data: Record<string, string> = {};
    if (rootElement instanceof HTMLElement) for (const [key, value] of Object.entries(rootElement.dataset)) data[key] = value ?? '';
    return {
      ...base,
      hosts: hosts.length,
      opened: true,
      root: rootElement ? { className: rootElement.getAttribute('class') ?? '', data } : null,
      activeClass: active ? (active.getAttribute('class') ?? '') : null,
      elements,
      revealed,
    };
  } catch (error) {
    return { ...base, hosts: -1, ...empty, error: String(error instanceof Error ? (error.stack ?? error.message) : error) };
  }
}

/**
 * The snapshot function as sent to the tab. Run under tsx (esbuild keepNames), its local helpers are
 * wrapped in calls to `__name`, which exists only in Node: the wrapper defines it locally, so the
 * function stays self-contained and nothing is added to the tab's globals. Fixed once at load.
 */
const SNAPSHOT_SOURCE = `function haowuOverlaySnapshot(args) {
  const __name = (target) => target;
  return (${snapshotInTab.toString()})(args);
}`;

// ---------------------------------------------------------------------------------------------------
// Reading a snapshot

export interface OverlayQuery {
  role?: string;
  /** The accessible name: equal (whitespace collapsed) for a string, or matching a RegExp. */
  name?: string | RegExp;
  /** The name its label gives it (aria-labelledby, aria-label, `<label>`), as for `name`. */
  label?: string | RegExp;
  /** Its text contains this string (or matches the RegExp); alone, the innermost such elements. */
  text?: string | RegExp;
  /** Has this class. */
  className?: string;
  tag?: string;
  /** Only inside the first element matching this query. */
  within?: OverlayQuery;
}

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
const matchesName = (actual: string, expected: string | RegExp) => (typeof expected === 'string' ? collapse(actual) === collapse(expected) : expected.test(actual));
const containsText = (actual: string, expected: string | RegExp) => (typeof expected === 'string' ? actual.includes(collapse(expected)) : expected.test(actual));

export function describeQuery(query: OverlayQuery): string {
  const parts: string[] = [];
  if (query.role) parts.push(query.role);
  else if (query.tag) parts.push(`<${query.tag}>`);
  else parts.push('element');
  if (query.className) parts.push(`.${query.className}`);
  if (query.name !== undefined) parts.push(`named ${JSON.stringify(String(query.name))}`);
  if (query.label !== undefined) parts.push(`labelled ${JSON.stringify(String(query.label))}`);
  if (query.text !== undefined) parts.push(`with text ${JSON.stringify(String(query.text))}`);
  if (query.within) parts.push(`inside ${describeQuery(query.within)}`);
  return parts.join(' ');
}

/** One reading of the overlay (Node side): queries over it, and what it shows for error messages. */
export class OverlaySnapshot {
  constructor(readonly raw: RawSnapshot) {}

  /** Number of `<haowu-overlay>` hosts in the page. */
  get hosts(): number {
    return this.raw.hosts;
  }
  get elements(): OverlayElement[] {
    return this.raw.elements;
  }
  /** The `.hw-root` element's class names (e.g. `hw-root--collapsed`). */
  get rootClasses(): string[] {
    return this.raw.root?.className.split(/\s+/).filter(Boolean) ?? [];
  }
  /** The `.hw-root` element's data attributes (`productKey`, `theme`). */
  get rootData(): Record<string, string> {
    return this.raw.root?.data ?? {};
  }
  get productKey(): string | null {
    return this.raw.root ? (this.raw.root.data.productKey ?? '') : null;
  }
  get activeClass(): string | null {
    return this.raw.activeClass;
  }

  /** Whether `element` is `ancestor` or inside it. */
  isInside(element: OverlayElement, ancestor: OverlayElement): boolean {
    for (let at: number | null = element.index; at !== null; at = this.raw.elements[at]!.parent) if (at === ancestor.index) return true;
    return false;
  }

  all(query: OverlayQuery, scope?: OverlayElement): OverlayElement[] {
    let elements = this.raw.elements;
    if (scope) elements = elements.filter((element) => element !== scope && this.isInside(element, scope));
    if (query.within) {
      const container = this.all(query.within, scope)[0];
      if (!container) return [];
      elements = elements.filter((element) => element !== container && this.isInside(element, container));
    }
    const matches = elements.filter(
      (element) =>
        (query.role === undefined || element.role === query.role) &&
        (query.tag === undefined || element.tag === query.tag) &&
        (query.className === undefined || (element.attributes.class ?? '').split(/\s+/).includes(query.className)) &&
        (query.name === undefined || matchesName(element.name, query.name)) &&
        (query.label === undefined || matchesName(element.label, query.label)) &&
        (query.text === undefined || containsText(element.text, query.text)),
    );
    // Text alone: the innermost elements that hold it, as a person would point at it.
    if (query.text !== undefined && query.role === undefined && query.tag === undefined && query.className === undefined) {
      return matches.filter((element) => !matches.some((other) => other !== element && other.parent !== null && this.isInside(other, element)));
    }
    return matches;
  }

  first(query: OverlayQuery, scope?: OverlayElement): OverlayElement | undefined {
    return this.all(query, scope)[0];
  }

  visible(query: OverlayQuery, scope?: OverlayElement): OverlayElement[] {
    return this.all(query, scope).filter((element) => element.visible);
  }

  /** The names of the pick cards, in order. */
  cardNames(): string[] {
    return this.visible({ role: 'article' }).map((card) => card.name);
  }

  /** A short account of what the overlay shows, for error messages. */
  describe(): string {
    if (this.raw.error) return `the snapshot failed in the tab: ${this.raw.error}`;
    if (this.raw.hosts === 0) return 'no <haowu-overlay> on the page';
    if (!this.raw.opened) return `${this.raw.hosts} <haowu-overlay> but its shadow root could not be opened`;
    const interactive = this.raw.elements.filter((element) => element.visible && ['button', 'link', 'textbox', 'spinbutton', 'combobox', 'checkbox', 'dialog', 'article', 'form', 'alert'].includes(element.role));
    const shown = interactive.map((element) => `${element.role} ${JSON.stringify(element.name)}`).join(', ');
    return `overlay ${this.raw.root ? `.${this.rootClasses.join('.')} ${JSON.stringify(this.rootData)}` : '(no .hw-root)'}; visible: ${shown || 'nothing interactive'}`;
  }
}

// ---------------------------------------------------------------------------------------------------
// The driver

/** What differs between the browsers: reading the tab, and the page's real mouse and keyboard. */
export interface OverlayTransport {
  /** A snapshot of the overlay in the page's tab. */
  read: (args: SnapshotArgs) => Promise<RawSnapshot>;
  click: (x: number, y: number) => Promise<void>;
  press: (key: string) => Promise<void>;
  selectAll: () => Promise<void>;
  type: (text: string) => Promise<void>;
  url: () => string;
}

export interface WaitOptions {
  timeout?: number;
}

export interface DriverOptions {
  /** Default time to wait for an element, in ms (10 s). */
  timeout?: number;
}

type State = 'visible' | 'attached' | 'hidden' | 'detached';

const POLL_MS = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class OverlayTimeoutError extends Error {}
class OverlayStrictError extends Error {}

export class OverlayDriver {
  private readonly defaultTimeout: number;

  constructor(
    private readonly transport: OverlayTransport,
    options: DriverOptions = {},
  ) {
    this.defaultTimeout = options.timeout ?? 10_000;
  }

  /** The overlay as it is now. */
  async snapshot(): Promise<OverlaySnapshot> {
    return new OverlaySnapshot(await this.transport.read({ host: OVERLAY_HOST, reveal: null }));
  }

  /**
   * Polls until `read` returns something other than false, null or undefined, and returns it. The
   * timeout error says what the overlay showed last.
   */
  async waitUntil<T>(read: (snapshot: OverlaySnapshot) => T | false | null | undefined, what: string, options: WaitOptions = {}): Promise<T> {
    const timeout = options.timeout ?? this.defaultTimeout;
    const deadline = Date.now() + timeout;
    let last: OverlaySnapshot | null = null;
    let failure: unknown = null;
    for (;;) {
      try {
        last = await this.snapshot();
        failure = null;
        const value = read(last);
        if (value !== false && value !== null && value !== undefined) return value;
      } catch (error) {
        failure = error;
      }
      if (Date.now() >= deadline) break;
      await sleep(POLL_MS);
    }
    const reason = failure ? `reading failed: ${failure instanceof Error ? failure.message : String(failure)}` : (last?.describe() ?? 'no snapshot');
    throw new OverlayTimeoutError(`Timed out after ${timeout} ms waiting for ${what} in Haowu's overlay on ${this.transport.url()}: ${reason}`);
  }

  async all(query: OverlayQuery): Promise<OverlayElement[]> {
    return (await this.snapshot()).all(query);
  }

  /** How many elements match now (visible or not), without waiting. */
  async count(query: OverlayQuery): Promise<number> {
    return (await this.all(query)).length;
  }

  /** Whether an element matching `query` is visible now, without waiting. */
  async isVisible(query: OverlayQuery): Promise<boolean> {
    return (await this.snapshot()).visible(query).length > 0;
  }

  /**
   * Waits until an element matching `query` is visible (the default) or attached, and returns it; or
   * until none is visible (`hidden`) or none is left (`detached`).
   */
  async waitFor(query: OverlayQuery, options?: WaitOptions & { state?: 'visible' | 'attached' }): Promise<OverlayElement>;
  async waitFor(query: OverlayQuery, options: WaitOptions & { state: 'hidden' | 'detached' }): Promise<null>;
  async waitFor(query: OverlayQuery, options: WaitOptions & { state?: State } = {}): Promise<OverlayElement | null> {
    const state = options.state ?? 'visible';
    const what = `${describeQuery(query)} to be ${state}`;
    if (state === 'hidden' || state === 'detached') {
      await this.waitUntil((snapshot) => {
        const matches = snapshot.all(query);
        return state === 'hidden' ? matches.every((element) => !element.visible) : matches.length === 0;
      }, what, options);
      return null;
    }
    return this.waitUntil((snapshot) => snapshot.all(query).find((element) => state === 'attached' || element.visible), what, options);
  }

  /** The text of the first visible element matching `query` (waits for one). */
  async text(query: OverlayQuery, options: WaitOptions = {}): Promise<string> {
    return (await this.waitFor(query, options)).text;
  }

  /** An attribute of the first visible element matching `query` (waits for one); null when not set. */
  async attribute(query: OverlayQuery, name: string, options: WaitOptions = {}): Promise<string | null> {
    return (await this.waitFor(query, options)).attributes[name] ?? null;
  }

  /**
   * Waits until `find` gives exactly one visible element whose centre is not covered, scrolling it
   * into view from Haowu's world, and returns the centre of its box. More than one: an error at once.
   */
  private async reveal(find: (snapshot: OverlaySnapshot) => OverlayElement[], what: string, options: WaitOptions): Promise<{ element: OverlayElement; x: number; y: number }> {
    const timeout = options.timeout ?? this.defaultTimeout;
    const deadline = Date.now() + timeout;
    let problem = 'not read yet';
    let index: number | null = null;
    for (;;) {
      try {
        // Scrolled into view (and hit-tested) once a first reading found the one element.
        const raw = await this.transport.read({ host: OVERLAY_HOST, reveal: index });
        const snapshot = new OverlaySnapshot(raw);
        const matches = find(snapshot).filter((element) => element.visible);
        if (matches.length > 1) {
          const listed = matches.map((element) => `${element.role || element.tag} ${JSON.stringify(element.name || element.text)}`).join(', ');
          throw new OverlayStrictError(`${what} matches ${matches.length} visible elements in Haowu's overlay: ${listed}`);
        }
        const element = matches[0];
        if (!element) {
          index = null;
          problem = `none is visible; ${snapshot.describe()}`;
        } else if (raw.revealed && raw.revealed.index === element.index) {
          const { rect, hit, hitBy } = raw.revealed;
          const x = rect.x + rect.width / 2;
          const y = rect.y + rect.height / 2;
          if (hit) return { element, x, y };
          problem = `its centre (${Math.round(x)}, ${Math.round(y)}) is covered by ${hitBy}`;
        } else {
          // Found (again, or elsewhere after the overlay changed): scroll it into view on the next reading.
          index = element.index;
          continue;
        }
      } catch (error) {
        if (error instanceof OverlayStrictError) throw error;
        index = null;
        problem = `reading failed: ${error instanceof Error ? error.message : String(error)}`;
      }
      if (Date.now() >= deadline) throw new OverlayTimeoutError(`Timed out after ${timeout} ms waiting to click ${what} in Haowu's overlay on ${this.transport.url()}: ${problem}`);
      await sleep(POLL_MS);
    }
  }

  /** Clicks the one visible element matching `query` with the page's real mouse, at the centre of its box. */
  async click(query: OverlayQuery, options: WaitOptions = {}): Promise<void> {
    const { x, y } = await this.reveal((snapshot) => snapshot.all(query), describeQuery(query), options);
    await this.transport.click(x, y);
  }

  /** Clicks the field, selects what it holds (Control+A) and types `text` with the real keyboard. */
  async fill(query: OverlayQuery, text: string, options: WaitOptions = {}): Promise<void> {
    await this.click(query, options);
    await this.waitUntil((snapshot) => snapshot.visible(query).find((found) => found.focused), `${describeQuery(query)} to have focus after the click`, options);
    await this.transport.selectAll();
    if (text === '') await this.transport.press('Backspace');
    else await this.transport.type(text);
    await this.waitUntil((snapshot) => snapshot.all(query).find((found) => found.value === text), `${describeQuery(query)} to hold ${JSON.stringify(text)}`, options);
  }

  /**
   * Chooses an option of a select (by its label or value) with the keyboard, as a person does: a
   * click on its label focuses it without opening the list, then arrow keys move to the option. A
   * select without a label is clicked itself (its list opens), and Enter takes the option.
   */
  async select(query: OverlayQuery, option: string, options: WaitOptions = {}): Promise<void> {
    const what = describeQuery(query);
    const element = await this.waitFor(query, options);
    const list = element.options ?? [];
    const target = list.findIndex((entry) => entry.label === option || entry.value === option);
    if (target < 0) throw new Error(`${what} has no option ${JSON.stringify(option)} (options: ${list.map((entry) => entry.label).join(', ')})`);
    let listOpen = false;
    if (!element.focused) {
      // Its <label for=…>, or the text beside it in the <label> that wraps it.
      const labelPart = (snapshot: OverlaySnapshot): OverlayElement[] => {
        const select = snapshot.visible(query)[0];
        if (!select) return [];
        const id = select.attributes.id;
        const byFor = id ? snapshot.elements.filter((candidate) => candidate.tag === 'label' && candidate.attributes.for === id) : [];
        if (byFor.length > 0) return byFor;
        let wrapper: OverlayElement | undefined;
        for (let at = select.parent; at !== null && !wrapper; at = snapshot.elements[at]!.parent) if (snapshot.elements[at]!.tag === 'label') wrapper = snapshot.elements[at];
        if (!wrapper) return [];
        const part = snapshot.elements.find((candidate) => candidate.parent === wrapper.index && candidate.visible && !snapshot.isInside(select, candidate) && candidate.text !== '');
        return part ? [part] : [];
      };
      const hasLabel = labelPart(await this.snapshot()).length > 0;
      const { x, y } = hasLabel ? await this.reveal(labelPart, `the label of ${what}`, options) : await this.reveal((snapshot) => snapshot.all(query), what, options);
      await this.transport.click(x, y);
      listOpen = !hasLabel;
      await this.waitUntil((snapshot) => snapshot.visible(query).find((found) => found.focused), `${what} to have focus`, options);
    }
    const current = ((await this.waitFor(query, options)).options ?? []).findIndex((entry) => entry.selected);
    const steps = target - current;
    for (let step = 0; step < Math.abs(steps); step++) await this.transport.press(steps > 0 ? 'ArrowDown' : 'ArrowUp');
    if (listOpen) await this.transport.press('Enter');
    await this.waitUntil((snapshot) => snapshot.all(query).find((found) => found.value === list[target]!.value), `${what} to have ${JSON.stringify(option)} chosen`, options);
  }

  /** Clicks a checkbox until it is checked (or unchecked). */
  async check(query: OverlayQuery, checked = true, options: WaitOptions = {}): Promise<void> {
    const element = await this.waitFor(query, options);
    if (element.checked === checked) return;
    await this.click(query, options);
    await this.waitUntil((snapshot) => snapshot.all(query).find((found) => found.checked === checked), `${describeQuery(query)} to be ${checked ? 'checked' : 'unchecked'}`, options);
  }

  /** Presses a key (Playwright names: Escape, Enter, Tab, ArrowDown …) with the real keyboard. */
  async press(key: string): Promise<void> {
    await this.transport.press(key);
  }

  /** The pick cards' names in order, once the panel shows its picks. */
  async cardNames(): Promise<string[]> {
    return (await this.snapshot()).cardNames();
  }

  /** `data-product-key` of the overlay's root; null without an overlay. */
  async productKey(): Promise<string | null> {
    return (await this.snapshot()).productKey;
  }

  /** Class attribute of the element focused inside the overlay. */
  async activeClass(): Promise<string | null> {
    return (await this.snapshot()).activeClass;
  }

  /** The launcher's accessible name ("Open Haowu: 2 expert picks"); null when there is none. */
  async launcherLabel(): Promise<string | null> {
    return (await this.snapshot()).first({ className: 'hw-launcher' })?.name ?? null;
  }

  /** How many `<haowu-overlay>` hosts the page has. */
  async hostCount(): Promise<number> {
    return (await this.snapshot()).hosts;
  }
}

// ---------------------------------------------------------------------------------------------------
// Finding the page's tab, from the extension

interface RunInput {
  args: SnapshotArgs;
  tabId: number | null;
  url: string;
  timeOrigin: number;
}

interface RunOutput {
  tabId: number | null;
  snapshot?: RawSnapshot;
  error?: string;
}

/*
 * The runners below are evaluated in the extension (service worker, or extension page) by the test
 * driver's own protocol, with their input as JSON. They find the tab by its address and, when several
 * tabs show it, by the document's time origin, which the test read from the page. The function they
 * inject is SNAPSHOT_SOURCE, the same text on every call; only its JSON arguments change.
 */
const FIND_AND_READ = `
  if (input.tabId !== null) {
    try {
      return { tabId: input.tabId, snapshot: await run(input.tabId, input.args) };
    } catch (error) {
      if (!/tab|frame/i.test(String(error))) return { tabId: input.tabId, error: String(error) };
    }
  }
  const tabs = await api.tabs.query({});
  const found = [];
  const errors = [];
  // Candidates are only read (nothing scrolled) until the one showing this document is known.
  const look = { ...input.args, reveal: null };
  for (const tab of tabs) {
    if (tab.url !== input.url && tab.pendingUrl !== input.url) continue;
    try {
      const snapshot = await run(tab.id, look);
      if (snapshot && Math.abs(snapshot.timeOrigin - input.timeOrigin) < 1) found.push({ tabId: tab.id, snapshot });
    } catch (error) {
      errors.push(String(error));
    }
  }
  if (found.length === 1) return input.args.reveal === null ? found[0] : { tabId: found[0].tabId, snapshot: await run(found[0].tabId, input.args) };
  return { tabId: null, error: found.length + ' tabs at ' + input.url + ' show this document (of ' + tabs.length + ' tabs: ' + tabs.map((tab) => tab.url || '?').join(', ') + ')' + (errors.length ? '; ' + errors.join('; ') : '') };
`;

const CHROMIUM_RUNNER = `async (input) => {
  const api = chrome;
  const func = ${SNAPSHOT_SOURCE};
  const run = async (tabId, args) => {
    const [injection] = await api.scripting.executeScript({ target: { tabId }, world: 'ISOLATED', func, args: [args] });
    return injection ? injection.result : undefined;
  };
  ${FIND_AND_READ}
}`;

const FIREFOX_RUNNER = `async (input) => {
  const api = browser;
  const source = ${JSON.stringify(SNAPSHOT_SOURCE)};
  const run = async (tabId, args) => {
    const [result] = await api.tabs.executeScript(tabId, { code: '(' + source + ')(' + JSON.stringify(args) + ')' });
    return result;
  };
  ${FIND_AND_READ}
}`;

const runnerCall = (runner: string, input: RunInput) => `(${runner})(${JSON.stringify(input)})`;

/** Keeps the page's tab id between readings; identifies the tab again after the page loaded another document. */
function tabReader(runner: string, evaluate: (expression: string) => Promise<RunOutput>, page: { url: () => string; timeOrigin: () => Promise<number> }) {
  let tabId: number | null = null;
  return async (args: SnapshotArgs): Promise<RawSnapshot> => {
    const url = page.url();
    const timeOrigin = await page.timeOrigin();
    let output = await evaluate(runnerCall(runner, { args, tabId, url, timeOrigin }));
    // A tab found earlier now showing another document of another page would be a mix-up: look again.
    if (output.snapshot && tabId !== null && (output.snapshot.url !== url || Math.abs(output.snapshot.timeOrigin - timeOrigin) >= 1)) {
      output = await evaluate(runnerCall(runner, { args, tabId: null, url, timeOrigin }));
    }
    if (!output.snapshot) throw new Error(`Could not read Haowu's overlay in the tab of ${url}: ${output.error ?? 'no result'}`);
    tabId = output.tabId;
    return output.snapshot;
  };
}

// ---------------------------------------------------------------------------------------------------
// Chromium (playwright-core) and Firefox (puppeteer-core)

const drivers = new WeakMap<object, OverlayDriver>();

/** The overlay on a Chromium page of this session (one driver per page, reused). */
export function overlayOf(session: ExtensionSession, page: PlaywrightPage, options: DriverOptions = {}): OverlayDriver {
  const known = drivers.get(page);
  if (known) return known;
  const read = tabReader(
    CHROMIUM_RUNNER,
    async (expression) => {
      const worker = await session.background();
      // The runner's text is the expression: the input is in it as JSON (see runnerCall).
      return (await worker.evaluate(expression)) as RunOutput;
    },
    { url: () => page.url(), timeOrigin: () => page.evaluate(() => performance.timeOrigin) },
  );
  const driver = new OverlayDriver(
    {
      read: (args) => read(args),
      click: (x, y) => page.mouse.click(x, y),
      press: (key) => page.keyboard.press(key),
      selectAll: () => page.keyboard.press('Control+A'),
      type: (text) => page.keyboard.type(text),
      url: () => page.url(),
    },
    options,
  );
  drivers.set(page, driver);
  return driver;
}

/** The extension page the Firefox driver reads from, one per session, opened on first use and kept open. */
const firefoxReaders = new WeakMap<FirefoxSession, Promise<PuppeteerPage>>();

/** The overlay on a Firefox page of this session (one driver per page, reused). */
export function firefoxOverlayOf(session: FirefoxSession, page: PuppeteerPage, options: DriverOptions = {}): OverlayDriver {
  const known = drivers.get(page);
  if (known) return known;
  const reader = () => {
    let opened = firefoxReaders.get(session);
    if (!opened) {
      opened = session.openExtensionPage('popup.html');
      firefoxReaders.set(session, opened);
    }
    return opened;
  };
  const read = tabReader(
    FIREFOX_RUNNER,
    async (expression) => {
      const extensionPage = await reader();
      return (await extensionPage.evaluate(expression)) as RunOutput;
    },
    { url: () => page.url(), timeOrigin: () => page.evaluate(() => performance.timeOrigin) },
  );
  const driver = new OverlayDriver(
    {
      read: (args) => read(args),
      click: (x, y) => page.mouse.click(x, y),
      press: (key) => page.keyboard.press(key as Parameters<PuppeteerPage['keyboard']['press']>[0]),
      selectAll: async () => {
        await page.keyboard.down('Control');
        await page.keyboard.press('a');
        await page.keyboard.up('Control');
      },
      type: (text) => page.keyboard.type(text),
      url: () => page.url(),
    },
    options,
  );
  drivers.set(page, driver);
  return driver;
}
