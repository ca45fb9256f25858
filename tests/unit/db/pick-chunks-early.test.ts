import { describe, expect, it } from 'vitest';
import { PICKS_PER_CHUNK, PICK_STORES, expertChunkRange, openPickWriter } from '../../../utils/db/pick-chunks';
import { countRecommendationsByExpert, getRecommendation, putRecommendations } from '../../../utils/db/recommendations';
import { freshDb, storedPicks } from './helpers';
import { recommendation } from './records';

const picksOf = (expertId: string, count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => recommendation({ id: `${expertId}/p${String(from + i).padStart(4, '0')}`, expertId, productKey: `tmall:${700000 + i}`, updatedAt: 1000 + from + i }));

/*
 * New picks are written a chunk at a time as they fill, before `flush` (the browser stores them while
 * a feed or import is still being checked). What lands must be what writing them all at `flush` gave.
 */
describe('chunks of new picks written as they fill', () => {
  it('are in the store before flush, full; the rest and the count come with flush', async () => {
    const db = await freshDb();
    const tx = db.transaction(PICK_STORES, 'readwrite');
    const writer = await openPickWriter(tx, 'fp-a');
    for (const pick of picksOf('fp-a', PICKS_PER_CHUNK * 2 + 3)) writer.put(pick);
    const early = await tx.objectStore('pickChunks').getAll(expertChunkRange('fp-a'));
    expect(early.map((chunk) => [chunk.key[1], chunk.picks.length])).toEqual([
      [0, PICKS_PER_CHUNK],
      [1, PICKS_PER_CHUNK],
    ]);
    expect(early[1]!.ids).toEqual(early[1]!.picks.map((pick) => pick.id));
    // A pick of a chunk already written, changed again, is written again by flush.
    writer.put({ ...picksOf('fp-a', 1, 3)[0]!, reason: 'Changed before the flush.' });
    writer.flush();
    await tx.done;
    const chunks = await db.getAll('pickChunks', expertChunkRange('fp-a'));
    expect(chunks.map((chunk) => chunk.picks.length)).toEqual([PICKS_PER_CHUNK, PICKS_PER_CHUNK, 3]);
    expect((await getRecommendation(db, 'fp-a/p0003'))?.reason).toBe('Changed before the flush.');
    expect(await countRecommendationsByExpert(db, 'fp-a')).toBe(PICKS_PER_CHUNK * 2 + 3);
  });

  it('fill the last stored chunk first, then go early, and are packed with the rest when deletions leave few picks', async () => {
    const db = await freshDb();
    await putRecommendations(db, picksOf('fp-a', PICKS_PER_CHUNK * 8 - 5));
    let tx = db.transaction(PICK_STORES, 'readwrite');
    let writer = await openPickWriter(tx, 'fp-a');
    // The last chunk has room for 5: none is written early, flush fills it.
    for (const pick of picksOf('fp-a', 20, 5000)) writer.put(pick);
    expect((await tx.objectStore('pickChunks').getAll(expertChunkRange('fp-a'))).at(-1)!.picks).toHaveLength(PICKS_PER_CHUNK - 5);
    writer.flush();
    await tx.done;
    expect((await db.getAll('pickChunks', expertChunkRange('fp-a'))).map((chunk) => chunk.picks.length)).toEqual([...Array(8).fill(PICKS_PER_CHUNK), 15]);

    // 8 full chunks; 2 chunks' worth of new picks (written early, the last chunk being full), then every
    // stored pick deleted: packed again from 0, the early chunks among the ones replaced.
    await putRecommendations(db, picksOf('fp-b', PICKS_PER_CHUNK * 8));
    tx = db.transaction(PICK_STORES, 'readwrite');
    writer = await openPickWriter(tx, 'fp-b');
    const stored = writer.all();
    const fresh = picksOf('fp-b', PICKS_PER_CHUNK * 2, 9000);
    for (const pick of fresh) writer.put(pick);
    expect((await tx.objectStore('pickChunks').getAll(expertChunkRange('fp-b'))).map((chunk) => chunk.key[1])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const pick of stored) writer.delete(pick.id);
    writer.flush();
    await tx.done;
    const chunks = await db.getAll('pickChunks', expertChunkRange('fp-b'));
    expect(chunks.map((chunk) => [chunk.key[1], chunk.picks.length])).toEqual([
      [0, PICKS_PER_CHUNK],
      [1, PICKS_PER_CHUNK],
    ]);
    expect((await storedPicks(db)).filter((pick) => pick.expertId === 'fp-b').map((pick) => pick.id)).toEqual(fresh.map((pick) => pick.id));
    expect(await countRecommendationsByExpert(db, 'fp-b')).toBe(fresh.length);
  });

  it('after clear, go after the cleared chunks, which flush deletes', async () => {
    const db = await freshDb();
    await putRecommendations(db, picksOf('fp-c', PICKS_PER_CHUNK * 3));
    const tx = db.transaction(PICK_STORES, 'readwrite');
    const writer = await openPickWriter(tx, 'fp-c');
    expect(writer.clear()).toBe(PICKS_PER_CHUNK * 3);
    const fresh = picksOf('fp-c', PICKS_PER_CHUNK + 4, 7000);
    for (const pick of fresh) writer.put(pick);
    writer.flush();
    await tx.done;
    expect((await db.getAll('pickChunks', expertChunkRange('fp-c'))).map((chunk) => chunk.picks.length)).toEqual([PICKS_PER_CHUNK, 4]);
    expect((await storedPicks(db)).map((pick) => pick.id)).toEqual(fresh.map((pick) => pick.id));
    expect(await countRecommendationsByExpert(db, 'fp-c')).toBe(fresh.length);
  });
});
