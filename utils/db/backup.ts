import { z } from 'zod';
import { HaowuError, describeZodError } from '../errors';
import type { HaowuDb } from './open';
import { isAllowedPartnerLink } from './partner-link';
import { CartRecord, ExpertRecord, ProductRecord, PurchaseRecord, RecommendationRecord, SavedRecord, type HaowuSchema } from './schema';

export const BACKUP_FORMAT = 'haowu-backup';
export const BACKUP_VERSION = 1;

/** Caps keep a hostile or runaway file from exhausting memory; far above what a person accumulates. */
export const BACKUP_LIMITS = {
  chars: 48 * 1024 * 1024, // below Chrome's 64 MiB message limit
  products: 200_000,
  experts: 5_000,
  recommendations: 200_000,
  saved: 50_000,
  cart: 1_000,
  purchases: 50_000,
} as const;

const tooMany = (what: string, max: number) => `has more ${what} than Haowu accepts (at most ${max.toLocaleString('en')})`;

/** Names of the record arrays, and how each record is identified. */
const SECTIONS = {
  products: (r: ProductRecord) => r.key,
  experts: (r: ExpertRecord) => r.id,
  recommendations: (r: RecommendationRecord) => r.id,
  saved: (r: SavedRecord) => r.productKey,
  cart: (r: CartRecord) => JSON.stringify([r.productKey, r.variant]),
} as const;
type Section = keyof typeof SECTIONS;
const SECTION_NAMES = Object.keys(SECTIONS) as Section[];

export const Backup = z
  .object({
    format: z.literal(BACKUP_FORMAT),
    version: z.literal(BACKUP_VERSION),
    exportedAt: z.iso.datetime(),
    products: z.array(ProductRecord).max(BACKUP_LIMITS.products, tooMany('products', BACKUP_LIMITS.products)),
    experts: z.array(ExpertRecord).max(BACKUP_LIMITS.experts, tooMany('experts', BACKUP_LIMITS.experts)),
    recommendations: z
      .array(
        RecommendationRecord.refine((r) => r.partnerLink === null || isAllowedPartnerLink(r.partnerLink, r.productKey), {
          message: 'is not a link to a host of the product’s own store',
          path: ['partnerLink'],
        }),
      )
      .max(BACKUP_LIMITS.recommendations, tooMany('recommendations', BACKUP_LIMITS.recommendations)),
    saved: z.array(SavedRecord).max(BACKUP_LIMITS.saved, tooMany('saved items', BACKUP_LIMITS.saved)),
    cart: z.array(CartRecord).max(BACKUP_LIMITS.cart, tooMany('cart lines', BACKUP_LIMITS.cart)),
    // Added with database version 2 (checkout). Optional, so backups written before it still import.
    purchases: z.array(PurchaseRecord).max(BACKUP_LIMITS.purchases, tooMany('purchases', BACKUP_LIMITS.purchases)).optional(),
  })
  .superRefine((backup, ctx) => {
    // A record listed twice would make "which copy wins" depend on file order; refuse it instead.
    for (const section of SECTION_NAMES) {
      const keyOf = SECTIONS[section] as (record: unknown) => string;
      const seen = new Map<string, number>();
      backup[section].forEach((record, index) => {
        const key = keyOf(record);
        const first = seen.get(key);
        if (first === undefined) seen.set(key, index);
        else ctx.addIssue({ code: 'custom', path: [section, index], message: `is the same record as ${section}[${first}]` });
      });
    }
    const seenPurchases = new Map<string, number>();
    backup.purchases?.forEach((purchase, index) => {
      const first = seenPurchases.get(purchase.id);
      if (first === undefined) seenPurchases.set(purchase.id, index);
      else ctx.addIssue({ code: 'custom', path: ['purchases', index], message: `is the same record as purchases[${first}]` });
    });
  });
export type Backup = z.infer<typeof Backup>;
export type BackupData = Omit<Backup, 'format' | 'version' | 'exportedAt'>;

/** Copies only the fields a schema knows, so nothing else (a private key, say) ever leaves in a backup. */
function knownFields<T extends z.ZodObject>(schema: T, record: object): z.infer<T> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) if (key in record) out[key] = (record as Record<string, unknown>)[key];
  return out as z.infer<T>;
}

export async function readAllData(db: HaowuDb): Promise<BackupData> {
  const tx = db.transaction(SECTION_NAMES, 'readonly');
  const [products, experts, recommendations, saved, cart] = await Promise.all([
    tx.objectStore('products').getAll(),
    tx.objectStore('experts').getAll(),
    tx.objectStore('recommendations').getAll(),
    tx.objectStore('saved').getAll(),
    tx.objectStore('cart').getAll(),
  ]);
  await tx.done;
  return {
    products: products.map((r) => knownFields(ProductRecord, r)),
    experts: experts.map((r) => knownFields(ExpertRecord, r)),
    recommendations: recommendations.map((r) => knownFields(RecommendationRecord, r)),
    saved: saved.map((r) => knownFields(SavedRecord, r)),
    cart: cart.map((r) => knownFields(CartRecord, r)),
  };
}

