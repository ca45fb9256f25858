import { describe, expect, it, vi } from 'vitest';
import { fillMissingCardsOnce } from '../../../utils/db/cards-filled';
import type { HaowuDb } from '../../../utils/db/open';
import { putRecommendations } from '../../../utils/db/recommendations';
import { freshDb } from './helpers';
import { expert, recommendation } from './records';

/*
 * The fill of version 5's card-less chunks runs after each open of the database; once it has gone
 * through every expert it is not run again, so a waking service worker does not read every chunk
 * (in readwrite transactions the first message's reads wait behind).
 */

/** A flag as storage.local holds it. */
const memoryFlag = (value = false) => ({ value, getValue: vi.fn(async function (this: { value: boolean }) { return this.value; }), setValue: vi.fn(async function (this: { value: boolean }, next: boolean) { this.value = next; }) });

async function seed(db: HaowuDb): Promise<void> {
  for (const id of ['fp-a', 'fp-b']) await db.put('experts', expert({ id, displayName: id }));
  await putRecommendations(db, Array.from({ length: 60 }, (_, i) => recommendation({ id: `p${i}`, expertId: i % 2 ? 'fp-a' : 'fp-b', productKey: `jd:${1000 + i}`, partnerLink: null })));
}

/** Takes the card out of every chunk, as database version 5 wrote them. */
async function dropCards(db: HaowuDb): Promise<void> {
  for (const chunk of await db.getAll('pickChunks')) {
    const { expert: _card, ...v5 } = chunk;
    await db.put('pickChunks', v5);
  }
}

const cardless = async (db: HaowuDb) => (await db.getAll('pickChunks')).filter((chunk) => chunk.expert === undefined).length;

describe('fillMissingCardsOnce', () => {
  it('fills the card-less chunks once, then no longer reads the chunks at all', async () => {
    const db = await freshDb();
    await seed(db);
    await dropCards(db);
    const flag = memoryFlag();
    expect(await fillMissingCardsOnce(db, flag)).toBe(2);
    expect(await cardless(db)).toBe(0);
    expect(flag.value).toBe(true);
    // Nothing is read the next time: a chunk made card-less behind its back is left alone.
    await dropCards(db);
    const transaction = vi.spyOn(db, 'transaction');
    const getAllKeys = vi.spyOn(db, 'getAllKeys');
    expect(await fillMissingCardsOnce(db, flag)).toBe(0);
    expect(transaction).not.toHaveBeenCalled();
    expect(getAllKeys).not.toHaveBeenCalled();
  });

  it('leaves the flag unset when the fill fails, so the next open tries again', async () => {
    const db = await freshDb();
    await seed(db);
    await dropCards(db);
    const flag = memoryFlag();
    const failing = vi.spyOn(db, 'getAllKeys').mockRejectedValueOnce(new Error('the database went away'));
    await expect(fillMissingCardsOnce(db, flag)).rejects.toThrow('went away');
    expect(flag.setValue).not.toHaveBeenCalled();
    failing.mockRestore();
    expect(await fillMissingCardsOnce(db, flag)).toBe(2);
    expect(flag.value).toBe(true);
  });

  it('keeps its flag in storage.local by default', async () => {
    const db = await freshDb();
    await seed(db);
    await dropCards(db);
    expect(await fillMissingCardsOnce(db)).toBe(2);
    await dropCards(db);
    expect(await fillMissingCardsOnce(db)).toBe(0);
    expect(await cardless(db)).toBeGreaterThan(0);
  });
});
