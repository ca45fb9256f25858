import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../../components/I18n';
import { QrCode } from '../../../components/popup/QrCode';
import { recommendationProblems } from '../../../utils/expert/recommend-rules';
import { qrMatrix, qrPath } from '../../../utils/expert/qr';
import * as studioStrings from '../../../utils/i18n/strings/studio';
import { registrableDomainOf } from '../../../utils/registrable-domain';

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
    const matrix = qrMatrix(LINK)!;
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
    expect(qrPath(qrMatrix(LINK)!)).toBe(qrPath(qrMatrix(LINK)!));
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
    expect(svg.getAttribute('viewBox')).toBe(`0 0 ${qrMatrix(LINK)!.length} ${qrMatrix(LINK)!.length}`);
    expect(svg.querySelector('path')?.getAttribute('d')).toBe(qrPath(qrMatrix(LINK)!));
  });
});

describe('QR codes of long but valid partner links', () => {
  const product = { platform: 'taobao', url: 'https://item.taobao.com/item.htm?id=562283240178' } as const;
  /** A Taobao product link whose query names the product in Chinese (3 bytes a character in a QR code). */
  const linkWith = (chinese: number) => `https://item.taobao.com/item.htm?id=562283240178&q=${'水壶'.repeat(chinese / 2)}`;
  const fields = (partnerLink: string) => ({ reason: 'A kettle that lasts.', rating: 5, stockNote: '', tags: [], expiresAt: null, partnerLink });
  const bytes = (text: string) => new TextEncoder().encode(text).length;

  it('are valid partner links (the expert could save them)', () => {
    for (const link of [linkWith(850), linkWith(998)]) expect(recommendationProblems(fields(link), product, 0, registrableDomainOf)).toEqual([]);
  });

  it('use a larger QR code with low error correction when medium does not fit', () => {
    const link = linkWith(850);
    expect(bytes(link)).toBeGreaterThan(2331); // more than version 40 holds at medium error correction
    const matrix = qrMatrix(link)!;
    const version = (matrix.length - 2 * QUIET - 17) / 4;
    expect(Number.isInteger(version) && version >= 1 && version <= 40).toBe(true);
    expect(matrix.every((row) => row.length === matrix.length)).toBe(true);
    expect(finderAt(matrix, QUIET, QUIET)).toBe(true);
  });

  it('are said to be too long, in English and in Chinese, instead of crashing', () => {
    const link = linkWith(998);
    expect(bytes(link)).toBeGreaterThan(2953); // more than any QR code holds
    expect(qrMatrix(link)).toBeNull();
    for (const [language, text] of [
      ['en', 'This link is too long for a QR code'],
      ['zh', '这个链接太长，无法生成二维码'],
    ] as const) {
      const { container, unmount } = render(
        <I18nProvider language={language} strings={{ en: studioStrings.en, zh: studioStrings.zh }}>
          <QrCode text={link} label="QR code of the link" />
        </I18nProvider>,
      );
      expect(container.textContent).toContain(text);
      expect(container.querySelector('svg')).toBeNull();
      unmount();
    }
  });
});
