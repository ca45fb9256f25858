import type { IDBPDatabase } from 'idb';
import { storage } from 'wxt/utils/storage';
import { fillMissingCards } from './pick-chunks';
import type { HaowuSchema } from './schema';

/*
 * fillMissingCards reads every expert's chunks, each expert in a readwrite transaction. Run at every
 * open, it did so each time the service worker woke (after 30 s idle), and its transactions held up
 * the reads that woke it: a product page's picks waited behind them. Only chunks the upgrade from
 * version 5 moved lack a card, and every write since stamps one, so once a fill has gone through
 * every expert there is nothing left to fill: this flag says so, and later opens skip the scan. A
 * fill cut off (or failed) leaves it unset, so the next open finishes it, as before.
 */

/** Whether a fill went through every expert (storage.local, the background's own; README "Your data"). */
export const cardsFilledItem = storage.defineItem<boolean>('local:pickCardsFilled', { fallback: false });

type Flag = Pick<typeof cardsFilledItem, 'getValue' | 'setValue'>;

/** fillMissingCards until it has once gone through every expert; how many experts' chunks it wrote. */
export async function fillMissingCardsOnce(db: IDBPDatabase<HaowuSchema>, flag: Flag = cardsFilledItem): Promise<number> {
  if (await flag.getValue()) return 0;
  const filled = await fillMissingCards(db);
  await flag.setValue(true);
  return filled;
}
