import { HaowuError } from '../errors';
import { expertStaleSince } from '../feed/staleness';
import { countNewPicks, inTimeline, isLivePick, mayHaveNewPicks, newestFirst, plainProductUrl, storeOfKey } from '../picks/rules';
import { registrableDomain } from '../registrable-domain';
import { addToCart } from './cart';
import type { HaowuDb } from './open';
import { FIRST_BATCH_MARGIN, joinReads, entriesOf, settle, type LaterContext, type PickEntry, type StalenessContext } from './pick-pages';
import { PICKS_PER_CHUNK, chunksByKey, lastChunksOf, newestPickChunkKeys, pickById, picksOfExpert, walkNewestPicks } from './pick-chunks';
import { saveProduct } from './saved';
import { PRODUCT_WRITE_STORES, putProductsIn } from './saved-copy';
import type { CartRecord, ExpertRecord, PickChunk, ProductRecord, RecommendationRecord, SavedRecord } from './schema';

// What the Picks tab reads is in pick-pages.ts (reads only: the popup runs them too); here for every caller as before.
export {
  readTimeline,
  type ExpertCard,
  type LaterContext,
  type PickEntry,
  type StalenessContext,
  type TimelineInputs,
  type TimelinePage,
  type TimelineQuery,
} from './pick-pages';

export interface ExpertPageData {
  expert: ExpertRecord;
  /** Live picks, newest first: all of them, or the newest `limit` when asked for fewer. */
  picks: PickEntry[];
  /**
   * How many live picks the expert has (more than `picks` holds when a limit left some out); null when
   * the first rows were found without reading them all (then the full answer says).
   */
  total: number | null;
  staleSince: number | null;
  /** Followed collections that list this expert. */
  collections: { id: string; name: string }[];
}

/** How many of everyone's newest picks are looked through for an expert page's first rows, batch by batch. */
const FIRST_ROWS_WALK = [100, 400, 500];
/** The same, read at once (Chromium): as many as the walk looks through. */
const FIRST_ROWS_ENTRIES = FIRST_ROWS_WALK.reduce((sum, size) => sum + size, 0);

/**
 * Everything the expert page shows: the expert, their live picks (newest first; the newest `limit`
 * when given, so the first rows are drawn before all of them are read and sent) and whether they are
 * current.
 */
export async function readExpertPage(db: HaowuDb, expertId: string, later: LaterContext<StalenessContext>, limit = Infinity): Promise<ExpertPageData> {
  const { now } = later;
  const whole = settle(later);
  const tx = db.transaction(['experts', 'pickChunks', 'products', 'saved'], 'readonly');
  const reads = joinReads(tx);
  const expertRead = reads.expert(expertId);
  let newest: RecommendationRecord[] = [];
  let total: number | null = null;
  // The first rows: an expert with many picks has `limit` of them among everyone's newest few hundred.
  // Where the browser lists index entries' chunk keys at once (Chromium), one request (beside the
  // expert's) names the chunks of their entries among the newest FIRST_ROWS_ENTRIES, and those of their
  // first few entries are read; elsewhere `by-updatedAt`'s keys are walked in batches. Either way only
  // the chunks of their newest picks are read, not all of theirs. Past that, their picks are few: all
  // of them are read. Their last chunks are asked for beside the keys: those usually are the chunks
  // the keys name (new picks fill the last chunks), and then no round trip more reads chunks.
  if (limit < Infinity) {
    const keys = newestPickChunkKeys(tx, FIRST_ROWS_ENTRIES);
    if (keys) {
      const guessed = lastChunksOf(tx, expertId, Math.ceil((limit * FIRST_BATCH_MARGIN) / PICKS_PER_CHUNK) + 1);
      const theirs = (await keys).filter(([owner]) => owner === expertId);
      const chunks = new Map<number, PickChunk>();
      for (const chunk of (await guessed) ?? []) chunks.set(chunk.key[1], chunk);
      // Their first `used` entries, a few more than the rows still wanted each time, until enough are live.
      for (let used = 0; newest.length < limit && used < theirs.length; ) {
        used = Math.min(theirs.length, used + Math.ceil((limit - newest.length) * FIRST_BATCH_MARGIN));
        const unread = [...new Map(theirs.slice(0, used).map((key) => [key[1], key])).values()].filter(([, seq]) => !chunks.has(seq));
        for (const chunk of await chunksByKey(tx, unread)) chunks.set(chunk.key[1], chunk);
        // Their first `used` entries are the newest `used` picks of the chunks those entries name: any
        // other pick there is older than all of them, or it would be among them.
        const entries = [...chunks.values()].flatMap((chunk) => chunk.picks).sort(newestFirst).slice(0, used);
        newest = entries.filter((recommendation) => isLivePick(recommendation, now)).slice(0, limit);
      }
    } else {
      const walk = walkNewestPicks(tx, undefined, (owner) => owner === expertId);
      for (const size of FIRST_ROWS_WALK) {
        const { picks, walked } = await walk.next(size);
        for (const recommendation of picks) {
          if (isLivePick(recommendation, now)) newest.push(recommendation);
          if (newest.length === limit) break;
        }
        if (newest.length === limit || walked < size) break;
      }
    }
  }
  const expert = await expertRead;
  if (!expert) {
    await tx.done;
    throw new HaowuError('not-found', 'expert.unknownFollowAgain');
  }
  if (newest.length < limit) {
    const live = (await picksOfExpert(tx, expertId)).filter((r) => isLivePick(r, now)).sort(newestFirst);
    newest = live.length > limit ? live.slice(0, limit) : live;
    total = live.length;
  }
  const picks = await entriesOf(tx, newest, reads);
  // Every read answered: a read-only transaction's answers are final, so the page is not held until the
  // transaction's end is reported (as readTimeline, pick-pages.ts).
  tx.done.catch(() => undefined);
  // Awaited only now: a promise that is not a request's would let the transaction end early.
  const context = await whole;
  return {
    expert,
    picks,
    total,
    staleSince: expertStaleSince(expert, context.collections, context.refreshHours, context.now),
    collections: context.collections.filter((c) => c.expertIds.includes(expertId)).map(({ id, name }) => ({ id, name })),
  };
}


