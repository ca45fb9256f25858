/*
 * A page's bytes as text, in the charset it is written in. Chinese stores still serve GBK and GB18030
 * pages; `Response.text()` reads every page as UTF-8, which turns their titles into mojibake. A browser
 * decodes a served page by its byte-order mark, then the Content-Type's charset, then the `<meta>` in
 * its head (WHATWG Encoding §4 "decode", HTML §13.2.3 "determining the character encoding"); so does
 * a background price check. `declaredCharset` is also how `npm run detect` reads a saved page's
 * `<meta>` (tests/tools/decode-page.ts).
 */

const BOMS: [number[], string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/** The charset a byte-order mark at the start of `bytes` names, or null. */
export function bomCharset(bytes: Uint8Array): string | null {
  return BOMS.find(([bom]) => bom.every((byte, i) => bytes[i] === byte))?.[1] ?? null;
}

/**
 * The charset a page declares in its <head> (`<meta charset>` or `http-equiv` content), or null. Saved DOMs
 * often put injected scripts first, so this reads the whole head (up to 1 MB), not just the first 1 kB.
 */
export function declaredCharset(bytes: Uint8Array): string | null {
  // Every byte is one character here: the markup around the charset is ASCII in every charset this reads.
  const start = new TextDecoder('latin1').decode(bytes.subarray(0, 1 << 20));
  const headEnd = start.search(/<\/head\s*>/i);
  const head = headEnd >= 0 ? start.slice(0, headEnd) : start.slice(0, 65536);
  return /<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1]?.toLowerCase() ?? null;
}

/** The charset a Content-Type header names (`text/html; charset=GBK`), or null. */
export const headerCharset = (contentType: string | null): string | null => /;\s*charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1] ?? null;

/** A decoder for `label` when this runtime knows it (and it is not UTF-16, which a `<meta>` cannot truly declare), else null. */
function decoderFor(label: string | null, fromMeta: boolean): TextDecoder | null {
  if (!label) return null;
  try {
    const decoder = new TextDecoder(label);
    // HTML: a `<meta>` naming UTF-16 was read as ASCII, so the page is not UTF-16; it means UTF-8.
    return fromMeta && decoder.encoding.startsWith('utf-16') ? new TextDecoder('utf-8') : decoder;
  } catch {
    return null;
  }
}

/**
 * A served page's text: decoded by its byte-order mark, else the charset its Content-Type names, else the
 * one its `<meta>` declares, else UTF-8. A label this runtime does not know is passed over.
 */
export function decodeServedPage(bytes: Uint8Array, contentType: string | null): string {
  const decoder =
    decoderFor(bomCharset(bytes), false) ?? decoderFor(headerCharset(contentType), false) ?? decoderFor(declaredCharset(bytes), true) ?? new TextDecoder('utf-8');
  return decoder.decode(bytes);
}
