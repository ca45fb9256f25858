import { unwrap, type IDBPTransaction, type StoreNames } from 'idb';
import { z } from 'zod';
import { HaowuError, describeZodError, formatPath } from '../errors';
import { restoredExpert } from '../expert/restored-expert';
import { expertOfStoredPickId } from '../feed/records';
import { DEFAULT_SETTINGS, SettingsPatch, getSettings, updateSettings, type Settings } from '../settings';
import { REFUSED, compileCheck, type CompiledCheck } from '../validation/compiled-check';
import { firstDroppedField } from '../validation/dropped-field';
import { abortTransaction } from './abort';
import { DB_VERSION, type HaowuDb } from './open';
import { mergeDerived } from './merge-derived';
import { isAllowedPartnerLink } from './partner-link';
import { PICK_STORES, allPicks, openPickWriters, type PickWriter } from './pick-chunks';
import { withCurrentPriceDigits } from './price-digits';
import { CartRecord, CollectionRecord, ExpertRecord, ProductRecord, PurchaseRecord, RecommendationRecord, SavedRecord, type HaowuSchema } from './schema';

export { firstDroppedField };

export const BACKUP_FORMAT = 'haowu-backup';
/*
 * Version 1: the database's records. Version 2 (database version 4): also `collections` and
 * `settings`, and `schema`, the database version of the Haowu that wrote it. Both sections are
 * optional, so version 1 files still import. A file of a higher version or schema comes from a newer
 * Haowu and is refused (update Haowu), and so is a field this build does not know: it would be lost.
 * So a new field in any backed-up record needs a new BACKUP_VERSION.
 */
export const BACKUP_VERSION = 2;

/** Caps keep a hostile or runaway file from exhausting memory; far above what a person accumulates. */
export const BACKUP_LIMITS = {
  chars: 48 * 1024 * 1024, // below Chrome's 64 MiB message limit
  products: 200_000,
  experts: 5_000,
  recommendations: 200_000,
  saved: 50_000,
  cart: 1_000,
  purchases: 50_000,
  collections: 1_000,
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
  collections: CollectionRecord,
} as const;

/**
 * The settings a backup carries (all of them, checked strictly). Those that need a permission this
 * browser must grant first (Amazon, other stores) are not applied by an import.
 */
export const BackupSettings = SettingsPatch;
const PER_BROWSER_SETTINGS = ['amazonOptIn', 'otherSitesOptIn', 'otherSiteOrigins'] as const;

const list = <T extends z.ZodType>(schema: T, max: number, what: string) => z.array(schema).max(max, tooMany(what, max));
const HEADER = {
  format: z.literal(BACKUP_FORMAT),
  version: z.number().int().min(1).max(BACKUP_VERSION),
  /** The database version of the Haowu that wrote the file; absent in version 1. */
  schema: z.number().int().min(1).max(DB_VERSION).optional(),
  exportedAt: z.iso.datetime(),
};

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
    // Added with backup version 2 (database version 4).
    collections: list(BACKUP_RECORD.collections, BACKUP_LIMITS.collections, 'collections').optional(),
    settings: z.optional(BackupSettings),
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
    for (const section of ['purchases', 'collections'] as const) {
      const seen = new Map<string, number>();
      backup[section]?.forEach((record, index) => {
        const first = seen.get(record.id);
        if (first === undefined) seen.set(record.id, index);
        else ctx.addIssue({ code: 'custom', path: [section, index], message: `is the same record as ${section}[${first}]` });
      });
    }
  });
export type Backup = z.infer<typeof Backup>;
export type BackupData = Omit<Backup, 'format' | 'version' | 'schema' | 'exportedAt' | 'settings'>;

/** Copies only the fields a schema knows, so nothing else (a private key, say) ever leaves in a backup. */
function knownFields<T extends z.ZodObject>(schema: T, record: object): z.infer<T> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(schema.shape)) if (key in record) out[key] = (record as Record<string, unknown>)[key];
  return out as z.infer<T>;
}

