import { storeOf } from '../db/products';
import type { ProductRecord, RecommendationRecord } from '../db/schema';
import { FeedItemId } from '../feed/schema';
import { isAllowedPartnerLink, isStoreUrl } from '../partner-links';
import type { Price } from '../product';
import { registrableDomain } from '../registrable-domain';
import { clampRating } from './format';
import { cleanText, httpsUrl, type SafeUrl } from './html';
import { slug } from './slug';

/*
 * The picks a window shows, from the same records publishing reads (utils/expert/publish-own.ts):
 * the expert's recommendation records and the product records they are for. Only live picks: a
 * deleted (retracted) or expired pick is gone from the page as it is from the feed. Links are the
 * feed's own rules: a partner link the feed would refuse gives no Buy link at all.
 */

/** One recommendation record with its product record (null when the product is no longer stored). */
export interface WindowPickSource {
  recommendation: Pick<
    RecommendationRecord,
    'id' | 'snapshot' | 'reason' | 'rating' | 'stockNote' | 'tags' | 'partnerLink' | 'createdAt' | 'updatedAt' | 'expiresAt' | 'deleted'
  >;
  product: Pick<ProductRecord, 'key' | 'platform' | 'productId' | 'canonicalUrl' | 'shopName' | 'storeDomain' | 'imageUrl'> | null;
}

/** A store or tag the picks can be narrowed by: `key` groups, `slug` names its page. */
export interface Facet {
  key: string;
  slug: string;
  /** For tags, the spelling of the newest pick that uses it; for stores, the store key (named per language later). */
  label: string;
}

export interface WindowPick {
  id: string;
  slug: string;
  title: string;
  imageUrl: SafeUrl | null;
  store: Facet;
  shopName: string | null;
  /** The price when the expert recommended it. */
  price: Price | null;
  rating: number;
  reason: string;
  stockNote: string | null;
  tags: Facet[];
  /** The partner link, only when the feed would accept it. */
  buyUrl: SafeUrl | null;
  /** The product's canonical page, only when it is https on the product's own store. */
  productUrl: SafeUrl | null;
  createdAt: number;
  updatedAt: number;
}

/** The same rule as publishing's (utils/feed/publish.ts): not deleted, and not past its expiry. */
const isLive = (r: WindowPickSource['recommendation'], now: number) => !r.deleted && (r.expiresAt === null || r.expiresAt > now);

/**
 * The product page link, by the feed's rule for `product.url` (utils/feed/schema.ts): a known store's
 * own domains, or for other stores the domain the product id starts with.
 */
function productPageUrl(product: NonNullable<WindowPickSource['product']>): SafeUrl | null {
  const url = httpsUrl(product.canonicalUrl);
  if (!url) return null;
  const parsed = new URL(url.href);
  if (parsed.port !== '') return null;
  if (product.platform !== 'site') return isStoreUrl(url.href, product.platform) ? url : null;
  return product.productId.startsWith(`${registrableDomain(parsed.hostname)}/`) ? url : null;
}

function buyUrl(link: string | null, product: NonNullable<WindowPickSource['product']>): SafeUrl | null {
  if (link === null || !isAllowedPartnerLink(link, { platform: product.platform, url: product.canonicalUrl })) return null;
  return httpsUrl(link);
}

/** Tags group regardless of case and width ("Kitchen", "kitchen", "ｋｉｔｃｈｅｎ"). */
const tagKey = (tag: string): string => cleanText(tag).normalize('NFKC').trim().toLowerCase();

const storeFacet = (store: string): Facet => ({ key: store, slug: slug(store), label: store });

/**
 * The window's picks, newest first (by last update, then id, so the order never depends on the
 * database's). A pick whose id the feed format cannot carry is left out like publishing leaves it
 * out; such an id could also not name a page. `texts`, when given, gets each pick as text: the
 * fields it is derived from and its tags, which determine it whole (what its card is made from).
 */
