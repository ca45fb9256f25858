import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { QrCode } from '../../../components/popup/QrCode';
import { qrMatrix, qrPath } from '../../../utils/expert/qr';

const LINK = 'https://s.click.taobao.com/t?e=mine-605258110430';
const QUIET = 4;

/** The 7×7 finder pattern: dark ring, light ring, dark 3×3 centre. */
function finderAt(matrix: boolean[][], top: number, left: number): boolean {
  for (let y = 0; y < 7; y++) {
    for (let x = 0; x < 7; x++) {
      const ring = Math.max(Math.abs(y - 3), Math.abs(x - 3));
      if (matrix[top + y]?.[left + x] !== (ring !== 2)) return false;
    }
  }
  return true;
}

afterEach(cleanup);

describe('QR codes of shared links', () => {
  it('is a square of 21 + 4n modules plus the quiet zone, with the three finder patterns and timing lines', () => {
    const matrix = qrMatrix(LINK);
    const size = matrix.length;
    const symbol = size - 2 * QUIET;
    expect(matrix.every((row) => row.length === size)).toBe(true);
    expect((symbol - 21) % 4).toBe(0);
    expect(symbol).toBeGreaterThanOrEqual(21);
    expect(finderAt(matrix, QUIET, QUIET)).toBe(true);
    expect(finderAt(matrix, QUIET, size - QUIET - 7)).toBe(true);
    expect(finderAt(matrix, size - QUIET - 7, QUIET)).toBe(true);
    expect(finderAt(matrix, size - QUIET - 7, size - QUIET - 7)).toBe(false);
    // Timing pattern: row and column 6 of the symbol alternate dark/light between the finders.
    for (let i = 8; i < symbol - 8; i++) {
      expect(matrix[QUIET + 6]?.[QUIET + i]).toBe(i % 2 === 0);
      expect(matrix[QUIET + i]?.[QUIET + 6]).toBe(i % 2 === 0);
    }
    // The quiet zone is light all round.
    expect(matrix.slice(0, QUIET).flat().some(Boolean)).toBe(false);
    expect(matrix.map((row) => row[0]).some(Boolean)).toBe(false);
  });

  it('is deterministic for a given link and differs for another', () => {
    expect(qrMatrix(LINK)).toEqual(qrMatrix(LINK));
    expect(qrPath(qrMatrix(LINK))).toBe(qrPath(qrMatrix(LINK)));
    expect(qrMatrix(`${LINK}x`)).not.toEqual(qrMatrix(LINK));
  });

  it('draws exactly the dark modules', () => {
    const matrix = [
      [true, true, false],
      [false, true, false],
      [true, false, true],
    ];
    expect(qrPath(matrix)).toBe('M0 0h2v1h-2zM1 1h1v1h-1zM0 2h1v1h-1zM2 2h1v1h-1z');
  });

  it('renders as Preact SVG elements with a label', () => {
    const { getByRole } = render(<QrCode text={LINK} label="QR code of the link" />);
    const svg = getByRole('img', { name: 'QR code of the link' });
    expect(svg.getAttribute('viewBox')).toBe(`0 0 ${qrMatrix(LINK).length} ${qrMatrix(LINK).length}`);
    expect(svg.querySelector('path')?.getAttribute('d')).toBe(qrPath(qrMatrix(LINK)));
  });
});
