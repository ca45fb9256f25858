import { TextDecoder } from 'node:util';
import { bomCharset, declaredCharset } from '../../utils/price-tracking/page-charset';

export interface DecodedPage {
  text: string;
  /** The encoding used, as TextDecoder names it. */
  charset: string;
  /** Why that encoding: a byte-order mark, --charset, UTF-8 that reads right, the page's <meta>, or the fallback (GB18030). */
  source: 'bom' | 'option' | 'utf-8' | 'meta' | 'fallback';
}

/** The charset a page's `<meta>` declares: read as a background price check reads a served page (utils/price-tracking/page-charset.ts). */
export { declaredCharset } from '../../utils/price-tracking/page-charset';

function decoderFor(label: string): TextDecoder {
  try {
    return new TextDecoder(label);
  } catch {
    throw new Error(`unknown charset "${label}" (try utf-8, gbk, gb18030, big5, shift_jis, euc-jp)`);
  }
}

interface Attempt {
  text: string;
  charset: string;
  /** Bytes the charset could not decode (U+FFFD in the text). */
  errors: number;
}

function attempt(bytes: Uint8Array, label: string): Attempt | null {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    return null; // An unknown label in the page.
  }
  const text = decoder.decode(bytes);
  let errors = 0;
  for (let at = text.indexOf('\ufffd'); at >= 0; at = text.indexOf('\ufffd', at + 1)) errors++;
  return { text, charset: decoder.encoding, errors };
}

/**
 * Whether a decoding reads right: no undecodable bytes, or fewer than 1 per 100 non-ASCII characters (a
 * saved page cut mid-character, a stray byte). Bytes in the wrong charset break nearly every character.
 */
function readsRight({ text, errors }: Attempt): boolean {
  if (errors === 0) return true;
  let nonAscii = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) nonAscii++;
  return errors * 100 <= nonAscii;
}

/**
 * Decodes a saved page: a byte-order mark wins, then `--charset`; otherwise the first of UTF-8 (saved
 * pages are often re-encoded but keep their old `<meta charset=gbk>`), the charset the page declares,
 * and GB18030 (Haowu's stores are Chinese; it is a superset of GBK and GB2312) that reads right. A page
 * declaring UTF-8 with GBK bytes thus reads as GBK, and one declaring GBK with UTF-8 bytes as UTF-8.
 * When none reads right, the one with the fewest undecodable bytes.
 */
export function decodePage(bytes: Uint8Array, charsetOption?: string): DecodedPage {
  const bom = bomCharset(bytes);
  if (bom) return { text: new TextDecoder(bom).decode(bytes), charset: bom, source: 'bom' };
  if (charsetOption) {
    const decoder = decoderFor(charsetOption);
    return { text: decoder.decode(bytes), charset: decoder.encoding, source: 'option' };
  }
  const declared = declaredCharset(bytes);
  const tries: [Attempt | null, DecodedPage['source']][] = [
    [attempt(bytes, 'utf-8'), 'utf-8'],
    [declared ? attempt(bytes, declared) : null, 'meta'],
    [attempt(bytes, 'gb18030'), 'fallback'],
  ];
  const usable = tries.filter((entry): entry is [Attempt, DecodedPage['source']] => entry[0] !== null);
  const [best, source] = usable.find(([decoded]) => readsRight(decoded)) ?? usable.reduce((a, b) => (b[0].errors < a[0].errors ? b : a));
  return { text: best.text, charset: best.charset, source };
}
