/*
 * File names and anchors for picks, stores and tags. Ids are any printable ASCII and tags any text, so
 * a slug keeps lowercase letters, digits and "-" and writes every other UTF-8 byte as "_" and two hex
 * digits ("Kitchen & home" → "_4bitchen_20_26_20home"). That is one-to-one (two ids never share a
 * page), safe in a URL path, a fragment and a file name on every system, and the same on
 * case-insensitive file systems, where "A.html" and "a.html" would be one file after unzipping.
 */

const KEPT = /^[a-z0-9-]$/;
const utf8 = new TextEncoder();

export function slug(text: string): string {
  let out = '';
  for (const char of text) {
    if (KEPT.test(char)) out += char;
    else for (const byte of utf8.encode(char)) out += `_${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}
