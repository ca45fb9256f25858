import { beforeEach, describe, expect, it } from 'vitest';
import { addToCart } from '../../../utils/db/cart';
import { csvCell, exportCartCsv, exportSavedCsv, formatPriceAmount, toCsv } from '../../../utils/db/csv';
import { followExpert } from '../../../utils/db/experts';
import type { HaowuDb } from '../../../utils/db/open';
import { recordProductSeen } from '../../../utils/db/products';
import { putRecommendations } from '../../../utils/db/recommendations';
import { saveProduct } from '../../../utils/db/saved';
import { detected, freshDb } from './helpers';
import { recommendation } from './records';

/** A minimal RFC 4180 reader, to check that what we write reads back as the same cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('CSV cells', () => {
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(3)).toBe('3');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    for (const text of ['=HYPERLINK("x")', '+1', '-2+3', '@SUM(A1)', '\tx', '\r=1']) {
      const cell = parseCsv(toCsv([[text]]))[0]![0]!;
      expect(cell).toBe(`'${text}`);
    }
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('round-trips arbitrary cells through a reader', () => {
    const rows = [['a', 'b,"c"', 'line\r\nbreak'], ['', 'x', '"']];
    expect(parseCsv(toCsv(rows))).toEqual(rows);
  });

  it('formats prices in the currency’s major unit', () => {
    expect(formatPriceAmount({ currency: 'CNY', minMinor: 19900, maxMinor: 19900 })).toBe('199.00');
    expect(formatPriceAmount({ currency: 'CNY', minMinor: 100, maxMinor: 250 })).toBe('1.00-2.50');
    expect(formatPriceAmount({ currency: 'JPY', minMinor: 1500, maxMinor: 1500 })).toBe('1500');
    expect(formatPriceAmount(null)).toBe('');
  });
});

describe('CSV exports', () => {
  let db: HaowuDb;
  beforeEach(async () => {
    db = await freshDb();
  });

  it('exports saved items newest first with product and expert, defusing hostile titles', async () => {
    await recordProductSeen(db, detected({ title: '=cmd|"/c calc"!A1' }), 1);
    await recordProductSeen(db, detected({ productId: '2', title: 'Mug, blue' }), 1);
    await followExpert(db, { id: 'fp-a', kind: 'feed', displayName: 'Alice', bio: '', avatarUrl: null, feedUrl: null });
    await saveProduct(db, 'tmall:600001', { note: 'gift', viaExpertId: 'fp-a' }, Date.UTC(2025, 0, 1));
    await saveProduct(db, 'tmall:2', {}, Date.UTC(2025, 0, 2));
    const rows = parseCsv(await exportSavedCsv(db));
    expect(rows[0]).toEqual(['saved_at', 'title', 'store', 'price', 'currency', 'note', 'via_expert', 'url', 'product_key']);
    // The store named as the cart's CSV names it (issue 16: this said tmall.com, the cart's tmall).
    expect(rows[1]).toEqual(['2025-01-02T00:00:00.000Z', 'Mug, blue', 'tmall', '199.00', 'CNY', '', '', 'https://detail.tmall.com/item.htm?id=2', 'tmall:2']);
    expect(rows[2]?.slice(1, 2)).toEqual([`'=cmd|"/c calc"!A1`]);
    expect(rows[2]?.slice(5, 7)).toEqual(['gift', 'Alice']);
    expect(rows).toHaveLength(3);
  });

  it('exports cart lines with the partner link of the pick they came through', async () => {
    await recordProductSeen(db, detected(), 1);
    await putRecommendations(db, [recommendation()]);
    await addToCart(db, { productKey: 'tmall:600001', quantity: 2, variant: 'M, blue', viaRecommendationId: 'rec-1' }, Date.UTC(2025, 0, 1));
    const rows = parseCsv(await exportCartCsv(db));
    expect(rows[1]).toEqual([
      'tmall',
      'Linen shirt',
      'M, blue',
      '2',
      '199.00',
      'CNY',
      '2025-01-01T00:00:00.000Z',
      'https://s.click.taobao.com/abc',
      'https://detail.tmall.com/item.htm?id=600001',
      'tmall:600001',
    ]);
  });
});
