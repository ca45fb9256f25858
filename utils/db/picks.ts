import { HaowuError } from '../errors';
import { expertStaleSince, type StalenessCollection } from '../feed/staleness';
import {
  countNewPicks,
  cursorOf,
  inTimeline,
  isAfterCursor,
  isLivePick,
  isNewPick,
  mayHaveNewPicks,
  newestFirst,
  plainProductUrl,
  storeOfKey,
  timelineMatches,
  type TimelineCursor,
  type TimelineFilter,
} from '../picks/rules';
import type { Price } from '../product';
import { registrableDomain } from '../registrable-domain';
import { addToCart } from './cart';
import type { HaowuDb } from './open';
import { PICKS_PER_CHUNK, chunksByKey, lastChunksOf, newestPickChunkKeys, newestPicksAtOnce, pickById, picksOfExpert, walkNewestPicks } from './pick-chunks';
import { saveProduct } from './saved';
import { PRODUCT_WRITE_STORES, putProductsIn } from './saved-copy';
import type { CartRecord, ExpertRecord, PickChunk, ProductRecord, RecommendationRecord, SavedRecord } from './schema';

/*
 * What the expert page and the Picks tab read (the rules are pure, in utils/picks/rules.ts). The
 * expert page reads one expert's chunks (utils/db/pick-chunks.ts); the Picks tab walks `by-updatedAt`
 * newest first and stops when a page is full, so 50,000 picks cost what a page does.
 */

/** One pick as the expert page and the Picks tab list it. */
export interface PickEntry {
  recommendation: RecommendationRecord;
  /** Its store: the platform, or another store's domain. */
  store: string;
  /** The price Haowu last read on the product's own page; null when it never did (or the page showed none). */
  lastPrice: Price | null;
  /** The store page without any partner tag, when known. */
  plainUrl: string | null;
  saved: boolean;
  /** The Picks tab only: it came after the user last looked (utils/picks/rules.ts isNewPick). */
  isNew?: boolean;
}

/** What the popup needs about the experts its picks show. */
export type ExpertCard = Pick<ExpertRecord, 'id' | 'displayName' | 'avatarUrl' | 'avatarCopy' | 'followed'> & {
  /** Their feed has not refreshed for more than twice the refresh interval since this time (utils/feed/staleness.ts). */
  staleSince: number | null;
};

export interface StalenessContext {
  now: number;
  refreshHours: number;
  collections: readonly (StalenessCollection & { id: string; name: string })[];
}

/**
 * A context whose inputs other than `now` (settings, followed collections, the Picks tab's last look)
 * may still be on their way: the reads below need only `now` until they build the experts' cards, after
 * their transaction, so the background issues those reads beside the database read (issue 19: they
 * took 1-21 ms before it on a loaded machine).
 */
export type LaterContext<T extends { now: number }> = T | { now: number; rest: PromiseLike<Omit<T, 'now'>> };

/** The whole context, once its inputs came. A failure is reported where it is awaited, never unhandled. */
function settle<T extends { now: number }>(context: LaterContext<T>): Promise<Omit<T, 'now'> & { now: number }> {
  if (!('rest' in context)) return Promise.resolve(context);
  const whole = Promise.resolve(context.rest).then((rest): Omit<T, 'now'> & { now: number } => ({ ...rest, now: context.now }));
  // The database read may fail first and never await it.
  whole.catch(() => undefined);
  return whole;
}

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

type ReadTx = ReturnType<HaowuDb['transaction']>;

/**
 * The records a page of picks joins, each asked for once per transaction and only when first wanted,
 * so a caller can ask for them early (in the same round trip as other reads) and `entriesOf` finds
 * them already on their way.
 */
function joinReads(tx: ReadTx) {
  const products = new Map<string, Promise<ProductRecord | undefined>>();
  const experts = new Map<string, Promise<ExpertRecord | undefined>>();
  let savedKeys: Promise<Set<string>> | undefined;
  return {
    product(key: string): Promise<ProductRecord | undefined> {
      let found = products.get(key);
      if (!found) products.set(key, (found = tx.objectStore('products').get(key)));
      return found;
    },
    expert(id: string): Promise<ExpertRecord | undefined> {
      let found = experts.get(id);
      if (!found) experts.set(id, (found = tx.objectStore('experts').get(id)));
      return found;
    },
    /** Few saved items are among a page of picks: all saved keys are one cheap read. */
    savedKeys(): Promise<Set<string>> {
      return (savedKeys ??= tx.objectStore('saved').getAllKeys().then((keys) => new Set<string>(keys)));
    },
  };
}
type JoinReads = ReturnType<typeof joinReads>;

