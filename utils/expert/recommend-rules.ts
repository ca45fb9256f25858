import { MAX_TAGS, MAX_URL_LENGTH, REASON_MAX, REASON_MIN, STOCK_NOTE_MAX, TAG_MAX } from '../feed/limits';
import { partnerLinkRefusal, type PartnerLinkProblem, type PartnerLinkProduct } from '../partner-link-rules';
import type { StringKey } from '../i18n/strings';
import type { DomainOf } from '../stores/site-domain';

/*
 * The rules for the expert's own recommendation, as one pure function with no zod: the Recommend
 * form (in the overlay's panel on a store page, where bundle size matters) and the background (which
 * decides) both run it, so the form never accepts what the background would refuse. The limits are
 * the feed format's, so every saved pick can be published.
 */

/** What the Recommend form sends, already trimmed by `normalizeRecommendation`. */
export interface RecommendationFields {
  reason: string;
  rating: number;
  stockNote: string;
  tags: string[];
  /** Epoch ms, or null for "does not expire". */
  expiresAt: number | null;
  /** The expert's own partner link; '' means "use the product page itself". */
  partnerLink: string;
}

export type RecommendationField = keyof RecommendationFields;

/** Each problem's words, in the Recommend form's table (utils/i18n/strings/recommend.ts). */
export const PROBLEM_KEYS = {
  reasonShort: 'recommend.problem.reasonShort',
  reasonLong: 'recommend.problem.reasonLong',
  rating: 'recommend.problem.rating',
  stockNoteLong: 'recommend.problem.stockNoteLong',
  tooManyTags: 'recommend.problem.tooManyTags',
  tagLong: 'recommend.problem.tagLong',
  expiryPast: 'recommend.problem.expiryPast',
  linkTooLong: 'recommend.problem.link.tooLong',
  linkInvalidUrl: 'recommend.problem.link.invalidUrl',
  linkNotHttps: 'recommend.problem.link.notHttps',
  linkCredentials: 'recommend.problem.link.credentials',
  linkPort: 'recommend.problem.link.port',
  linkNoStore: 'recommend.problem.link.noStore',
  linkNotOnSite: 'recommend.problem.link.notOnSite',
  linkNotStorePage: 'recommend.problem.link.notStorePage',
  linkNotStoreHost: 'recommend.problem.link.notStoreHost',
  linkCarriesAddress: 'recommend.problem.link.carriesAddress',
} as const satisfies Record<string, StringKey>;
export type RecommendProblem = keyof typeof PROBLEM_KEYS;

/** The partner-link check's refusals (utils/partner-link-rules.ts) as the form's problems. */
const LINK_PROBLEMS: Record<PartnerLinkProblem, RecommendProblem> = {
  'invalid-url': 'linkInvalidUrl',
  'not-https': 'linkNotHttps',
  credentials: 'linkCredentials',
  port: 'linkPort',
  'no-store': 'linkNoStore',
  'not-on-site': 'linkNotOnSite',
  'not-store-page': 'linkNotStorePage',
  'not-store-host': 'linkNotStoreHost',
  'carries-address': 'linkCarriesAddress',
};

/** A field's problem as data, said by the form in the UI language: sayProblem(t, problem). */
export interface FieldProblem {
  field: RecommendationField;
  problem: RecommendProblem;
  params?: Record<string, string | number>;
}

/** "a, b ,, c" → ["a", "b", "c"]: tags as people type them, duplicates dropped. */
export const parseTags = (text: string): string[] => [
  ...new Set(
    text
      .split(/[,，、]/)
      .map((tag) => tag.trim())
      .filter((tag) => tag !== ''),
  ),
];

export function normalizeRecommendation(fields: RecommendationFields): RecommendationFields {
  return {
    reason: fields.reason.trim(),
    rating: fields.rating,
    stockNote: fields.stockNote.trim(),
    tags: [...new Set(fields.tags.map((tag) => tag.trim()).filter((tag) => tag !== ''))],
    expiresAt: fields.expiresAt,
    partnerLink: fields.partnerLink.trim(),
  };
}

/**
 * Every problem with the fields for this product, field by field; empty when the pick can be saved.
 * `domainOf` names registrable domains for the partner-link check: the background passes the Public
 * Suffix List (registrableDomainOf); the form passes null (the list is too large for a store page's
 * panel), and then an other store's link domain is left to the background's check on saving.
 */
export function recommendationProblems(raw: RecommendationFields, product: PartnerLinkProduct, now: number, domainOf: DomainOf | null): FieldProblem[] {
  const fields = normalizeRecommendation(raw);
  const problems: FieldProblem[] = [];
  const add = (field: RecommendationField, problem: RecommendProblem, params?: FieldProblem['params']) => problems.push({ field, problem, ...(params && { params }) });
  const reasonLength = [...fields.reason].length;
  if (reasonLength < REASON_MIN) add('reason', 'reasonShort', { min: REASON_MIN, length: reasonLength });
  else if (reasonLength > REASON_MAX) add('reason', 'reasonLong', { max: REASON_MAX, length: reasonLength });
  if (!Number.isInteger(fields.rating) || fields.rating < 1 || fields.rating > 5) add('rating', 'rating');
  if ([...fields.stockNote].length > STOCK_NOTE_MAX) add('stockNote', 'stockNoteLong', { max: STOCK_NOTE_MAX });
  if (fields.tags.length > MAX_TAGS) add('tags', 'tooManyTags', { max: MAX_TAGS });
  const long = fields.tags.find((tag) => [...tag].length > TAG_MAX);
  if (long !== undefined) add('tags', 'tagLong', { tag: long, max: TAG_MAX });
  if (fields.expiresAt !== null && (!Number.isFinite(fields.expiresAt) || fields.expiresAt <= now)) add('expiresAt', 'expiryPast');
  if (fields.partnerLink !== '') {
    const refusal = fields.partnerLink.length > MAX_URL_LENGTH ? null : partnerLinkRefusal(fields.partnerLink, product, domainOf);
    if (fields.partnerLink.length > MAX_URL_LENGTH) add('partnerLink', 'linkTooLong', { max: MAX_URL_LENGTH });
    else if (refusal) add('partnerLink', LINK_PROBLEMS[refusal.problem], { ...(refusal.host !== undefined && { host: refusal.host }), ...(refusal.platform && { platform: refusal.platform }) });
  }
  return problems;
}

type Say = (key: StringKey, params?: Record<string, string | number>) => string;

/** A problem in the UI's language; a `platform` parameter is said as its store's name (`store.<platform>`). */
export function sayProblem(t: Say, { problem, params }: Pick<FieldProblem, 'problem' | 'params'>): string {
  const platform = params?.['platform'];
  return t(PROBLEM_KEYS[problem], typeof platform === 'string' ? { ...params, store: t(`store.${platform}` as StringKey) } : params);
}

/**
 * The host a partner link leads to outside the product's own store, when that is the only problem:
 * the one refusal the form cannot make (it has no Public Suffix List), which the background says
 * from the error table (`recommend.linkElsewhere`) so every page says it in its language.
 */
export function linkElsewhere(problems: readonly FieldProblem[]): string | null {
  const [only] = problems;
  const host = only?.params?.['host'];
  return problems.length === 1 && (only!.problem === 'linkNotOnSite' || only!.problem === 'linkCarriesAddress') && typeof host === 'string' ? host : null;
}

/** The link a pick is saved with: the expert's own partner link, or else the product page itself. */
export const effectivePartnerLink = (fields: Pick<RecommendationFields, 'partnerLink'>, canonicalUrl: string): string => fields.partnerLink.trim() || canonicalUrl;
