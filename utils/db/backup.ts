import { unwrap } from 'idb';
import { z } from 'zod';
import { HaowuError, describeZodError } from '../errors';
import { restoredExpert } from '../expert/restored-expert';
import { abortTransaction } from './abort';
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

/** Each section's record schema as a backup checks it: a pick's partner link must suit its product's store. */
const BACKUP_RECORD = {
  products: ProductRecord,
  // A restored expert's name is cleaned, and the other browser's feed state is not kept (not verified here).
  experts: ExpertRecord.transform(restoredExpert),
  recommendations: RecommendationRecord.refine((r) => r.partnerLink === null || isAllowedPartnerLink(r.partnerLink, r.productKey), {
    message: 'is not a link to a host of the product’s own store',
    path: ['partnerLink'],
  }),
  saved: SavedRecord,
  cart: CartRecord,
  purchases: PurchaseRecord,
} as const;

const list = <T extends z.ZodType>(schema: T, max: number, what: string) => z.array(schema).max(max, tooMany(what, max));
const HEADER = { format: z.literal(BACKUP_FORMAT), version: z.literal(BACKUP_VERSION), exportedAt: z.iso.datetime() };

export const Backup = z
  .object({
    ...HEADER,
    products: list(BACKUP_RECORD.products, BACKUP_LIMITS.products, 'products'),
    experts: list(BACKUP_RECORD.experts, BACKUP_LIMITS.experts, 'experts'),
    recommendations: list(BACKUP_RECORD.recommendations, BACKUP_LIMITS.recommendations, 'recommendations'),
    saved: list(BACKUP_RECORD.saved, BACKUP_LIMITS.saved, 'saved items'),
    cart: list(BACKUP_RECORD.cart, BACKUP_LIMITS.cart, 'cart lines'),
    // Added with database version 2 (checkout). Optional, so backups written before it still import.
    purchases: list(BACKUP_RECORD.purchases, BACKUP_LIMITS.purchases, 'purchases').optional(),
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

/** Size, JSON, format and version: what must hold before any record is looked at. */
function readBackupJson(text: string): unknown {
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
  return json;
}

const problemIn = (error: z.ZodError) => new HaowuError('invalid-backup', `The backup has a problem, so nothing was imported: ${describeZodError(error)}`);

/** Checks a backup file completely; throws a HaowuError naming the record and field at fault. */
export function parseBackup(text: string): Backup {
  const parsed = Backup.safeParse(readBackupJson(text));
  if (!parsed.success) throw problemIn(parsed.error);
  return parsed.data;
}

export interface MergeCount {
  added: number;
  updated: number;
  kept: number;
}
type Store = Section | 'purchases';
export type ImportSummary = Record<Store, MergeCount>;
const STORES: Store[] = [...SECTION_NAMES, 'purchases'];

/** Each store's IndexedDB key for a record. */
const KEY_OF: { [S in Store]: (record: HaowuSchema[S]['value']) => HaowuSchema[S]['key'] } = {
  products: (r) => r.key,
  experts: (r) => r.id,
  recommendations: (r) => r.id,
  saved: (r) => r.productKey,
  cart: (r) => [r.productKey, r.variant],
  purchases: (r) => r.id,
};

/** A comparable string for a key, the compound [productKey, variant] cart key included. */
const keyId = (key: IDBValidKey): string => (Array.isArray(key) ? JSON.stringify(key) : String(key));

type Records = { [S in Store]?: readonly unknown[] };
/** Returns the record to write, or throws to abort the whole merge. */
type RecordCheck = <S extends Store>(store: S, item: unknown, index: number) => HaowuSchema[S]['value'];

/** A record of the file failed its check (or repeats one): the import is aborted and the file described. */
class RecordRefused extends Error {}

/**
 * The merge: a record is written when it is new or its `updatedAt` is newer than the stored copy,
 * all in one transaction, so all of it lands or (quota, crash, a refused record) none of it.
 * One key scan per store tells which records are new; only records whose key is already stored are
 * fetched to compare. Between the scan and the last put nothing is awaited, so the transaction stays
 * active while each record is checked and then put: the browser writes while the rest of the file is
 * still being checked. Puts go to the plain IndexedDB store (no promise per request); the transaction
 * reports any failed write.
 */
async function mergeRecords(db: HaowuDb, records: Records, check: RecordCheck, { refuseDuplicates }: { refuseDuplicates: boolean }): Promise<ImportSummary> {
  const tx = db.transaction(STORES, 'readwrite');
  try {
    const storedKeys = await Promise.all(STORES.map((name) => tx.objectStore(name).getAllKeys()));
    const summary = {} as ImportSummary;
    const compare: Array<() => Promise<void>> = [];
    STORES.forEach(<S extends Store>(name: S, s: number) => {
      const store = unwrap(tx.objectStore(name));
      const stored = new Set(storedKeys[s]!.map(keyId));
      const seen = new Set<string>();
      const count: MergeCount = (summary[name] = { added: 0, updated: 0, kept: 0 });
      const keyOf = KEY_OF[name] as (record: HaowuSchema[S]['value']) => HaowuSchema[S]['key'];
      (records[name] ?? []).forEach((item, index) => {
        const record = check(name, item, index);
        const id = keyId(keyOf(record));
        if (refuseDuplicates && seen.has(id)) throw new RecordRefused(`${name}[${index}] repeats a record`);
        seen.add(id);
        if (!stored.has(id)) {
          store.put(record);
          count.added++;
          return;
        }
        compare.push(async () => {
          const current = await tx.objectStore(name).get(keyOf(record));
          if (current && current.updatedAt >= record.updatedAt) {
            count.kept++;
            return;
          }
          void tx.objectStore(name).put(record);
          count[current ? 'updated' : 'added']++;
        });
      });
    });
    await Promise.all(compare.map((merge) => merge()));
    await tx.done;
    return summary;
  } catch (error) {
    // Nothing of this merge may land: undo the puts already issued.
    await abortTransaction(tx);
    throw error;
  }
}

/** Merges records already validated (or generated), without checking them again. */
export function mergeData(db: HaowuDb, data: BackupData): Promise<ImportSummary> {
  return mergeRecords(db, data, (_store, item) => item as never, { refuseDuplicates: false });
}

/** The file without its records' contents: header and list sizes. */
const BackupFrame = z.object({
  ...HEADER,
  products: list(z.unknown(), BACKUP_LIMITS.products, 'products'),
  experts: list(z.unknown(), BACKUP_LIMITS.experts, 'experts'),
  recommendations: list(z.unknown(), BACKUP_LIMITS.recommendations, 'recommendations'),
  saved: list(z.unknown(), BACKUP_LIMITS.saved, 'saved items'),
  cart: list(z.unknown(), BACKUP_LIMITS.cart, 'cart lines'),
  purchases: list(z.unknown(), BACKUP_LIMITS.purchases, 'purchases').optional(),
});

/**
 * Imports a backup file: all of it is checked, and it is merged in one transaction only if every
 * record passes. The records are checked one by one as they are put; the first that fails (or repeats
 * one before it) aborts the transaction, so the database is left exactly as it was, and the whole
 * file is then checked again to name the records and fields at fault, as `parseBackup` would.
 */
export async function importBackup(db: HaowuDb, text: string): Promise<ImportSummary> {
  const json = readBackupJson(text);
  const frame = BackupFrame.safeParse(json);
  if (!frame.success) throw problemIn(Backup.safeParse(json).error ?? frame.error);
  const check: RecordCheck = (store, item, index) => {
    const parsed = BACKUP_RECORD[store].safeParse(item);
    if (!parsed.success) throw new RecordRefused(`${store}[${index}] is not valid`);
    return parsed.data as never;
  };
  try {
    return await mergeRecords(db, frame.data, check, { refuseDuplicates: true });
  } catch (error) {
    if (!(error instanceof RecordRefused)) throw error;
    // The per-record checks are the very schemas of `Backup`, so it finds the problem too; the
    // fallback only guards against the two drifting apart.
    const full = Backup.safeParse(json);
    throw full.success ? new HaowuError('invalid-backup', `The backup has a problem, so nothing was imported: ${error.message}.`) : problemIn(full.error);
  }
}

/** Empties every store in one transaction. */
export async function deleteAllData(db: HaowuDb): Promise<void> {
  const tx = db.transaction([...SECTION_NAMES, 'purchases'], 'readwrite');
  await Promise.all([...[...SECTION_NAMES, 'purchases' as const].map((name) => tx.objectStore(name).clear()), tx.done]);
}

export const backupFileName = (now = Date.now()) => `haowu-backup-${new Date(now).toISOString().slice(0, 10)}.json`;
