import { expertStaleSince, type StalenessCollection } from '../feed/staleness';
import {
  cursorOf,
  inTimeline,
  isAfterCursor,
  isNewPick,
  newestFirst,
  plainProductUrl,
  storeOfKey,
  timelineMatches,
  type TimelineCursor,
  type TimelineFilter,
} from '../picks/rules';
import type { Price } from '../product';
import type { HaowuDb } from './open';
import { newestPicksAtOnce, picksOfExpert, walkNewestPicks } from './pick-reads';
import type { ExpertRecord, ProductRecord, RecommendationRecord } from './schema';

/*
 * The Picks tab's read and what the expert page's read shares with it (picks.ts's readExpertPage): the
 * rows as listed, the records they join, the experts' cards (the rules are pure, in
 * utils/picks/rules.ts). The Picks tab walks `by-updatedAt` newest first and stops when a page is full,
 * so 50,000 picks cost what a page does. Reads only, with no writer and no value from the schema's
 * module: the popup runs the tab's read in its own page (utils/popup/timeline-here.ts), and its lazily
 * loaded parts never load zod's full build (tests/unit/bundles/timeline-here.test.ts).
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
export function settle<T extends { now: number }>(context: LaterContext<T>): Promise<Omit<T, 'now'> & { now: number }> {
  if (!('rest' in context)) return Promise.resolve(context);
  const whole = Promise.resolve(context.rest).then((rest): Omit<T, 'now'> & { now: number } => ({ ...rest, now: context.now }));
  // The database read may fail first and never await it.
  whole.catch(() => undefined);
  return whole;
}

export type ReadTx = ReturnType<HaowuDb['transaction']>;

/**
 * Up to this many saved items, a page tells which of its products are saved from all their keys (one
 * request); past it, from each product's own key. Reading every saved key cost what the rest of a
 * page's joins did with 5,000 saved items (issue 19: +10.6 ms on 60 product reads of 4.3 ms, Chromium,
 * load 16; a key per product +3.5 ms), and it lay on the first rows' path.
 */
export const SAVED_KEYS_AT_ONCE = 250;

/**
 * The records a page of picks joins, each asked for once per transaction and only when first wanted,
 * so a caller can ask for them early (in the same round trip as other reads) and `entriesOf` finds
 * them already on their way.
 */
export function joinReads(tx: ReadTx) {
  const products = new Map<string, Promise<ProductRecord | undefined>>();
  const experts = new Map<string, Promise<ExpertRecord | undefined>>();
  let fewSaved: Promise<Set<string> | null> | undefined;
  const savedStore = () => tx.objectStore('saved');
  /** Every saved key when there are at most SAVED_KEYS_AT_ONCE, else null: one request per transaction. */
  const fewSavedKeys = (): Promise<Set<string> | null> =>
    (fewSaved ??= savedStore()
      .getAllKeys(null, SAVED_KEYS_AT_ONCE + 1)
      .then((keys) => (keys.length > SAVED_KEYS_AT_ONCE ? null : new Set<string>(keys))));
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
    fewSavedKeys,
    /** Which of these products are saved (see SAVED_KEYS_AT_ONCE); a list longer than that reads every saved key. */
    async savedAmong(keys: readonly string[]): Promise<Set<string>> {
      if (keys.length > SAVED_KEYS_AT_ONCE) return new Set<string>(await savedStore().getAllKeys());
      const few = await fewSavedKeys();
      if (few) return few;
      const found = await Promise.all(keys.map((key) => savedStore().getKey(key)));
      return new Set(keys.filter((_, i) => found[i] !== undefined));
    },
  };
}
type JoinReads = ReturnType<typeof joinReads>;

/** Product records and saved state for these picks, in the same transaction. */
export async function entriesOf(tx: ReadTx, recommendations: readonly RecommendationRecord[], reads: JoinReads = joinReads(tx)): Promise<PickEntry[]> {
  const [found, isSaved] = await Promise.all([Promise.all(recommendations.map((r) => reads.product(r.productKey))), reads.savedAmong([...new Set(recommendations.map((r) => r.productKey))])]);
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

export const cardOf = (expert: ExpertRecord, context: StalenessContext): ExpertCard => ({
  id: expert.id,
  displayName: expert.displayName,
  avatarUrl: expert.avatarUrl,
  ...(expert.avatarCopy && { avatarCopy: expert.avatarCopy }),
  followed: expert.followed,
  staleSince: expertStaleSince(expert, context.collections, context.refreshHours, context.now),
});

export interface TimelineQuery extends TimelineFilter {
  /** Continue after this pick (the page before ended there). */
  before?: TimelineCursor;
  limit: number;
}

/** What a Picks tab page is read with besides the database and `now`: the staleness inputs and the last look. */
export type TimelineInputs = Omit<StalenessContext, 'now'> & { lastSeenAt: number | null };

export interface TimelinePage {
  entries: PickEntry[];
  /** The experts of these entries. */
  experts: ExpertCard[];
  /** Where the next page starts; null when the list ended. */
  next: TimelineCursor | null;
  /** The last-seen time the `isNew` marks were computed with. */
  lastSeenAt: number | null;
}

/** The Picks tab's requests of everyone's newest picks read this many entries per row still wanted: room for the retracted and expired. */
export const FIRST_BATCH_MARGIN = 1.15;
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
export async function readTimeline(db: HaowuDb, query: TimelineQuery, later: LaterContext<StalenessContext & Pick<TimelineInputs, 'lastSeenAt'>>): Promise<TimelinePage> {
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
      void reads.fewSavedKeys();
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
  // Every read answered: a read-only transaction's answers are final, so the page is not held until the
  // transaction's end is reported (0-11 ms later on a loaded machine, issue 19).
  tx.done.catch(() => undefined);
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
