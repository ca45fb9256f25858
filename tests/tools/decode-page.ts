import { TextDecoder } from 'node:util';

export interface DecodedPage {
  text: string;
  /** The encoding used, as TextDecoder names it. */
  charset: string;
  /** Why that encoding: a byte-order mark, --charset, valid UTF-8, the page's <meta>, or the fallback. */
  source: 'bom' | 'option' | 'utf-8' | 'meta' | 'fallback';
}

const BOMS: [number[], string][] = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xff, 0xfe], 'utf-16le'],
  [[0xfe, 0xff], 'utf-16be'],
];

/**
 * The charset a page declares in its <head> (`<meta charset>` or `http-equiv` content), or null. Saved DOMs
 * often put injected scripts first, so this reads the whole head (up to 1 MB), not just the first 1 kB.
 */
export function declaredCharset(bytes: Uint8Array): string | null {
  const start = new TextDecoder('latin1').decode(bytes.subarray(0, 1 << 20));
  const headEnd = start.search(/<\/head\s*>/i);
  const head = headEnd >= 0 ? start.slice(0, headEnd) : start.slice(0, 65536);
  return /<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1]?.toLowerCase() ?? null;
}

function decoderFor(label: string): TextDecoder {
  try {
    return new TextDecoder(label);
  } catch {
    throw new Error(`unknown charset "${label}" (try utf-8, gbk, gb18030, big5, shift_jis, euc-jp)`);
  }
}

/**
 * Decodes a saved page: a byte-order mark wins, then `--charset`, then UTF-8 when the bytes are valid
 * UTF-8 (saved pages are often re-encoded but keep their old <meta charset=gbk>), then the declared
 * charset, then GB18030 (Haowu's stores are Chinese; it is a superset of GBK and GB2312).
 */
export function decodePage(bytes: Uint8Array, charsetOption?: string): DecodedPage {
  for (const [bom, charset] of BOMS) {
    if (bom.every((byte, i) => bytes[i] === byte)) return { text: new TextDecoder(charset).decode(bytes), charset, source: 'bom' };
  }
  if (charsetOption) {
    const decoder = decoderFor(charsetOption);
    return { text: decoder.decode(bytes), charset: decoder.encoding, source: 'option' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), charset: 'utf-8', source: 'utf-8' };
  } catch {
    // Not UTF-8: fall through to what the page says about itself.
  }
  const declared = declaredCharset(bytes);
  if (declared) {
    try {
      const decoder = new TextDecoder(declared);
      return { text: decoder.decode(bytes), charset: decoder.encoding, source: 'meta' };
    } catch {
      // An unknown label in the page: use the fallback.
    }
  }
  return { text: new TextDecoder('gb18030').decode(bytes), charset: 'gb18030', source: 'fallback' };
}
