// Bundled into a blank Chromium page by price-read-parity.e2e.ts: both ways a background check reads a
// page, and the shape of both trees.
import { Element as TreeNode, Text } from 'domhandler';
import { buildLightTree } from '../../utils/price-tracking/light-tree';

export { readWithoutDomParser } from '../../utils/price-tracking/light-read';
export { readSlimmedPage } from '../../utils/price-tracking/served-page';
export { slimServedPage } from '../../utils/price-tracking/slim-page';

/*
 * A tree's shape: each element's name and attributes, and its text, nested. A `<tbody>` the parser
 * inserts is left out on both sides (no reader asks for one), and text is compared with its whitespace
 * collapsed (the readers collapse it; HTML also turns CR LF into LF).
 */
const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
const attributesOf = (pairs: [string, string][]) =>
  pairs
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => ` ${name}="${collapse(value)}"`)
    .join('');

function domShape(node: Node, into: string[]): void {
  for (const child of node.childNodes) {
    if (child.nodeType === 3) {
      const text = collapse(child.textContent ?? '');
      if (text) into.push(text);
    } else if (child.nodeType === 1) {
      const element = child as Element;
      const name = element.localName;
      if (name === 'tbody' && element.attributes.length === 0) {
        domShape(element, into);
        continue;
      }
      into.push(`<${name}${attributesOf([...element.attributes].map((a) => [a.name, a.value]))}>`);
      domShape(element, into);
      into.push(`</${name}>`);
    }
  }
}

function lightShape(node: TreeNode, into: string[]): void {
  for (const child of node.children) {
    if (child instanceof Text) {
      const text = collapse(child.data);
      if (text) into.push(text);
    } else if (child instanceof TreeNode) {
      if (child.name === 'tbody' && Object.keys(child.attribs).length === 0) {
        lightShape(child, into);
        continue;
      }
      into.push(`<${child.name}${attributesOf(Object.entries(child.attribs))}>`);
      lightShape(child, into);
      into.push(`</${child.name}>`);
    }
  }
}

/** The shapes of the head and body DOMParser builds, and of the light tree's (null when it declines the page). */
export function shapes(slim: string): { dom: string[]; light: string[] } | null {
  const { tree } = buildLightTree(slim);
  if (!tree) return null;
  const document = new DOMParser().parseFromString(slim, 'text/html');
  const dom: string[] = [];
  const light: string[] = [];
  for (const [part, mine] of [[document.head, tree.head], [document.body, tree.body]] as const) {
    dom.push(`[${part.localName}]`);
    domShape(part, dom);
    light.push(`[${part.localName}]`);
    if (mine) lightShape(mine, light);
  }
  return { dom, light };
}
