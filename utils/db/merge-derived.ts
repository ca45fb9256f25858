import type { IDBPTransaction } from 'idb';
import { cardOf, restampCards, type PickWriter } from './pick-chunks';
import { refreshSavedCopies, storedSaved } from './saved-copy';
import type { ExpertRecord, HaowuSchema, ProductRecord, SavedRecord, StoredSaved } from './schema';

/*
 * The derived data a backup merge (backup.ts, mergeRecords) keeps in step, in its transaction
 * (database version 6): each saved item's product copy (saved-copy.ts) and each pick chunk's expert
 * card (pick-chunks.ts). Records new to the database are written with what the file itself brought
 * (an import into a new browser reads nothing more); what depends on records stored before, or on a
 * comparison still pending, is written again once every put of the merge was issued (`finish`).
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- the merge's transaction covers every store */
type WriteTx = IDBPTransaction<HaowuSchema, any, 'readwrite'>;
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface MergeDerived {
  /** A record new to its store, as it is to be put (a saved item with its copy). */
  added<S extends 'products' | 'experts' | 'saved' | 'cart' | 'purchases' | 'collections'>(name: S, record: HaowuSchema[S]['value']): HaowuSchema[S]['value'];
  /** A record put in place of `current`, as it is to be put. */
  replaced<S extends 'products' | 'experts' | 'saved' | 'cart' | 'purchases' | 'collections'>(name: S, record: HaowuSchema[S]['value'], current: HaowuSchema[S]['value']): HaowuSchema[S]['value'];
  /** The pick writers were flushed: an expert's card now goes into their written chunks. */
  picksWritten(): void;
  /** After every put of the merge was issued: the rest of the copies and cards. */
  finish(): Promise<void>;
}

/**
 * `storedSaved` / `storedProducts`: the keys those stores held before the merge; `chunked`: the experts
 * holding picks before it; `writers`: the pick writers of the experts whose picks the file has, not
 * yet flushed when their experts are `added`.
 */
export function mergeDerived(
  tx: WriteTx,
  stored: { saved: ReadonlySet<string>; products: ReadonlySet<string>; chunked: ReadonlySet<string> },
  writers: ReadonlyMap<string, PickWriter>,
): MergeDerived {
  /** Products this merge put without comparing: a saved item of the file copies them from here. */
  const products = new Map<string, ProductRecord>();
  /** Saved items whose copy is written again at the end. */
  const copies = new Set<string>();
  /** Experts whose chunks get their card at the end, with the record that card comes from. */
  const cards = new Map<string, ExpertRecord>();
  let flushed = false;

  return {
    added(name, record) {
      if (name === 'products') {
        const product = record as ProductRecord;
        products.set(product.key, product);
        if (stored.saved.has(product.key)) copies.add(product.key);
      } else if (name === 'saved') {
        const item = record as SavedRecord;
        const product = products.get(item.productKey);
        if (!product && stored.products.has(item.productKey)) copies.add(item.productKey);
        return storedSaved(item, product) as typeof record;
      } else if (name === 'experts') {
        const expert = record as ExpertRecord;
        const writer = writers.get(expert.id);
        if (writer && !flushed) writer.setExpert(expert);
        else if (writer || stored.chunked.has(expert.id)) cards.set(expert.id, expert);
      }
      return record;
    },
    replaced(name, record, current) {
      if (name === 'products') copies.add((record as ProductRecord).key);
      else if (name === 'saved') {
        copies.add((record as SavedRecord).productKey);
        return storedSaved(record as SavedRecord, (current as StoredSaved).product) as typeof record;
      } else if (name === 'experts') cards.set((record as ExpertRecord).id, record as ExpertRecord);
      return record;
    },
    picksWritten() {
      flushed = true;
    },
    async finish() {
      await Promise.all([refreshSavedCopies(tx, copies), ...[...cards].map(([id, expert]) => restampCards(tx, id, cardOf(expert)))]);
    },
  };
}
