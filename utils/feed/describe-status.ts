import { localizeDetail } from '../i18n/issue-detail';
import type { StringKey } from '../i18n/strings';
import { languageTag, type Language, type Params } from '../i18n/translate';
import { FEED_SUBJECTS, type FeedErrorCode, type FeedErrorParams, type FeedSubject, type SkipCode } from './status-codes';
import type { CollectionSummaryInfo, FeedErrorInfo, FeedSummaryInfo, RefreshDetail, SkipGroup } from './status-info';

/*
 * Feed statuses in the UI language: the summaries and errors stored as codes and counts
 * (status-info.ts) said through the string tables. Pure; the popup passes its `t` and language.
 * Whatever has no data (a record stored before the data was, a code this version does not know,
 * a missing parameter) is said by the English sentence stored beside it, `fallback`.
 */

export interface Voice {
  t: (key: StringKey, params?: Params) => string;
  language: Language;
}

type Maybe<T> = T | null | undefined;

const count = (n: number, language: Language) => n.toLocaleString(languageTag(language));

const SKIP_KEYS: Record<SkipCode, StringKey> = {
  'link-host': 'popup.skip.linkHost',
  'product-url': 'popup.skip.productUrl',
  'invalid-field': 'popup.skip.invalidField',
  'not-an-object': 'popup.skip.notAnObject',
  'duplicate-id': 'popup.skip.duplicateId',
  'retracted-same-feed': 'popup.skip.retractedSameFeed',
};

/** One skip reason, e.g. "invalid rating"; null when it cannot be said (unknown code, no field). */
export function describeSkip(voice: Voice, group: Pick<SkipGroup, 'code' | 'field'>): string | null {
  const key = Object.hasOwn(SKIP_KEYS, group.code) ? SKIP_KEYS[group.code] : undefined;
  if (!key) return null;
  if (group.code !== 'invalid-field') return voice.t(key);
  return group.field ? voice.t(key, { field: group.field }) : null;
}

/** "link host not allowed" or "link host not allowed (2), invalid rating (1)", in the stored order. */
function reasonList(voice: Voice, groups: readonly SkipGroup[]): string | null {
  const texts = groups.map((group) => describeSkip(voice, group));
  if (texts.length === 0 || texts.some((text) => text === null)) return null;
  if (groups.length === 1) return texts[0]!;
  return groups.map((group, i) => voice.t('popup.feedSummary.reasonCount', { reason: texts[i]!, count: group.count })).join(voice.t('popup.feedStatus.listSeparator'));
}

/** A feed's summary, e.g. "3 of 120 recommendations skipped: link host not allowed"; else `fallback`. */
export function describeFeedSummary(voice: Voice, info: Maybe<FeedSummaryInfo>, fallback: Maybe<string>): string | null {
  if (!info) return fallback ?? null;
  const { t, language } = voice;
  const parts: string[] = [];
  if (info.skipped > 0) {
    const reasons = reasonList(voice, info.reasons);
    if (reasons === null) return fallback ?? null;
    parts.push(
      t(info.total === 1 ? 'popup.feedSummary.skippedOne' : 'popup.feedSummary.skipped', { skipped: count(info.skipped, language), total: count(info.total, language), reasons }),
    );
  } else {
    parts.push(t(info.total === 1 ? 'popup.feedSummary.acceptedOne' : 'popup.feedSummary.accepted', { total: count(info.total, language) }));
  }
  if (info.skippedRetractions > 0) {
    const reasons = reasonList(voice, info.retractionReasons);
    if (reasons === null) return fallback ?? null;
    parts.push(
      t(info.retractions === 1 ? 'popup.feedSummary.retractionsSkippedOne' : 'popup.feedSummary.retractionsSkipped', {
        skipped: count(info.skippedRetractions, language),
        total: count(info.retractions, language),
        reasons,
      }),
    );
  }
  if (info.redirectedTo) parts.push(t('popup.feedSummary.redirected', { url: info.redirectedTo }));
  return parts.join(t('popup.feedStatus.separator'));
}

