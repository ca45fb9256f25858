// The content script runs in an isolated world and cannot read page globals (g_config, pageConfig,
// window.rawData), so it reads them from the text of inline <script> elements.

/**
 * The text of the first inline script (no src) that contains `marker` (and matches `pattern`, when given,
 * e.g. an assignment rather than a mention), or null. Stops at the first hit.
 */
export function inlineScriptContaining(document: Document, marker: string, pattern?: RegExp): string | null {
  const scripts = document.getElementsByTagName('script');
  for (let i = 0; i < scripts.length; i++) {
    const script = scripts[i]!;
    if (script.hasAttribute('src')) continue;
    const text = script.textContent ?? '';
    if (text.includes(marker) && (!pattern || pattern.test(text))) return text;
  }
  return null;
}

/**
 * The balanced `{…}` or `[…]` that starts at or after `from` in `text`, honouring strings and escapes;
 * null when it never closes. Bounded by the text length, so hostile input cannot make it loop.
 */
export function balancedSlice(text: string, from: number): string | null {
  let start = -1;
  for (let i = from; i < text.length && i < from + 200; i++) {
    const ch = text[i];
    if (ch === '{' || ch === '[') {
      start = i;
      break;
    }
  }
  if (start < 0) return null;
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return null;
}

/**
 * JSON.parse of the object or array that follows `marker` in `text` (`TShop.Setup(`, or a pattern such as
 * /rawData\s*=/), or null when there is none or it is not JSON.
 */
export function jsonAfter(text: string, marker: string | RegExp): unknown {
  let end = -1;
  if (typeof marker === 'string') {
    const at = text.indexOf(marker);
    if (at >= 0) end = at + marker.length;
  } else {
    const match = new RegExp(marker.source, marker.flags.replace('g', '')).exec(text);
    if (match) end = match.index + match[0].length;
  }
  if (end < 0) return null;
  const slice = balancedSlice(text, end);
  if (!slice) return null;
  try {
    return JSON.parse(slice) as unknown;
  } catch {
    return null;
  }
}

const JS_ESCAPE = /\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\s\S])/g;
const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** Decodes the escapes of a JavaScript string literal body (`\u534e`, `\x41`, `\'`). */
export function unescapeJsString(body: string): string {
  return body.replace(JS_ESCAPE, (_all, esc: string) => {
    if (esc.startsWith('u{')) return String.fromCodePoint(Math.min(parseInt(esc.slice(2, -1), 16), 0x10ffff));
    if (esc.length > 1 && (esc[0] === 'u' || esc[0] === 'x')) return String.fromCharCode(parseInt(esc.slice(1), 16));
    return SIMPLE_ESCAPES[esc] ?? esc;
  });
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The value of `name: 'string'`, `name: "string"` or `name: 123` in a JavaScript object literal (as in
 * `var g_config = { shopName: '\u6021…' }`), or null. Reads the first occurrence only.
 */
export function jsLiteralField(text: string, name: string): string | null {
  const pattern = new RegExp(`(?:^|[\\s,{;])["']?${escapeRegExp(name)}["']?\\s*:\\s*(?:"((?:\\\\.|[^"\\\\\\n]){0,2000})"|'((?:\\\\.|[^'\\\\\\n]){0,2000})'|(-?\\d{1,20}(?:\\.\\d+)?))`);
  const match = pattern.exec(text);
  if (!match) return null;
  const body = match[1] ?? match[2];
  return body !== undefined ? unescapeJsString(body) : (match[3] ?? null);
}