export async function readAllData(db: HaowuDb): Promise<BackupData> {
  const tx = db.transaction(['products', 'experts', 'pickChunks', 'saved', 'cart'], 'readonly');
  const [products, experts, recommendations, saved, cart] = await Promise.all([
    tx.objectStore('products').getAll(),
    tx.objectStore('experts').getAll(),
    allPicks(tx),
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

/** Every record and the settings, in one read transaction (the settings from storage.local). */
export async function exportBackup(db: HaowuDb, now = Date.now(), settings: () => Promise<Settings> = getSettings): Promise<Backup> {
  const data = await readAllData(db);
  const tx = db.transaction(['purchases', 'collections'], 'readonly');
  const [purchases, collections] = await Promise.all([tx.objectStore('purchases').getAll(), tx.objectStore('collections').getAll(), tx.done]);
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    schema: DB_VERSION,
    exportedAt: new Date(now).toISOString(),
    ...data,
    purchases: purchases.map((r) => knownFields(PurchaseRecord, r)),
    // A record that no longer parses is left out rather than written into a file that would not import.
    collections: collections.flatMap((r) => (CollectionRecord.safeParse(r).success ? [knownFields(CollectionRecord, r)] : [])),
    settings: await settings(),
  };
}

/**
 * Why a backup was refused, as data for the UI to say in its language (popup.backup.error.*); the
 * HaowuError's English message says the same.
 */
export type BackupProblem = 'too-large' | 'not-json' | 'not-backup' | 'newer' | 'invalid' | 'unknown-field' | 'pick-of-other-expert';

const refuse = (problem: BackupProblem, message: string, params?: Record<string, string | number>) =>
  new HaowuError(problem === 'too-large' ? 'too-large' : 'invalid-backup', message, { reason: problem, ...(params && { params }) });

/** Size, JSON, format and version: what must hold before any record is looked at. */
function readBackupJson(text: string): unknown {
  if (text.length > BACKUP_LIMITS.chars) {
    throw refuse('too-large', `This file is larger than Haowu accepts for a backup (${BACKUP_LIMITS.chars / 1024 / 1024} MB). Nothing was imported.`, {
      megabytes: BACKUP_LIMITS.chars / 1024 / 1024,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw refuse('not-json', 'This file is not valid JSON; it may be cut off or not a Haowu backup. Nothing was imported.');
  }
  const head = z.object({ format: z.literal(BACKUP_FORMAT), version: z.number(), schema: z.number().optional() }).safeParse(json);
  if (!head.success) throw refuse('not-backup', 'This file is not a Haowu backup. Nothing was imported.');
  const { version, schema } = head.data;
  if (version > BACKUP_VERSION || (schema !== undefined && schema > DB_VERSION)) {
    throw refuse(
      'newer',
      `This backup was made by a newer Haowu (backup format ${version}, database version ${schema ?? '?'}; this Haowu reads up to ${BACKUP_VERSION} and ${DB_VERSION}). Update Haowu, then import it again. Nothing was imported.`,
      { version, schema: schema ?? version, supported: BACKUP_VERSION },
    );
  }
  // Settings are checked strictly (a typo is an error); a setting this build does not know is named
  // as such, like an unknown field of a record, rather than reported as damage.
  const unknownSetting = firstUnknownSetting((json as { settings?: unknown }).settings);
  if (unknownSetting !== null) throw unknownField(unknownSetting);
  return json;
}

/** `settings.<key>` (or `settings.stores.<key>`) of the first setting this build does not know; null when none. */
function firstUnknownSetting(settings: unknown): string | null {
  if (!isPlainObject(settings)) return null;
  const known: Record<string, unknown> = DEFAULT_SETTINGS;
  for (const key of Object.keys(settings)) {
    if (!Object.hasOwn(known, key)) return `settings.${key}`;
    const inner = settings[key];
    if (key === 'stores' && isPlainObject(inner)) {
      const store = Object.keys(inner).find((platform) => !Object.hasOwn(DEFAULT_SETTINGS.stores, platform));
      if (store !== undefined) return `settings.stores.${store}`;
    }
  }
  return null;
}

const problemIn = (error: z.ZodError) => {
  const where = error.issues[0] ? formatPath(error.issues[0].path) : '';
  return refuse('invalid', `The backup has a problem, so nothing was imported: ${describeZodError(error)}`, { where, count: error.issues.length });
};

const unknownField = (where: string) =>
  refuse(
    'unknown-field',
    `The backup has a field this Haowu does not know (${where}), so nothing was imported: it may come from a newer Haowu (update Haowu and try again) or the file was changed by hand.`,
    { where },
  );

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `Backup` compiled for the fast path; a file it refuses is parsed by `Backup` itself, to say why. */
const FAST_BACKUP = compileCheck(Backup, { unknownKeys: 'refuse' });

/** Checks a backup file completely; throws a HaowuError naming the record and field at fault. */
export function parseBackup(text: string): Backup {
  const json = readBackupJson(text);
  const fast = FAST_BACKUP(json);
  if (fast !== REFUSED) return fast;
  const parsed = Backup.safeParse(json);
  if (!parsed.success) throw problemIn(parsed.error);
  const dropped = firstDroppedField(json, parsed.data);
  if (dropped !== null) throw unknownField(dropped);
  return parsed.data;
}

export interface MergeCount {
  added: number;
  updated: number;
  kept: number;
}
type Store = Section | 'purchases' | 'collections';
export type ImportSummary = Record<Store, MergeCount> & {
  /** Whether the file's settings were applied (version 2 files carry them). */
  settings: boolean;
};
/** The sections stored one record each; picks are stored in chunks (pick-chunks.ts) and merged apart. */
type RecordStore = Exclude<Store, 'recommendations'>;
const RECORD_STORES: RecordStore[] = ['products', 'experts', 'saved', 'cart', 'purchases', 'collections'];

/** Each store's IndexedDB key for a record. */
const KEY_OF: { [S in RecordStore]: (record: HaowuSchema[S]['value']) => HaowuSchema[S]['key'] } = {
  products: (r) => r.key,
  experts: (r) => r.id,
  saved: (r) => r.productKey,
  cart: (r) => [r.productKey, r.variant],
  purchases: (r) => r.id,
  collections: (r) => r.id,
};

/** A comparable string for a key, the compound [productKey, variant] cart key included. */
const keyId = (key: IDBValidKey): string => (Array.isArray(key) ? JSON.stringify(key) : String(key));

type Records = { [S in Store]?: readonly unknown[] };
type ValueOf<S extends Store> = S extends RecordStore ? HaowuSchema[S]['value'] : RecommendationRecord;
/** Returns the record to write, or throws to abort the whole merge. */
type RecordCheck = <S extends Store>(store: S, item: unknown, index: number) => ValueOf<S>;

/** A record of the file failed its check (or repeats one): the import is aborted and the file described. */
class RecordRefused extends Error {}

/**
 * A pick's id names one pick (cart lines and checkout find it by id alone), so a file may not list,
 * under one expert, the id of a pick Haowu holds under another, nor an id that names another expert
 * (a feed pick's, `<expertId>/<feed id>`, which that expert's next feed would store again): stored
 * beside the other, the id would name two picks.
 */
const pickOfOtherExpert = (index: number, owner: string) =>
  refuse(
    'pick-of-other-expert',
    `The backup has a problem, so nothing was imported: recommendations[${index}] has the id of another expert's pick (${owner}).`,
    { where: formatPath(['recommendations', index, 'expertId']) },
  );

/**
 * The expert holding each stored pick the file names, when another than the file's: `writers` hold the
 * file's experts' picks; a pick of any other expert is looked up by id (`by-id`), only when such experts
 * have picks at all (`chunked`, the experts holding picks before the merge: an import into a new browser
 * looks up none).
 */
async function storedOwners(
  tx: IDBPTransaction<HaowuSchema, StoreNames<HaowuSchema>[], 'readwrite'>,
  items: readonly unknown[],
  writers: Map<string, PickWriter>,
  chunked: readonly string[],
): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  for (const writer of writers.values()) for (const pick of writer.all()) owners.set(pick.id, writer.expertId);
  if (chunked.every((expertId) => writers.has(expertId))) return owners;
  const unknown = new Set(items.flatMap((item) => {
    const id = (item as { id?: unknown } | null)?.id;
    return typeof id === 'string' && !owners.has(id) ? [id] : [];
  }));
  const index = tx.objectStore('pickChunks').index('by-id');
  const found = await Promise.all([...unknown].map(async (id) => [id, await index.getKey(id)] as const));
  for (const [id, chunk] of found) if (chunk) owners.set(id, chunk[0]);
  return owners;
}

/**
 * The order the stores are written in. The experts first: the pick writers then know each expert's
 * card before any chunk is written. The picks next: their chunks carry three multi-entry indexes,
 * the heaviest writing for the browser's IndexedDB backend, which then does it while this thread is
 * still busy with the other records (written after them, the backend was still writing chunks for
 * about 0.1 s after the last put, issue 19). The products before the saved items, which copy them.
 */
const WRITE_ORDER = ['experts', 'recommendations', 'products', 'saved', 'cart', 'purchases', 'collections'] as const satisfies readonly Store[];

/**
 * The merge: a record is written when it is new or its `updatedAt` is newer than the stored copy,
 * all in one transaction, so all of it lands or (quota, crash, a refused record) none of it.
 * One key scan per store tells which records are new; only records whose key is already stored are
 * fetched to compare. The records stored one value each are checked while those reads are on their
 * way; the picks are checked as they are handed to their writers, whose chunks are put as they fill,
 * so the browser writes while the rest of the file is still being checked. Between the reads and the
 * last put nothing is awaited, so the transaction stays active. Puts go to the plain IndexedDB store
 * (no promise per request); the transaction reports any failed write.
 */
async function mergeRecords(db: HaowuDb, records: Records, check: RecordCheck, { refuseDuplicates }: { refuseDuplicates: boolean }): Promise<Record<Store, MergeCount>> {
  const tx = db.transaction([...RECORD_STORES, ...PICK_STORES], 'readwrite');
  try {
    // The chunks of every expert the file has picks of (an id that is no text finds none, and fails its check below).
    const pickExperts = (records.recommendations ?? []).map((item) => String((item as { expertId?: unknown } | null)?.expertId));
    const reads = Promise.all([
      Promise.all(RECORD_STORES.map((name) => tx.objectStore(name).getAllKeys())),
      openPickWriters(tx, pickExperts),
      tx.objectStore('pickCounts').getAllKeys(),
    ]);
    // When a check below throws first, the abort rejects these reads: heard here, not as unhandled.
    reads.catch(() => undefined);
    // Meanwhile, on this thread: every record stored one value each, checked (and not repeated).
    const checked = {} as { [S in RecordStore]: HaowuSchema[S]['value'][] };
    for (const name of RECORD_STORES) {
      const keyOf = KEY_OF[name] as (record: HaowuSchema[RecordStore]['value']) => IDBValidKey;
      const seen = new Set<string>();
      checked[name] = (records[name] ?? []).map((item, index) => {
        const record = check(name, item, index);
        const id = keyId(keyOf(record));
        if (refuseDuplicates && seen.has(id)) throw new RecordRefused(`${name}[${index}] repeats a record`);
        seen.add(id);
        return record;
      }) as never;
    }
    const [storedKeys, writers, chunked] = await reads;
    const owners = refuseDuplicates ? await storedOwners(tx, records.recommendations ?? [], writers, chunked) : new Map<string, string>();
    // Saved items' product copies and chunks' expert cards, kept in step in this transaction (database version 6).
    const keysOf = (name: RecordStore) => new Set(storedKeys[RECORD_STORES.indexOf(name)]!.map(keyId));
    const derived = mergeDerived(tx, { saved: keysOf('saved'), products: keysOf('products'), chunked: new Set(chunked) }, writers);
    // The summary's stores in the order it always listed them, whatever order they are written in.
    const summary = Object.fromEntries([...RECORD_STORES, 'recommendations'].map((name) => [name, { added: 0, updated: 0, kept: 0 }])) as Record<Store, MergeCount>;
    const compare: Array<() => Promise<void>> = [];
    const putRecords = <S extends RecordStore>(name: S) => {
      const store = unwrap(tx.objectStore(name));
      const stored = keysOf(name);
      const count = summary[name];
      const keyOf = KEY_OF[name] as (record: HaowuSchema[S]['value']) => HaowuSchema[S]['key'];
      for (const record of checked[name] as HaowuSchema[S]['value'][]) {
        if (!stored.has(keyId(keyOf(record)))) {
          store.put(derived.added(name, record));
          count.added++;
          continue;
        }
        compare.push(async () => {
          const current = await tx.objectStore(name).get(keyOf(record));
          if (current && current.updatedAt >= record.updatedAt) {
            count.kept++;
            return;
          }
          void tx.objectStore(name).put(current ? derived.replaced(name, keepWhatThisBrowserKnows(name, current, record), current) : derived.added(name, record));
          count[current ? 'updated' : 'added']++;
        });
      }
    };
    for (const name of WRITE_ORDER) {
      if (name !== 'recommendations') {
        putRecords(name);
        continue;
      }
      mergePicks(records.recommendations ?? [], writers, owners, check, refuseDuplicates, summary.recommendations);
      derived.picksWritten();
    }
    await Promise.all(compare.map((merge) => merge()));
    await derived.finish();
    await tx.done;
    return summary;
  } catch (error) {
    // Nothing of this merge may land: undo the puts already issued.
    await abortTransaction(tx);
    throw error;
  }
}

/**
 * The picks of a merge: each checked, then kept, added or (when newer) put in place of the stored copy
 * in its expert's chunks, which are written once at the end.
 */
function mergePicks(
  items: readonly unknown[],
  writers: Map<string, PickWriter>,
  owners: Map<string, string>,
  check: RecordCheck,
  refuseDuplicates: boolean,
  count: MergeCount,
): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const record = check('recommendations', item, index);
    if (refuseDuplicates && seen.has(record.id)) throw new RecordRefused(`recommendations[${index}] repeats a record`);
    seen.add(record.id);
    // Held under another expert here, or named as another expert's by its own id (a later feed of that
    // expert would store the same id under them).
    const owner = owners.get(record.id) ?? (refuseDuplicates ? expertOfStoredPickId(record.id) : null);
    if (owner != null && owner !== record.expertId) throw pickOfOtherExpert(index, owner);
    const writer = writers.get(record.expertId)!;
    const current = writer.get(record.id);
    if (current && current.updatedAt >= record.updatedAt) {
      count.kept++;
      return;
    }
    writer.put(record);
    count[current ? 'updated' : 'added']++;
  });
  for (const writer of writers.values()) writer.flush();
}

