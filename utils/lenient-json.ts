/*
 * JSON-LD as stores write it, not as the JSON grammar wants it. Browsers and search engines accept
 * blocks with raw line breaks or tabs inside strings, trailing commas, comments and HTML-escaped
 * quotes, so stores ship them; a strict JSON.parse drops the whole block. This is a small pre-pass
 * rather than a library: JSON5 still refuses raw line breaks in strings, and a general JSON repairer
 * costs several KB of the content script's 30 KB budget for cases no store page shows.
 */

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** `&amp;`, `&quot;`, `&#233;`, `&#x2F;` … as the characters they stand for; unknown entities stay as written. */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  // At most 5 hex or 6 decimal digits: every such number is a code point String.fromCodePoint accepts.
  return text.replace(/&(?:#x([\da-f]{1,5})|#(\d{1,6})|([a-z]{2,4}));/gi, (entity, hex?: string, decimal?: string, name?: string) =>
    hex || decimal ? String.fromCodePoint(hex ? parseInt(hex, 16) : Number(decimal)) : (NAMED_ENTITIES[name!.toLowerCase()] ?? entity),
  );
}

// A string (possibly unterminated), a line or block comment, or a run of anything else.
const TOKEN = /"(?:[^"\\]|\\[\s\S])*"?|\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|[^"/]+|\//g;
// Inside a string: a raw control character, or a backslash before a character JSON does not escape.
// eslint-disable-next-line no-control-regex -- raw control characters are exactly what this finds
const STRING_FAULT = /[\u0000-\u001f]|\\([^"\\/bfnrtu])/g;

/**
 * The text with what strict JSON refuses made valid: control characters inside strings escaped, invalid
 * escapes (`\'`) reduced to the character, `//` and block comments removed, commas before `}` or `]`
 * dropped. Valid JSON comes out unchanged. Linear: native regular expressions over tokens, not a loop per character.
 */
export function relaxJson(text: string): string {
  const parts: string[] = [];
  for (const [token] of text.matchAll(TOKEN)) {
    if (token.startsWith('"')) {
      parts.push(token.replace(STRING_FAULT, (fault, escaped?: string) => escaped ?? `\\u${fault.charCodeAt(0).toString(16).padStart(4, '0')}`));
    } else if (!token.startsWith('//') && !token.startsWith('/*')) {
      // A trailing comma: inside this run, or ending the run before a comment.
      const run = token.replace(/,(\s*[}\]])/g, '$1');
      if (/^\s*[}\]]/.test(run)) {
        const last = parts.findLastIndex((part) => part.trim() !== '');
        if (last >= 0) parts[last] = parts[last]!.replace(/,\s*$/, '');
      }
      parts.push(run);
    }
  }
  return parts.join('');
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