/** Everyone the user follows (the Picks tab's expert filter), by name. */
export async function listFollowing(db: HaowuDb): Promise<{ id: string; displayName: string }[]> {
  const experts = (await db.getAllFromIndex('experts', 'by-followedAt')).filter(inTimeline);
  const byName = new Intl.Collator().compare;
  return experts.map(({ id, displayName }) => ({ id, displayName })).sort((a, b) => byName(a.displayName, b.displayName));
}

/**
 * How many live picks of followed experts came after the user last looked at the Picks tab (the
 * toolbar badge). Reads only the picks of experts to whom new picks came since (`lastArrivalAt`).
 */
export async function countNewSince(db: HaowuDb, lastSeenAt: number | null, now: number): Promise<number> {
  if (lastSeenAt === null) return 0;
  const tx = db.transaction(['experts', 'pickChunks'], 'readonly');
  const experts = (await tx.objectStore('experts').index('by-followedAt').getAll()).filter((expert) => mayHaveNewPicks(expert, lastSeenAt));
  const picks = await Promise.all(experts.map((expert) => picksOfExpert(tx, expert.id)));
  await tx.done;
  return experts.reduce((sum, expert, i) => sum + countNewPicks(picks[i] ?? [], expert, lastSeenAt, now), 0);
}

/**
 * The product record a pick needs to be saved or put in the cart from Haowu's own page (the Saved tab
 * and checkout show its title, picture and store page): the one Haowu has, else one made from the pick
 * (its title and picture, the store page it names; no price, since Haowu has not read one there).
 */
function productFromPick(recommendation: RecommendationRecord, now: number): ProductRecord {
  const url = plainProductUrl(recommendation.productKey, { productUrl: recommendation.productUrl });
  if (!url) throw new HaowuError('not-found', 'product.noStorePage');
  const colon = recommendation.productKey.indexOf(':');
  const platform = recommendation.productKey.slice(0, colon) as ProductRecord['platform'];
  return {
    key: recommendation.productKey,
    platform,
    productId: recommendation.productKey.slice(colon + 1),
    canonicalUrl: url,
    title: recommendation.snapshot.title,
    imageUrl: recommendation.snapshot.imageUrl,
    shopName: null,
    storeDomain: platform === 'site' ? storeOfKey(recommendation.productKey) : registrableDomain(new URL(url).hostname),
    lastPrice: null,
    priceHistory: [],
    firstSeenAt: now,
    lastSeenAt: now,
    updatedAt: now,
  };
}

async function livePick(db: HaowuDb, recommendationId: string, now: number): Promise<RecommendationRecord> {
  const tx = db.transaction('pickChunks', 'readonly');
  const [recommendation] = await Promise.all([pickById(tx, recommendationId), tx.done]);
  if (!recommendation || !isLivePick(recommendation, now)) throw new HaowuError('not-found', 'pick.gone');
  return recommendation;
}

async function ensureProduct(db: HaowuDb, recommendation: RecommendationRecord, now: number): Promise<void> {
  const tx = db.transaction(PRODUCT_WRITE_STORES, 'readwrite');
  // A saved item may be waiting for its product (saved elsewhere, restored from a backup): putProductsIn gives it the copy.
  if (!(await tx.objectStore('products').get(recommendation.productKey))) await putProductsIn(tx, [productFromPick(recommendation, now)]);
  await tx.done;
}

/** Saves a pick's product from the expert page or the Picks tab, "via" its expert. */
export async function savePick(db: HaowuDb, recommendationId: string, now: number): Promise<{ item: SavedRecord; added: boolean; productKey: string }> {
  const recommendation = await livePick(db, recommendationId, now);
  await ensureProduct(db, recommendation, now);
  return { ...(await saveProduct(db, recommendation.productKey, { viaExpertId: recommendation.expertId }, now)), productKey: recommendation.productKey };
}

/** Adds one of a pick's product to the cart, through that pick (its partner link is used at checkout). */
export async function addPickToCart(db: HaowuDb, recommendationId: string, now: number): Promise<CartRecord> {
  const recommendation = await livePick(db, recommendationId, now);
  await ensureProduct(db, recommendation, now);
  return addToCart(db, { productKey: recommendation.productKey, quantity: 1, variant: '', viaRecommendationId: recommendation.id }, now);
}

