/*
 * JSON-LD as stores write it, not as the JSON grammar wants it. Browsers and search engines accept
 * blocks with raw line breaks or tabs inside strings, trailing commas, comments and HTML-escaped
 * quotes, so stores ship them; a strict JSON.parse drops the whole block. This is a small pre-pass
 * rather than a library: JSON5 still refuses raw line breaks in strings, and a general JSON repairer
 * costs several KB of the content script's 30 KB budget for cases no store page shows.
 */

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', '#39': "'" };

/** `&amp;`, `&quot;`, `&#233;`, `&#x2F;` … as the characters they stand for; unknown entities stay as written. */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[\da-f]{1,6}|#\d{1,7}|[a-z]{2,6}|#39);/gi, (entity, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#')) {
      const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED_ENTITIES[lower] ?? entity;
  });
}

const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u']);

/**
 * The text with what strict JSON refuses made valid: control characters inside strings escaped, invalid
 * escapes (`\'`) reduced to the character, `//` and block comments removed, commas before `}` or `]`
 * dropped. Valid JSON comes out unchanged.
 */
export function relaxJson(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === '\\') {
        const next = text[i + 1] ?? '';
        out += ESCAPES.has(next) ? ch + next : next;
        i++;
      } else if (ch < ' ') {
        out += `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
      } else {
        if (ch === '"') inString = false;
        out += ch;
      }
    } else if (ch === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end - 1;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (ch === ',' && /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*[}\]]/.test(text.slice(i + 1, i + 200))) {
      // A trailing comma: skip it.
    } else {
      if (ch === '"') inString = true;
      out += ch;
    }
  }
  return out;
}

/** HTML comment and CDATA wrappers some CMSes put inside `<script>` blocks. */
const WRAPPERS = /^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$/g;

/**
 * Parses a JSON-LD block: strictly when it is valid JSON, else after `relaxJson`, else after also decoding
 * HTML entities (a block written `{&quot;@type&quot;: …}`). Throws when none of them gives JSON.
 */
export function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const unwrapped = text.replace(WRAPPERS, '');
    try {
      return JSON.parse(relaxJson(unwrapped)) as unknown;
    } catch (error) {
      if (!unwrapped.includes('&quot;')) throw error;
      return JSON.parse(relaxJson(decodeHtmlEntities(unwrapped))) as unknown;
    }
  }
}
