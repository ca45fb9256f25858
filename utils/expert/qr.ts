import { encode } from 'uqr';

/*
 * QR codes for sharing a pick's link with phone shoppers. uqr (MIT, no dependencies) computes the
 * module matrix; Haowu draws it itself as one SVG path, so no markup string is ever injected.
 */

/**
 * The QR modules, `true` for dark, with the standard 4-module quiet zone, at the smallest size (version)
 * that holds `text`: with medium error correction when it fits (up to 2,331 bytes), else with low (up
 * to 2,953 bytes, the largest QR code there is). Null when no QR code can hold it: a valid partner link
 * may be up to 2,048 characters, and each non-ASCII character takes up to 4 bytes.
 */
export function qrMatrix(text: string): boolean[][] | null {
  for (const ecc of ['M', 'L'] as const) {
    try {
      return encode(text, { ecc, border: 4 }).data;
    } catch (error) {
      if (!(error instanceof RangeError && error.message === 'Data too long')) throw error;
    }
  }
  return null;
}

/** One SVG path drawing every dark module as a 1×1 square, in matrix coordinates. */
export function qrPath(matrix: readonly (readonly boolean[])[]): string {
  const parts: string[] = [];
  matrix.forEach((row, y) => {
    // Runs of dark modules become one rectangle, which keeps the path short.
    let x = 0;
    while (x < row.length) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x++;
      parts.push(`M${start} ${y}h${x - start}v1h${start - x}z`);
    }
  });
  return parts.join('');
}