/** Product records and saved state for these picks, in the same transaction. */
async function entriesOf(tx: ReadTx, recommendations: readonly RecommendationRecord[], reads: JoinReads = joinReads(tx)): Promise<PickEntry[]> {
  const [found, isSaved] = await Promise.all([Promise.all(recommendations.map((r) => reads.product(r.productKey))), reads.savedKeys()]);
  return recommendations.map((recommendation, i) => {
    const product = found[i];
    return {
      recommendation,
      store: product ? (product.platform === 'site' ? product.storeDomain : product.platform) : storeOfKey(recommendation.productKey),
      lastPrice: product?.lastPrice ?? null,
      plainUrl: plainProductUrl(recommendation.productKey, { canonicalUrl: product?.canonicalUrl, productUrl: recommendation.productUrl }),
      saved: isSaved.has(recommendation.productKey),
    };
  });
}

const cardOf = (expert: ExpertRecord, context: StalenessContext): ExpertCard => ({
  id: expert.id,
  displayName: expert.displayName,
  avatarUrl: expert.avatarUrl,
  ...(expert.avatarCopy && { avatarCopy: expert.avatarCopy }),
  followed: expert.followed,
  staleSince: expertStaleSince(expert, context.collections, context.refreshHours, context.now),
});

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
  await tx.done;
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

export interface TimelineQuery extends TimelineFilter {
  /** Continue after this pick (the page before ended there). */
  before?: TimelineCursor;
  limit: number;
}

export interface TimelinePage {
  entries: PickEntry[];
  /** The experts of these entries. */
  experts: ExpertCard[];
  /** Where the next page starts; null when the list ended. */
  next: TimelineCursor | null;
  /** The last-seen time the `isNew` marks were computed with. */
  lastSeenAt: number | null;
}

/** How many of everyone's newest picks are looked through for an expert page's first rows, batch by batch. */
const FIRST_ROWS_WALK = [100, 400, 500];
/** The same, read at once (Chromium): as many as the walk looks through. */
const FIRST_ROWS_ENTRIES = FIRST_ROWS_WALK.reduce((sum, size) => sum + size, 0);

/** The Picks tab's requests of everyone's newest picks read this many entries per row still wanted: room for the retracted and expired. */
const FIRST_BATCH_MARGIN = 1.15;
/** At most this many such requests; then the walk. */
const AT_ONCE_BATCHES = 2;
/** Below this share of entries kept, a request at once read too many passed-over chunks: the walk takes over. */
const FIRST_BATCH_KEPT = 0.5;

/** How many index entries one step of the walk reads: small first (the first rows), larger when a filter skips many. */
const BATCHES = [100, 400, 1000, 2000];

/**
 * One page of the Picks tab: the newest live picks of the experts the user follows, matching the
 * store or expert filter, after `before`. Unfiltered, everyone's newest picks are read in one request
 * (Chromium's getAllRecords), then their experts, products and saved state in one more round trip: the
 * experts the user follows are not all read. Otherwise, or when those did not fill the page (a filter,
 * many picks of experts not followed), `by-updatedAt` is walked backwards in growing batches, passing
 * over the chunks of experts not followed; for one expert, their picks are read through their chunks.
 */