/**
 * What a newer record from a file may not take away: the newest feed this browser accepted for an
 * expert (`feedStatus.publishedAt`). A backup made before it (or by another browser) would lower it,
 * and the next refresh would then accept an older signed feed and revive retracted picks (the
 * rollback that utils/feed/rollback.ts refuses).
 */
function keepWhatThisBrowserKnows<S extends RecordStore>(name: S, current: HaowuSchema[S]['value'], record: HaowuSchema[S]['value']): HaowuSchema[S]['value'] {
  if (name !== 'experts') return record;
  const [was, next] = [current as ExpertRecord, record as ExpertRecord];
  const newest = Math.max(was.feedStatus.publishedAt ?? 0, next.feedStatus.publishedAt ?? 0);
  if (newest === 0 || newest === (next.feedStatus.publishedAt ?? 0)) return record;
  return { ...next, feedStatus: { ...next.feedStatus, publishedAt: newest } } as HaowuSchema[S]['value'];
}

/** Merges records already validated (or generated), without checking them again. */
export function mergeData(db: HaowuDb, data: Partial<BackupData>): Promise<Record<Store, MergeCount>> {
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
  collections: list(z.unknown(), BACKUP_LIMITS.collections, 'collections').optional(),
  settings: z.optional(BackupSettings),
});
const FRAME_KEYS = new Set(Object.keys(BackupFrame.shape));