export async function exportBackup(db: HaowuDb, now = Date.now()): Promise<Backup> {
  const data = await readAllData(db);
  const purchases = (await db.getAll('purchases')).map((r) => knownFields(PurchaseRecord, r));
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, exportedAt: new Date(now).toISOString(), ...data, purchases };
}

/** Checks a backup file completely; throws a HaowuError naming the record and field at fault. */
export function parseBackup(text: string): Backup {
  if (text.length > BACKUP_LIMITS.chars) {
    throw new HaowuError('too-large', `This file is larger than Haowu accepts for a backup (${BACKUP_LIMITS.chars / 1024 / 1024} MB).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HaowuError('invalid-backup', 'This file is not valid JSON; it may be cut off or not a Haowu backup. Nothing was imported.');
  }
  const head = z.object({ format: z.literal(BACKUP_FORMAT), version: z.number() }).safeParse(json);
  if (!head.success) throw new HaowuError('invalid-backup', 'This file is not a Haowu backup. Nothing was imported.');
  if (head.data.version > BACKUP_VERSION) {
    throw new HaowuError('invalid-backup', `This backup was made by a newer Haowu (format ${head.data.version}); update Haowu to import it. Nothing was imported.`);
  }
  const parsed = Backup.safeParse(json);
  if (!parsed.success) throw new HaowuError('invalid-backup', `The backup has a problem, so nothing was imported: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

export interface MergeCount {
  added: number;
  updated: number;
  kept: number;
}
export type ImportSummary = Record<Section, MergeCount> & { purchases: MergeCount };

/** A comparable string for a key, the compound [productKey, variant] cart key included. */
const keyId = (key: IDBValidKey): string => (Array.isArray(key) ? JSON.stringify(key) : String(key));

/**
 * Merges validated records: a record is written when it is new or its `updatedAt` is newer than the
 * stored copy. Everything happens in one transaction: all of it lands, or (quota, crash) none of it.
 * Reads are issued together and puts are not awaited one by one, which keeps big imports fast.
 */
export async function mergeData(db: HaowuDb, data: BackupData): Promise<ImportSummary> {
  const tx = db.transaction([...SECTION_NAMES, 'purchases'], 'readwrite');
  const merge = async <S extends Section | 'purchases'>(section: S, keyOf: (record: HaowuSchema[S]['value']) => HaowuSchema[S]['key']) => {
    const store = tx.objectStore(section);
    const records = (data[section] ?? []) as HaowuSchema[S]['value'][];
    // One key scan instead of a get per record: importing into an empty or disjoint store then reads
    // nothing more, and only records whose key is already stored are fetched to compare `updatedAt`.
    const storedKeys = new Set((await store.getAllKeys()).map(keyId));
    const existing = await Promise.all(records.map((record) => (storedKeys.has(keyId(keyOf(record))) ? store.get(keyOf(record)) : undefined)));
    const count: MergeCount = { added: 0, updated: 0, kept: 0 };
    records.forEach((record, i) => {
      const current = existing[i];
      if (current && current.updatedAt >= record.updatedAt) {
        count.kept++;
        return;
      }
      void store.put(record);
      count[current ? 'updated' : 'added']++;
    });
    return count;
  };
  const [products, experts, recommendations, saved, cart, purchases] = await Promise.all([
    merge('products', (r) => r.key),
    merge('experts', (r) => r.id),
    merge('recommendations', (r) => r.id),
    merge('saved', (r) => r.productKey),
    merge('cart', (r) => [r.productKey, r.variant]),
    merge('purchases', (r) => r.id),
  ]);
  await tx.done;
  return { products, experts, recommendations, saved, cart, purchases };
}

/** Validates the whole file first; only then writes, in one transaction. */
export async function importBackup(db: HaowuDb, text: string): Promise<ImportSummary> {
  return mergeData(db, parseBackup(text));
}

/** Empties every store in one transaction. */
export async function deleteAllData(db: HaowuDb): Promise<void> {
  const tx = db.transaction([...SECTION_NAMES, 'purchases'], 'readwrite');
  await Promise.all([...[...SECTION_NAMES, 'purchases' as const].map((name) => tx.objectStore(name).clear()), tx.done]);
}

export const backupFileName = (now = Date.now()) => `haowu-backup-${new Date(now).toISOString().slice(0, 10)}.json`;