/** Reads an error's parameters; a describer returns null as soon as one it needs is missing. */
class Missing extends Error {}
function reader(voice: Voice, params: FeedErrorParams) {
  const value = (name: string) => (Object.hasOwn(params, name) ? params[name] : undefined);
  const text = (name: string): string => {
    const found = value(name);
    if (found === undefined) throw new Missing(name);
    return String(found);
  };
  return {
    text,
    optional: (name: string): string | undefined => (value(name) === undefined ? undefined : String(value(name))),
    /** An ISO 8601 parameter as a date and time in the UI language. */
    date: (name: string): string => {
      const time = Date.parse(text(name));
      if (Number.isNaN(time)) throw new Missing(name);
      return new Date(time).toLocaleString(languageTag(voice.language), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
    },
    /** The `what` parameter ("feed", "collection", "file") in the UI language. */
    what: (): string => {
      const what = text('what');
      if (!(FEED_SUBJECTS as readonly string[]).includes(what)) throw new Missing('what');
      return voice.t(`popup.feedSubject.${what as FeedSubject}`);
    },
  };
}

type Reader = ReturnType<typeof reader>;
type Describer = (read: Reader, t: Voice['t']) => string;

const NOT_A_FEED_KEYS: Readonly<Partial<Record<string, StringKey>>> = {
  feed: 'popup.feedError.notAFeed.feed',
  collection: 'popup.feedError.notAFeed.collection',
  'feed/collection': 'popup.feedError.notAFeed.isCollection',
  'collection/feed': 'popup.feedError.notAFeed.isFeed',
  entry: 'popup.feedError.notAFeed.entry',
};

/** "expected" and, when the file is the other kind, "found": e.g. expected a feed, found a collection. */
const notAFeed: Describer = (read, t) => {
  const found = read.optional('found');
  if (found === 'web-page') return t('popup.feedError.notAFeed.webPage');
  const key = NOT_A_FEED_KEYS[found === undefined ? read.text('expected') : `${read.text('expected')}/${found}`];
  if (!key) throw new Missing('expected');
  return t(key);
};

const malformedPayload: Describer = (read, t) => {
  const problem = read.text('problem');
  if (problem === 'json') return t('popup.feedError.payloadNotJson');
  if (problem === 'no-key') return t('popup.feedError.payloadNoKey');
  if (problem === 'invalid') return t('popup.feedError.payloadInvalid', { detail: read.text('detail') });
  throw new Missing('problem');
};

const withWhat =
  (key: StringKey, ...names: string[]): Describer =>
  (read, t) =>
    t(key, { what: read.what(), ...Object.fromEntries(names.map((name) => [name, read.text(name)])) });

/** How each error code is said, with the parameters it takes. */
const ERRORS: Record<FeedErrorCode, Describer> = {
  'too-large': withWhat('popup.feedError.tooLarge', 'limit'),
  'not-text': withWhat('popup.feedError.notText'),
  'not-json': withWhat('popup.feedError.notJson'),
  'not-a-feed': notAFeed,
  'unsupported-version': withWhat('popup.feedError.unsupportedVersion', 'version', 'supported'),
  'malformed-envelope': withWhat('popup.feedError.malformedEnvelope', 'detail'),
  'malformed-payload': malformedPayload,
  'bad-public-key': (_, t) => t('popup.feedError.badPublicKey'),
  'bad-signature': (_, t) => t('popup.feedError.badSignature'),
  'wrong-expert': (read, t) => t('popup.feedError.wrongExpert', { expertId: read.text('expertId'), expected: read.text('expected') }),
  'duplicate-expert': (read, t) => t('popup.feedError.duplicateExpert', { expertId: read.text('expertId'), index: read.text('index') }),
  timeout: withWhat('popup.feedError.timeout', 'seconds'),
  network: withWhat('popup.feedError.network'),
  'http-not-found': withWhat('popup.feedError.httpNotFound', 'status'),
  'http-refused': withWhat('popup.feedError.httpRefused', 'status'),
  'http-server': withWhat('popup.feedError.httpServer', 'status'),
  'http-status': withWhat('popup.feedError.httpStatus', 'status'),
  'not-https': withWhat('popup.feedError.notHttps'),
  'redirect-private': withWhat('popup.feedError.redirectPrivate', 'url'),
  'redirect-not-allowed': withWhat('popup.feedError.redirectNotAllowed', 'url'),
  'redirect-too-many': withWhat('popup.feedError.redirectTooMany', 'max'),
  permission: (read, t) => t('popup.feedError.permission', { origin: read.text('origin') }),
  internal: (_, t) => t('popup.feedError.internal'),
  'own-profile': (_, t) => t('popup.feedError.ownProfile'),
  'not-stored': (_, t) => t('popup.feedError.notStored'),
  rollback: (read, t) => t('popup.feedError.rollback', { publishedAt: read.date('publishedAt'), newest: read.date('newest') }),
  'key-changed': (read, t) => t('popup.feedError.keyChanged', { expertId: read.text('expertId'), previous: read.text('previous'), name: read.text('name') }),
  'no-discovery': (_, t) => t('popup.feedError.noDiscovery'),
  'discovery-not-https': (read, t) => t('popup.feedError.discoveryNotHttps', { url: read.text('url') }),
};

/** An error, e.g. "The feed’s server did not answer within 15 seconds. …"; else `fallback`. */
export function describeFeedError(voice: Voice, info: Maybe<FeedErrorInfo>, fallback: Maybe<string>): string | null {
  const describe = info && Object.hasOwn(ERRORS, info.code) ? ERRORS[info.code] : undefined;
  if (!describe) return fallback ?? null;
  try {
    // A zod `detail` is said from its `issues` in the UI language (utils/i18n/issue-detail.ts).
    return describe(reader(voice, localizeDetail(voice.t, info?.params) ?? {}), voice.t);
  } catch (error) {
    if (error instanceof Missing) return fallback ?? null;
    throw error;
  }
}

/** A collection's summary, e.g. "2 of 3 feeds accepted; feeds[2]: …"; else `fallback`. */
export function describeCollectionSummary(voice: Voice, info: Maybe<CollectionSummaryInfo>, fallback: Maybe<string>): string | null {
  if (!info) return fallback ?? null;
  const { t } = voice;
  const parts = [t(info.total === 1 ? 'popup.collectionSummary.acceptedOne' : 'popup.collectionSummary.accepted', { accepted: info.accepted, total: info.total })];
  if (info.firstRejected) {
    const reason = describeFeedError(voice, info.firstRejected.error, null);
    if (reason === null) return fallback ?? null;
    const { index } = info.firstRejected;
    parts.push(
      info.moreRejected > 0 ? t('popup.collectionSummary.rejectedMore', { index, reason, more: info.moreRejected }) : t('popup.collectionSummary.rejected', { index, reason }),
    );
  }
  for (const { name, error } of info.notStored) {
    const message = describeFeedError(voice, error, null);
    if (message === null) return fallback ?? null;
    parts.push(t('popup.collectionSummary.notStored', { name, message }));
  }
  if (info.redirectedTo) parts.push(t('popup.feedSummary.redirected', { url: info.redirectedTo }));
  return parts.join(t('popup.feedStatus.separator'));
}

/** The stored status fields the popup shows (an expert's `feedStatus`, a collection's `status`). */
interface StatusFields<Summary> {
  summary?: string | null;
  summaryInfo?: Summary | null;
  lastError?: string | null;
  lastErrorInfo?: FeedErrorInfo | null;
}

/** An expert's last feed summary and last error, each null when there is none. */
export function describeExpertStatus(voice: Voice, status: StatusFields<FeedSummaryInfo>): { summary: string | null; error: string | null } {
  return {
    summary: status.summary ? describeFeedSummary(voice, status.summaryInfo, status.summary) : null,
    error: status.lastError ? describeFeedError(voice, status.lastErrorInfo, status.lastError) : null,
  };
}

/** A collection's summary and last error; `not-stored` is said by the summary, which names the feeds. */
export function describeCollectionStatus(voice: Voice, status: StatusFields<CollectionSummaryInfo>): { summary: string | null; error: string | null } {
  const summary = status.summary ? describeCollectionSummary(voice, status.summaryInfo, status.summary) : null;
  if (!status.lastError) return { summary, error: null };
  // The stored English for `not-stored` is the summary itself, naming the feeds: say that summary.
  const error =
    status.lastErrorInfo?.code === 'not-stored'
      ? describeCollectionSummary(voice, status.summaryInfo, status.lastError)
      : describeFeedError(voice, status.lastErrorInfo, status.lastError);
  return { summary, error };
}

/** One refresh's message in the UI language; `message` (English) when it carries no detail. */
export function describeRefresh(voice: Voice, result: { kind: 'feed' | 'collection'; message: string; detail?: RefreshDetail }): string {
  const { detail, message } = result;
  if (!detail) return message;
  switch (detail.type) {
    case 'feed-summary':
      return describeFeedSummary(voice, detail.info, message) ?? message;
    case 'collection-summary':
      return describeCollectionSummary(voice, detail.info, message) ?? message;
    case 'error':
      return describeFeedError(voice, detail.info, message) ?? message;
    case 'not-modified':
      return voice.t('popup.feedStatus.notModified', { what: voice.t(`popup.feedSubject.${result.kind}`) });
  }
}
