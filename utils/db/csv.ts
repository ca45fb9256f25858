import { minorDigits } from '../currency-digits';
import type { Price } from '../product';
import type { HaowuDb } from './open';
import { pickById } from './pick-chunks';
import { storeOf } from './products';

/** Characters that make a spreadsheet treat a cell as a formula (or smuggle one in after a tab/CR). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One RFC 4180 field, with cells that a spreadsheet would run as a formula defused by a leading '. */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180: CRLF between records, header first. */
export const toCsv = (rows: readonly (readonly (string | number | null | undefined)[])[]): string =>
  rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';

/** "12.50" or "12.50-15.00", in the currency's major unit. */
export function formatPriceAmount(price: Price | null | undefined): string {
  if (!price) return '';
  const digits = minorDigits(price.currency);
  const major = (minor: number) => (minor / 10 ** digits).toFixed(digits);
  return price.minMinor === price.maxMinor ? major(price.minMinor) : `${major(price.minMinor)}-${major(price.maxMinor)}`;
}

const iso = (time: number) => new Date(time).toISOString();

export async function exportSavedCsv(db: HaowuDb): Promise<string> {
  const tx = db.transaction(['saved', 'products', 'experts'], 'readonly');
  const saved = (await tx.objectStore('saved').index('by-savedAt').getAll()).reverse();
  const [products, experts] = await Promise.all([
    Promise.all(saved.map((item) => tx.objectStore('products').get(item.productKey))),
    Promise.all(saved.map((item) => (item.viaExpertId ? tx.objectStore('experts').get(item.viaExpertId) : undefined))),
  ]);
  await tx.done;
  const header = ['saved_at', 'title', 'store', 'price', 'currency', 'note', 'via_expert', 'url', 'product_key'];
  return toCsv([
    header,
    ...saved.map((item, i) => {
      const product = products[i];
      return [
        iso(item.savedAt),
        product?.title,
        // The store as the cart's CSV names it (its platform, or the domain of another store).
        product ? storeOf(product) : item.productKey.slice(0, item.productKey.indexOf(':')),
        formatPriceAmount(product?.lastPrice),
        product?.lastPrice?.currency,
        item.note,
        experts[i]?.displayName ?? item.viaExpertId,
        product?.canonicalUrl,
        item.productKey,
      ];
    }),
  ]);
}

export async function exportCartCsv(db: HaowuDb): Promise<string> {
  const tx = db.transaction(['cart', 'products', 'pickChunks'], 'readonly');
  const lines = await tx.objectStore('cart').index('by-store').getAll();
  const [products, recommendations] = await Promise.all([
    Promise.all(lines.map((line) => tx.objectStore('products').get(line.productKey))),
    Promise.all(lines.map((line) => (line.viaRecommendationId ? pickById(tx, line.viaRecommendationId) : undefined))),
  ]);
  await tx.done;
  const header = ['store', 'title', 'variant', 'quantity', 'unit_price', 'currency', 'added_at', 'partner_link', 'url', 'product_key'];
  return toCsv([
    header,
    ...lines.map((line, i) => {
      const product = products[i];
      return [
        line.store,
        product?.title,
        line.variant,
        line.quantity,
        formatPriceAmount(product?.lastPrice),
        product?.lastPrice?.currency,
        iso(line.addedAt),
        recommendations[i]?.partnerLink,
        product?.canonicalUrl,
        line.productKey,
      ];
    }),
  ]);
}