export function windowPicks(sources: readonly WindowPickSource[], now: number, texts?: Map<WindowPick, string>): WindowPick[] {
  const newestFirst = [...sources].sort(
    (a, b) => b.recommendation.updatedAt - a.recommendation.updatedAt || (a.recommendation.id < b.recommendation.id ? -1 : a.recommendation.id > b.recommendation.id ? 1 : 0),
  );
  const seen = new Set<string>();
  const tagLabels = new Map<string, string>();
  const picks: WindowPick[] = [];
  const derived = new Map<string, OwnParts | null>();
  const tagNames = new Map<string, TagNames>();
  for (const { recommendation: r, product } of newestFirst) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    if (!isLive(r, now) || !product) continue;
    const memo = memoOf(r, product);
    const own = ownPartsOf(r, product, memo, derived);
    if (!own) continue;
    const tags = new Map<string, Facet>();
    for (const tag of r.tags) {
      const named = tagNamesOf(tag, tagNames);
      const { key } = named;
      if (key === '' || tags.has(key)) continue;
      if (!tagLabels.has(key)) tagLabels.set(key, named.label);
      tags.set(key, { key, slug: named.slug, label: tagLabels.get(key) ?? key });
    }
    const pick = { ...own, tags: [...tags.values()] };
    picks.push(pick);
    texts?.set(pick, `${memo}\n${JSON.stringify(pick.tags)}`);
  }
  lastDerived = derived;
  lastTagNames = tagNames;
  return picks;
}

/** A tag as written, grouped (`key`), named in paths (`slug`) and cleaned for showing (`label`). */
interface TagNames {
  key: string;
  slug: string;
  label: string;
}

/*
 * The names of each tag as written, from the last window built: the same few dozen tags recur on a
 * thousand picks, and normalizing and slugging each occurrence cost a publish more than the rest of
 * its tags' work (issue 19).
 */
let lastTagNames = new Map<string, TagNames>();

function tagNamesOf(tag: string, names: Map<string, TagNames>): TagNames {
  let named = names.get(tag) ?? lastTagNames.get(tag);
  if (named === undefined) {
    const key = tagKey(tag);
    named = { key, slug: slug(key), label: cleanText(tag).trim() };
  }
  names.set(tag, named);
  return named;
}

/** What a pick shows that depends on its own two records alone (not its tags: a tag's label is the newest pick's spelling). */
type OwnParts = Omit<WindowPick, 'tags'>;

/*
 * The parts derived from each pick's records by the last window built, by the records' fields that
 * make them: publishing again after one edit derives one pick's (URL checks, link rules, cleaning),
 * not a thousand. Null: an id the feed format cannot carry.
 */
let lastDerived = new Map<string, OwnParts | null>();

/** The fields of a pick's two records its own parts are derived from, as text. */
function memoOf(r: WindowPickSource['recommendation'], product: NonNullable<WindowPickSource['product']>): string {
  const { key, platform, productId, canonicalUrl, shopName, storeDomain, imageUrl } = product;
  const { id, snapshot, rating, reason, stockNote, partnerLink, createdAt, updatedAt } = r;
  return JSON.stringify([id, snapshot, rating, reason, stockNote, partnerLink, createdAt, updatedAt, key, platform, productId, canonicalUrl, shopName, storeDomain, imageUrl]);
}

function ownPartsOf(r: WindowPickSource['recommendation'], product: NonNullable<WindowPickSource['product']>, memo: string, derived: Map<string, OwnParts | null>): OwnParts | null {
  let own = derived.get(memo) ?? lastDerived.get(memo);
  if (own === undefined) {
    own = FeedItemId.safeParse(r.id).success
      ? {
          id: r.id,
          slug: slug(r.id),
          title: cleanText(r.snapshot.title).trim() || product.key,
          imageUrl: httpsUrl(r.snapshot.imageUrl ?? product.imageUrl),
          store: storeFacet(storeOf(product)),
          shopName: product.shopName === null ? null : cleanText(product.shopName).trim() || null,
          price: r.snapshot.price,
          rating: clampRating(r.rating),
          reason: r.reason,
          stockNote: r.stockNote === null || cleanText(r.stockNote).trim() === '' ? null : r.stockNote,
          buyUrl: buyUrl(r.partnerLink, product),
          productUrl: productPageUrl(product),
          createdAt: r.createdAt,
          updatedAt: r.updatedAt,
        }
      : null;
  }
  derived.set(memo, own);
  return own;
}
