/* Image files as far as Haowu reads them (magic bytes and the header's size), built byte by byte. */

const text = (s: string) => [...s].map((c) => c.charCodeAt(0));
const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const be16 = (n: number) => [(n >>> 8) & 255, n & 255];
const le16 = (n: number) => [n & 255, (n >>> 8) & 255];
const le24 = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255];
const pad = (bytes: number[], length: number): Uint8Array<ArrayBuffer> => new Uint8Array([...bytes, ...new Array<number>(Math.max(0, length - bytes.length)).fill(0)]);

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function png(width: number, height: number, length = 64): Uint8Array<ArrayBuffer> {
  return pad([...PNG_SIGNATURE, ...be32(13), ...text('IHDR'), ...be32(width), ...be32(height), 8, 6, 0, 0, 0], length);
}

/** A JPEG with an APP0 segment before the frame header, as real files have. */
export function jpeg(width: number, height: number, length = 64): Uint8Array<ArrayBuffer> {
  const app0 = [0xff, 0xe0, ...be16(16), ...text('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof0 = [0xff, 0xc0, ...be16(17), 8, ...be16(height), ...be16(width), 3];
  return pad([0xff, 0xd8, ...app0, ...sof0], length);
}

export function gif(width: number, height: number, length = 32): Uint8Array<ArrayBuffer> {
  return pad([...text('GIF89a'), ...le16(width), ...le16(height)], length);
}

export function webp(width: number, height: number, kind: 'VP8 ' | 'VP8L' | 'VP8X' = 'VP8 ', length = 64): Uint8Array<ArrayBuffer> {
  const head = [...text('RIFF'), ...le24(length - 8), 0, ...text('WEBP'), ...text(kind), 0, 0, 0, 0];
  if (kind === 'VP8 ') return pad([...head, 0, 0, 0, 0x9d, 0x01, 0x2a, ...le16(width), ...le16(height)], length);
  if (kind === 'VP8L') {
    const bits = ((width - 1) | ((height - 1) << 14)) >>> 0;
    return pad([...head, 0x2f, bits & 255, (bits >>> 8) & 255, (bits >>> 16) & 255, (bits >>> 24) & 255], length);
  }
  return pad([...head, 0, 0, 0, 0, ...le24(width - 1), ...le24(height - 1)], length);
}

export function avif(width: number, height: number, length = 96): Uint8Array<ArrayBuffer> {
  const ftyp = [...be32(24), ...text('ftyp'), ...text('avif'), 0, 0, 0, 0, ...text('mif1'), ...text('miaf')];
  const ispe = [...be32(20), ...text('ispe'), 0, 0, 0, 0, ...be32(width), ...be32(height)];
  return pad([...ftyp, ...be32(8 + ispe.length), ...text('meta'), ...ispe], length);
}

export const bytesOf = (s: string) => new TextEncoder().encode(s);

/** A valid stored copy (a tiny WebP), as the fetcher writes it. */
export const webpDataUrl = (length = 200) => `data:image/webp;base64,${Buffer.from(webp(96, 96, 'VP8 ', length)).toString('base64')}`;
export const pngDataUrl = (length = 200) => `data:image/png;base64,${Buffer.from(png(96, 96, length)).toString('base64')}`;