/**
 * Each section's record check compiled for the fast path (utils/validation/compiled-check.ts): the same
 * schemas, which accept a good record without zod's machinery per value. A record they refuse, or with
 * a field the schema does not know, is parsed by the schema itself, so the refusal names what zod names.
 */
const FAST_RECORD = Object.fromEntries(
  Object.entries(BACKUP_RECORD).map(([store, schema]) => [store, compileCheck(schema, { unknownKeys: 'refuse' })]),
) as { [S in Store]: CompiledCheck<z.output<(typeof BACKUP_RECORD)[S]>> };

/** One record of a file, checked: the record to write, or a throw that aborts the import (see importBackup). */
function checkedRecord<S extends Store>(store: S, item: unknown, index: number): z.output<(typeof BACKUP_RECORD)[S]> {
  const fast = FAST_RECORD[store](item);
  if (fast !== REFUSED) return fast;
  const parsed = BACKUP_RECORD[store].safeParse(item);
  if (!parsed.success) throw new RecordRefused(`${store}[${index}] is not valid`);
  const dropped = firstDroppedField(item, parsed.data, [store, index]);
  if (dropped !== null) throw unknownField(dropped);
  return parsed.data as z.output<(typeof BACKUP_RECORD)[S]>;
}

/** What importing needs besides the database: where the settings go. */
export interface ImportDeps {
  applySettings?: (patch: SettingsPatch) => Promise<unknown>;
}

