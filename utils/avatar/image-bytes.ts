/*
 * What an image file is, read from its first bytes rather than from what the server says. An avatar
 * is downloaded from an address a feed names, so its Content-Type is only a claim: the bytes decide
 * which decoder may see the file, and the size its header declares is checked before decoding, so a
 * small file that would unpack to an enormous bitmap (a "decompression bomb") is never decoded.
 */

/** The raster types Haowu decodes. Never SVG: it is a document that can load other resources. */
export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp' | 'image/avif';

export interface ImageSize {
  width: number;
  height: number;
}

const ascii = (bytes: Uint8Array, at: number, text: string) => {
  if (at + text.length > bytes.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
};

const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u24le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + ((b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!);

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** AVIF files are ISO-BMFF: an `ftyp` box naming `avif` (still) or `avis` (sequence) as major or compatible brand. */
function isAvif(bytes: Uint8Array): boolean {
  if (bytes.length < 16 || !ascii(bytes, 4, 'ftyp')) return false;
  const boxSize = Math.min(u32be(bytes, 0), bytes.length, 256);
  if (ascii(bytes, 8, 'avif') || ascii(bytes, 8, 'avis')) return true;
  for (let at = 16; at + 4 <= boxSize; at += 4) if (ascii(bytes, at, 'avif') || ascii(bytes, at, 'avis')) return true;
  return false;
}

/** The image type the bytes start with, or null for anything else (SVG, HTML, an error page …). */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (bytes.length >= 8 && PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (ascii(bytes, 0, 'GIF87a') || ascii(bytes, 0, 'GIF89a')) return 'image/gif';
  if (ascii(bytes, 0, 'RIFF') && ascii(bytes, 8, 'WEBP')) return 'image/webp';
  if (isAvif(bytes)) return 'image/avif';
  return null;
}

function pngSize(b: Uint8Array): ImageSize | null {
  // The first chunk must be IHDR: width and height as 32-bit big-endian numbers.
  if (b.length < 24 || !ascii(b, 12, 'IHDR')) return null;
  return { width: u32be(b, 16), height: u32be(b, 20) };
}

function gifSize(b: Uint8Array): ImageSize | null {
  return b.length < 10 ? null : { width: u16le(b, 6), height: u16le(b, 8) };
}

/** JPEG: walk the marker segments to the first start-of-frame, which holds the size. */
function jpegSize(b: Uint8Array): ImageSize | null {
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    // Markers without a length: TEM and RST0–7 (SOI/EOI would not appear here in a sane file).
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
      at += 2;
      continue;
    }
    const length = u16be(b, at + 2);
    if (length < 2) return null;
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (at + 9 > b.length) return null;
      return { width: u16be(b, at + 7), height: u16be(b, at + 5) };
    }
    at += 2 + length;
  }
  return null;
}

function webpSize(b: Uint8Array): ImageSize | null {
  if (b.length < 30) return null;
  if (ascii(b, 12, 'VP8 ')) {
    // Lossy: a 3-byte frame tag, the start code 9d 01 2a, then 14-bit width and height.
    if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return null;
    return { width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
  }
  if (ascii(b, 12, 'VP8L')) {
    // Lossless: the signature 0x2f, then width−1 and height−1 in 14 bits each, little-endian.
    if (b[20] !== 0x2f) return null;
    const bits = (b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24)) >>> 0;
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (ascii(b, 12, 'VP8X')) {
    // Extended: flags, then canvas width−1 and height−1 in 24 bits each.
    return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
  }
  return null;
}

/** How far into an AVIF file its `ispe` properties are looked for: they sit in the `meta` box, near the start. */
const AVIF_HEADER_SCAN = 64 * 1024;

/**
 * AVIF: the `ispe` (image spatial extent) properties give each image's size. Every one found is
 * taken, and the largest counts, so a small thumbnail property cannot hide a huge primary image.
 */
function avifSize(b: Uint8Array): ImageSize | null {
  let size: ImageSize | null = null;
  const end = Math.min(b.length, AVIF_HEADER_SCAN);
  for (let at = 4; at + 16 <= end; at++) {
    if (b[at] !== 0x69 || !ascii(b, at, 'ispe')) continue; // 'i'
    const found = { width: u32be(b, at + 8), height: u32be(b, at + 12) };
    if (!size || found.width * found.height > size.width * size.height) size = found;
  }
  return size;
}

/** The width and height the file's header declares, or null when it cannot be read. */
export function imageSize(bytes: Uint8Array, type: ImageType): ImageSize | null {
  const size =
    type === 'image/png'
      ? pngSize(bytes)
      : type === 'image/gif'
        ? gifSize(bytes)
        : type === 'image/jpeg'
          ? jpegSize(bytes)
          : type === 'image/webp'
            ? webpSize(bytes)
            : avifSize(bytes);
  return size && size.width > 0 && size.height > 0 ? size : null;
}
