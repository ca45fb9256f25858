import { describe, expect, it } from 'vitest';
import { PICKS_PER_CHUNK, PICK_STORES, expertChunkRange, openPickWriter } from '../../../utils/db/pick-chunks';
import type { HaowuDb } from '../../../utils/db/open';
import { countRecommendationsByExpert, getPicksForProduct, getRecommendation, getRecommendationsByExpert, putRecommendations } from '../../../utils/db/recommendations';
import { freshDb } from './helpers';
import { expert, recommendation } from './records';

const picksOf = (expertId: string, count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => recommendation({ id: `${expertId}/p${String(from + i).padStart(4, '0')}`, expertId, productKey: `tmall:${700000 + ((from + i) % 7)}`, updatedAt: 1000 + from + i }));

async function chunksOf(db: HaowuDb, expertId: string) {
  return db.getAll('pickChunks', expertChunkRange(expertId));
}

/** Changes an expert's picks through a writer, in one transaction. */
async function change(db: HaowuDb, expertId: string, edit: (writer: Awaited<ReturnType<typeof openPickWriter>>) => void) {
  const tx = db.transaction(PICK_STORES, 'readwrite');
  const writer = await openPickWriter(tx, expertId);
  edit(writer);
  writer.flush();
  await tx.done;
}

describe('picks in chunks (database version 5)', () => {
  it('fills chunks of at most PICKS_PER_CHUNK, keeps their index lists and the count in step, and finds each pick', async () => {
    const db = await freshDb();
    await db.put('experts', expert({ id: 'fp-a' }));
    const picks = picksOf('fp-a', PICKS_PER_CHUNK * 2 + 5);
    await putRecommendations(db, picks);
    const chunks = await chunksOf(db, 'fp-a');
    expect(chunks.map((chunk) => chunk.picks.length)).toEqual([PICKS_PER_CHUNK, PICKS_PER_CHUNK, 5]);
    for (const chunk of chunks) {
      expect(chunk.ids).toEqual(chunk.picks.map((pick) => pick.id));
      expect(chunk.stamps).toEqual(chunk.picks.map((pick) => [pick.updatedAt, pick.id]));
      expect(new Set(chunk.productKeys)).toEqual(new Set(chunk.picks.map((pick) => pick.productKey)));
    }
    expect(await countRecommendationsByExpert(db, 'fp-a')).toBe(picks.length);
    expect(await getRecommendation(db, picks[30]!.id)).toEqual(picks[30]);
    const product = picks[3]!.productKey;
    expect((await getPicksForProduct(db, product, 0)).map((p) => p.recommendation.id).sort()).toEqual(picks.filter((p) => p.productKey === product).map((p) => p.id));
  });

  it('an edit stays in its chunk (one chunk written), new picks fill the last chunk first', async () => {
    const db = await freshDb();
    await putRecommendations(db, picksOf('fp-a', PICKS_PER_CHUNK + 2));
    const before = await chunksOf(db, 'fp-a');
    const edited = { ...before[0]!.picks[4]!, reason: 'Edited reason, long enough.', updatedAt: 9_999 };
    await putRecommendations(db, [edited, ...picksOf('fp-a', 3, 500)]);
    const after = await chunksOf(db, 'fp-a');
    expect(after.map((chunk) => chunk.picks.length)).toEqual([PICKS_PER_CHUNK, 5]);
    expect(after[0]!.picks[4]).toEqual(edited);
    expect(after[0]!.stamps[4]).toEqual([9_999, edited.id]);
    expect(await countRecommendationsByExpert(db, 'fp-a')).toBe(PICKS_PER_CHUNK + 5);
  });

  it('deletes emptied chunks, packs chunks left mostly empty, and clears an expert with their count', async () => {
    const db = await freshDb();
    const picks = picksOf('fp-a', PICKS_PER_CHUNK * 6);
    await putRecommendations(db, picks);
    await putRecommendations(db, picksOf('fp-b', 3));
    // Keep one pick in each of the six chunks: six chunks for six picks is more than twice what they need.
    await change(db, 'fp-a', (writer) => picks.forEach((pick, i) => i % PICKS_PER_CHUNK !== 0 && writer.delete(pick.id)));
    const packed = await chunksOf(db, 'fp-a');
    expect(packed).toHaveLength(1);
    expect(packed[0]!.key).toEqual(['fp-a', 0]);
    expect((await getRecommendationsByExpert(db, 'fp-a')).map((p) => p.id)).toEqual(picks.filter((_, i) => i % PICKS_PER_CHUNK === 0).map((p) => p.id));
    expect(await countRecommendationsByExpert(db, 'fp-a')).toBe(6);
    // An emptied chunk is deleted, not left empty.
    await change(db, 'fp-b', (writer) => ['fp-b/p0000', 'fp-b/p0001', 'fp-b/p0002'].forEach((id) => writer.delete(id)));
    expect(await chunksOf(db, 'fp-b')).toEqual([]);
    expect(await db.get('pickCounts', 'fp-b')).toBeUndefined();
    await change(db, 'fp-a', (writer) => expect(writer.clear()).toBe(6));
    expect(await chunksOf(db, 'fp-a')).toEqual([]);
    expect(await countRecommendationsByExpert(db, 'fp-a')).toBe(0);
    expect(await getRecommendation(db, picks[0]!.id)).toBeUndefined();
  });

  it('refuses a pick of another expert and a second flush', async () => {
    const db = await freshDb();
    const tx = db.transaction(PICK_STORES, 'readwrite');
    const writer = await openPickWriter(tx, 'fp-a');
    expect(() => writer.put(recommendation({ id: 'x', expertId: 'fp-b' }))).toThrow('fp-b');
    writer.flush();
    expect(() => writer.flush()).toThrow('already flushed');
    await tx.done;
  });
});