/**
 * Imports a backup file: all of it is checked, and it is merged in one transaction only if every
 * record passes. The records are checked one by one as they are put; the first that fails (or repeats
 * one before it, or has a field this build does not know) aborts the transaction, so the database is
 * left exactly as it was, and the whole file is then checked again to name the records and fields at
 * fault, as `parseBackup` would. The settings (storage.local) are applied only after the records
 * committed: stopped in between, importing the same file again finishes the job (every record is then
 * kept as it is, and the settings applied).
 */
export async function importBackup(db: HaowuDb, text: string, deps: ImportDeps = {}): Promise<ImportSummary> {
  const json = readBackupJson(text);
  const frame = BackupFrame.safeParse(json);
  if (!frame.success) throw problemIn(Backup.safeParse(json).error ?? frame.error);
  const extra = Object.keys(json as object).find((key) => !FRAME_KEYS.has(key));
  if (extra !== undefined) throw unknownField(extra);
  const check: RecordCheck = (store, item, index) => {
    const record = checkedRecord(store, item, index);
    // Version 1 files hold prices parsed with the old digits table (utils/db/price-digits.ts).
    return (frame.data.version === 1 ? withCurrentPriceDigits(store, record as never) : record) as never;
  };
  let merged: Record<Store, MergeCount>;
  try {
    merged = await mergeRecords(db, frame.data, check, { refuseDuplicates: true });
  } catch (error) {
    if (!(error instanceof RecordRefused)) throw error;
    // The per-record checks are the very schemas of `Backup`, so it finds the problem too; the
    // fallback only guards against the two drifting apart.
    const full = Backup.safeParse(json);
    throw full.success ? refuse('invalid', `The backup has a problem, so nothing was imported: ${error.message}.`, { where: error.message.split(' ')[0] ?? '', count: 1 }) : problemIn(full.error);
  }
  const settings = frame.data.settings;
  if (settings) {
    const portable: SettingsPatch = { ...settings };
    for (const key of PER_BROWSER_SETTINGS) delete portable[key];
    await (deps.applySettings ?? updateSettings)(portable);
  }
  return { ...merged, settings: settings !== undefined };
}

/** Empties every store in one transaction. */
export async function deleteAllData(db: HaowuDb): Promise<void> {
  const names = [...RECORD_STORES, ...PICK_STORES];
  const tx = db.transaction(names, 'readwrite');
  await Promise.all([...names.map((name) => tx.objectStore(name).clear()), tx.done]);
}

export const backupFileName = (now = Date.now()) => `haowu-backup-${new Date(now).toISOString().slice(0, 10)}.json`;
