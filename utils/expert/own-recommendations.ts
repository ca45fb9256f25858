import { z } from 'zod';
import type { HaowuDb } from '../db/open';
import { recordProductSeen } from '../db/products';
import { PICK_STORES, openPickEdit, openPickWriter } from '../db/pick-chunks';
import { Rating, type ProductRecord, type RecommendationRecord } from '../db/schema';
import { HaowuError } from '../errors';
import { FeedItemId } from '../feed/schema';
import { MAX_URL_LENGTH } from '../feed/limits';
import { DetectedProduct } from '../product';
import { getSettings } from '../settings';
import { getOwnProfile } from './profile';
import { registrableDomainOf } from '../registrable-domain';
import * as commonStrings from '../i18n/strings/common';
import * as recommendStrings from '../i18n/strings/recommend';
import { translate, type StringTables } from '../i18n/translate';
import { effectivePartnerLink, linkElsewhere, normalizeRecommendation, recommendationProblems, sayProblem } from './recommend-rules';

// The common table names the stores a partner-link problem names.
const RECOMMEND_STRINGS: StringTables = { en: { ...commonStrings.en, ...recommendStrings.en }, zh: { ...commonStrings.zh, ...recommendStrings.zh } };
import { abortTransaction } from '../db/abort';

/*
 * The expert's own picks: saved from the overlay's Recommend form or edited in the Studio. They are
 * ordinary recommendation records of the local expert; deleting leaves a tombstone so the next
 * published feed retracts the pick from followers.
 */

/** The message payload. Shapes and hard caps here; the content rules are in recommend-rules.ts. */
export const OwnRecommendationInput = z.object({
  /** Present when editing; a new pick gets a fresh id. */
  id: FeedItemId.optional(),
  productKey: z.string().min(3).max(220),
  /** The product as read from the page (from the overlay); the Studio edits picks of known products. */
  product: z.optional(DetectedProduct),
  reason: z.string().max(4000),
  rating: Rating,
  stockNote: z.string().max(1000).default(''),
  tags: z.array(z.string().max(200)).max(50).default([]),
  expiresAt: z.number().int().positive().nullable().default(null),
  partnerLink: z.string().max(MAX_URL_LENGTH + 100).default(''),
});
export type OwnRecommendationInput = z.input<typeof OwnRecommendationInput>;

async function requireExpertMode(): Promise<void> {
  if (!(await getSettings()).expertMode) throw new HaowuError('forbidden', 'recommend.expertModeOff');
}

async function requireOwnExpertId(db: HaowuDb, now: number): Promise<string> {
  const own = await getOwnProfile(db, now);
  if (!own) throw new HaowuError('not-found', 'recommend.noProfile');
  return own.expertId;
}

const newId = () => `p-${crypto.randomUUID()}`;

/**
 * Saves (creates or edits) one of the expert's own picks. Only with expert mode on and a profile.
 * A new pick for a product the expert already recommends edits that pick: one pick per product.
 */
export async function saveOwnRecommendation(db: HaowuDb, input: z.output<typeof OwnRecommendationInput>, now: number): Promise<RecommendationRecord> {
  await requireExpertMode();
  const expertId = await requireOwnExpertId(db, now);
  if (input.product && input.product.key !== input.productKey) throw new HaowuError('invalid-input', 'recommend.productMismatch');
  const product: ProductRecord | undefined = input.product ? await recordProductSeen(db, input.product, now) : await db.get('products', input.productKey);
  if (!product) throw new HaowuError('not-found', 'recommend.productUnknown');

  const fields = normalizeRecommendation(input);
  const problems = recommendationProblems(fields, { platform: product.platform, url: product.canonicalUrl }, now, registrableDomainOf);
  const elsewhere = linkElsewhere(problems);
  if (elsewhere !== null) throw new HaowuError('invalid-input', 'recommend.linkElsewhere', { host: elsewhere });
  if (problems.length > 0)
    throw new HaowuError('invalid-input', 'recommend.invalid', {
      // In English: the form checks these same rules first and says them in the UI language.
      problems: problems.map((p) => sayProblem((key, params) => translate(RECOMMEND_STRINGS, 'en', key, params), p)).join(' '),
    });

  const tx = db.transaction(PICK_STORES, 'readwrite');
  const pickOf = (existing: RecommendationRecord | undefined) => ownPick(expertId, product, fields, existing, now);
  // The usual edit (the Studio's, the overlay's of a saved pick): only the chunk holding the pick is
  // read and written. Anything else (a new pick, a pick not found there, a tombstone, another product)
  // goes through the whole-expert writer below, in the same transaction, which says what is wrong.
  if (input.id !== undefined) {
    const edit = await openPickEdit(tx, expertId, input.id);
    if (edit && !edit.pick.deleted && edit.pick.productKey === product.key) {
      const record = pickOf(edit.pick);
      edit.put(record);
      await tx.done;
      return record;
    }
  }
  const picks = await openPickWriter(tx, expertId);
  const mine = picks.all().filter((r) => !r.deleted);
  let existing: RecommendationRecord | undefined;
  if (input.id !== undefined) {
    existing = mine.find((r) => r.id === input.id);
    if (!existing) {
      await abortTransaction(tx);
      throw new HaowuError('not-found', 'recommend.notYours');
    }
    if (existing.productKey !== product.key) {
      await abortTransaction(tx);
      throw new HaowuError('invalid-input', 'recommend.cannotMove');
    }
  } else existing = mine.find((r) => r.productKey === product.key);

  const record = pickOf(existing);
  picks.put(record);
  picks.flush();
  await tx.done;
  return record;
}

/** The pick a save stores: the fields as given, the rest kept from the pick it edits (if any). */
function ownPick(
  expertId: string,
  product: ProductRecord,
  fields: ReturnType<typeof normalizeRecommendation>,
  existing: RecommendationRecord | undefined,
  now: number,
): RecommendationRecord {
  return {
    id: existing?.id ?? newId(),
    expertId,
    productKey: product.key,
    snapshot: existing?.snapshot ?? { title: product.title, imageUrl: product.imageUrl, price: product.lastPrice },
    reason: fields.reason,
    rating: fields.rating,
    stockNote: fields.stockNote === '' ? null : fields.stockNote,
    tags: fields.tags,
    partnerLink: effectivePartnerLink(fields, product.canonicalUrl),
    createdAt: existing?.createdAt ?? now,
    // Strictly increasing, so a follower's copy is always replaced by the edit.
    updatedAt: Math.max(now, (existing?.updatedAt ?? 0) + 1),
    expiresAt: fields.expiresAt,
    deleted: false,
  };
}

/** Deletes one of the expert's own picks, keeping a tombstone so publishing retracts it. */
export async function deleteOwnRecommendation(db: HaowuDb, id: string, now: number): Promise<RecommendationRecord> {
  await requireExpertMode();
  const expertId = await requireOwnExpertId(db, now);
  const tx = db.transaction(PICK_STORES, 'readwrite');
  const picks = await openPickWriter(tx, expertId);
  const existing = picks.get(id);
  if (!existing || existing.expertId !== expertId || existing.deleted) {
    await abortTransaction(tx);
    throw new HaowuError('not-found', 'recommend.alreadyDeleted');
  }
  const tombstone: RecommendationRecord = { ...existing, deleted: true, updatedAt: Math.max(now, existing.updatedAt + 1) };
  picks.put(tombstone);
  picks.flush();
  await tx.done;
  return tombstone;
}