export async function readTimeline(db: HaowuDb, query: TimelineQuery, later: LaterContext<StalenessContext & { lastSeenAt: number | null }>): Promise<TimelinePage> {
  const { now } = later;
  const whole = settle(later);
  const tx = db.transaction(['experts', 'pickChunks', 'products', 'saved'], 'readonly');
  const reads = joinReads(tx);
  /** Every expert record read so far, by id (undefined: not in the database). */
  const known = new Map<string, ExpertRecord | undefined>();
  /**
   * What says whether an expert's picks belong on the tab (kind, followed), by id: their record, or
   * the card their chunks carry (kept in step with the record: utils/db/pick-chunks.ts), so the page
   * is chosen without reading the experts first (null, undefined: no record).
   */
  const gate = new Map<string, Pick<ExpertRecord, 'kind' | 'followed'> | null | undefined>();
  const learn = async (ids: Iterable<string>) => {
    const unknown = [...new Set(ids)].filter((id) => !known.has(id));
    const found = await Promise.all(unknown.map((id) => reads.expert(id)));
    unknown.forEach((id, i) => {
      known.set(id, found[i]);
      gate.set(id, found[i]);
    });
  };
  const filter: TimelineFilter = { store: query.store, expertId: query.expertId };
  const matches = (recommendation: RecommendationRecord) => timelineMatches(recommendation, gate.get(recommendation.expertId) ?? undefined, filter, now);

  const picked: RecommendationRecord[] = [];
  /** Keeps the matching picks of `picks` until the page is full. */
  const keep = (picks: readonly RecommendationRecord[]) => {
    for (const recommendation of picks) {
      if (picked.length === query.limit) return;
      if (matches(recommendation)) picked.push(recommendation);
    }
  };
  let next: TimelineCursor | null = null;
  if (query.expertId !== undefined) {
    await learn([query.expertId]);
    const theirs = inTimeline(known.get(query.expertId)) ? await picksOfExpert(tx, query.expertId) : [];
    const ordered = theirs.filter((r) => matches(r) && isAfterCursor(r, query.before)).sort(newestFirst);
    picked.push(...ordered.slice(0, query.limit));
    next = ordered.length > query.limit ? cursorOf(picked.at(-1)!) : null;
  } else {
    let from = query.before;
    let ended = false;
    // Everyone's newest picks at once (a store filter passes most over: the walk reads less for it).
    for (let batch = 0, size = Math.ceil(query.limit * FIRST_BATCH_MARGIN); query.store === undefined && batch < AT_ONCE_BATCHES && picked.length < query.limit && !ended; batch++) {
      const found = newestPicksAtOnce(tx, from, size);
      if (!found) break;
      const { picks, cards, walked, last } = await found;
      // The products (most picks are kept) and saved state, asked for now to share a round trip.
      for (const recommendation of picks) void reads.product(recommendation.productKey);
      void reads.savedKeys();
      for (const [id, card] of cards) if (!gate.has(id)) gate.set(id, card);
      // Experts whose chunks carry no card yet (version 5 wrote them): their records, in that round trip.
      await learn(picks.flatMap((r) => (gate.has(r.expertId) ? [] : [r.expertId])));
      const before = picked.length;
      keep(picks);
      from = last;
      ended = walked < size;
      // Most of these were passed over (experts not followed): the walk skips such chunks unread.
      if (picked.length - before < walked * FIRST_BATCH_KEPT) break;
      size = Math.ceil((query.limit - picked.length) * FIRST_BATCH_MARGIN);
    }
    if (picked.length < query.limit && !ended) {
      const followedList = (await tx.objectStore('experts').index('by-followedAt').getAll()).filter(inTimeline);
      for (const expert of followedList) {
        known.set(expert.id, expert);
        gate.set(expert.id, expert);
      }
      const followed = new Set(followedList.map((expert) => expert.id));
      // Picks of experts not followed are passed over from the index keys alone, their chunks unread.
      const walk = walkNewestPicks(tx, from, (expertId) => followed.has(expertId));
      for (let step = 0; picked.length < query.limit; step++) {
        const size = BATCHES[Math.min(step, BATCHES.length - 1)]!;
        const { picks, walked } = await walk.next(size);
        keep(picks);
        if (walked < size) break;
      }
    }
    if (picked.length === query.limit) next = cursorOf(picked.at(-1)!);
  }
  // The records of the page's experts (their cards show the feed's staleness and the avatar's copy;
  // "new" needs when they were followed), in the same round trip as the products.
  const [joined] = await Promise.all([entriesOf(tx, picked, reads), learn(picked.map((r) => r.expertId))]);
  await tx.done;
  // Awaited only now: a promise that is not a request's would let the transaction end early.
  const context = await whole;
  const entries = joined.map((entry) => {
    const expert = known.get(entry.recommendation.expertId);
    return { ...entry, isNew: expert !== undefined && isNewPick(entry.recommendation, expert, context.lastSeenAt) };
  });
  const shownExperts = [...new Set(picked.map((r) => r.expertId))].flatMap((id) => {
    const expert = known.get(id);
    return expert ? [cardOf(expert, context)] : [];
  });
  return { entries, experts: shownExperts, next, lastSeenAt: context.lastSeenAt };
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

