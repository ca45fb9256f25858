import type { HaowuDb } from '../db/open';
import { HaowuError } from '../errors';
import { readOwnPicks, signOwnFeed, type SignedOwnFeed } from '../expert/publish-own';
import type { FeedEnvelope } from '../feed/schema';
import { requireIdentity } from '../expert/profile';
import type { Language } from '../i18n/translate';
import { planExpertWindow } from './expert-window';
import { sha256Hex } from './sha256';
import type { WindowFile } from './files';
import { windowBaseUrl } from './page';
import { INDEX_PATH } from './paths';

/*
 * The one place that turns the expert's database into their window: the publisher calls this and
 * uploads (or zips) the files. The feed is signed by signOwnFeed, exactly as "Publish" signs it,
 * and written unchanged; the pages come from the same records the feed was built from.
 */

export interface OwnWindowOptions {
  language: Language;
  /** Where the window will be public (its folder), or null for a zip to upload by hand. */
  publicBaseUrl: string | null;
  /** For the dates on the pages; defaults to the runtime's. */
  timeZone?: string;
  /**
   * Path → SHA-256 of the inputs of each page as last published (publishing's manifest, when the
   * destination still holds that publish). A page whose inputs are the same is not built: its bytes
   * are those already there. Absent: every page is built. A promise is awaited only once the feed is
   * signed and the pages planned (publishing reads the public feed meanwhile).
   */
  unchangedSince?: Readonly<Record<string, string>> | null | Promise<Readonly<Record<string, string>> | null>;
  /** Publishing: give the pages and, apart, the feed (`feed`), so its upload need not wait for the pages' building. */
  feedLater?: boolean;
  /** Whose window publishing expects (the identity's id, read already): the picks are read while the identity is read again. */
  expertId?: string;
}

export interface OwnWindowFiles {
  /** The files built: feed.json always (unless `feed` is given), and every page whose inputs changed (all of them without `unchangedSince`). */
  files: WindowFile[];
  /** Pages not built, their inputs unchanged since the last publish. */
  kept: string[];
  /** Path → SHA-256 of each page's inputs, for the next publish's `unchangedSince`. */
  inputs: Record<string, string>;
  /**
   * With `feedLater`: feed.json, whose signing began as soon as the picks were read; `files` then holds
   * only pages. `signed` is the envelope its body encodes, as it was signed and verified (publishing
   * checks the body against it instead of verifying the signature again).
   */
  feed?: () => Promise<WindowFile & { signed: FeedEnvelope }>;
}

/*
 * The digests of the last window planned, by inputs: after an edit most pages' inputs are the same
 * text as a minute ago, and a thousand WebCrypto digests cost more than looking them up (while the
 * service worker lives; after a restart each is computed once).
 */
let lastDigests = new Map<string, string>();
const inputsDigest = async (inputs: string): Promise<string> => lastDigests.get(inputs) ?? sha256Hex(inputs);

/**
 * Every file of the expert's window, from their profile, picks and freshly signed feed (or, with
 * `unchangedSince`, the feed and the pages that changed: the same bytes a full build gives those
 * pages). The pages and the feed are made from the same records, read once in one transaction
 * (tombstones too: the feed retracts them, the pages leave them out), and the feed names the
 * window's address when it is known, so followers can open it. Nothing on a page comes from the
 * signed feed, so with `feedLater` the pages are handed over without waiting for it.
 */
export async function buildOwnWindowFiles(db: HaowuDb, now: number, options: OwnWindowOptions): Promise<OwnWindowFiles> {
  const identityRead = requireIdentity();
  const expected = options.expertId;
  const [identity, picks] =
    expected === undefined
      ? await identityRead.then(async (identity) => [identity, await readOwnPicks(db, identity.expertId)] as const)
      : await Promise.all([identityRead, readOwnPicks(db, expected)]);
  // Another identity since publishing read it (restored meanwhile): its picks are not these.
  if (expected !== undefined && identity.expertId !== expected) throw new HaowuError('not-found', 'profile.none');
  const base = windowBaseUrl(options.publicBaseUrl);
  const signFeed = (): Promise<SignedOwnFeed> => signOwnFeed(identity, picks, now, { window: base && `${base.href}${INDEX_PATH}` });
  // Publishing: the feed is signed first, while the pages are planned (its upload, the largest, starts first).
  const signing = options.feedLater ? signFeed() : null;
  signing?.catch(() => undefined);
  const { name, bio, avatarUrl } = identity.profile;
  const plan = await planExpertWindow({
    expert: { id: identity.expertId, name, bio: bio ?? null, avatarUrl: avatarUrl ?? null },
    picks,
    // The feed file's headers come from the plan, its bytes from signFeed.
    feedText: '',
    language: options.language,
    publicBaseUrl: options.publicBaseUrl,
    now,
    ...(options.timeZone !== undefined && { timeZone: options.timeZone }),
  });
  const feed = async (): Promise<WindowFile & { signed: FeedEnvelope }> => {
    const { text, bytes, envelope } = await (signing ?? signFeed());
    // Publishing uploads the bytes encoded as the feed was signed (encodeFeedFile), not the text encoded again.
    return { ...plan.feed, body: options.feedLater ? bytes : text, signed: envelope };
  };
  const digests = await Promise.all(plan.pages.map((page) => inputsDigest(page.inputs)));
  lastDigests = new Map(plan.pages.map((page, i) => [page.inputs, digests[i]!]));
  const unchangedSince = await options.unchangedSince;
  const files: WindowFile[] = [];
  const kept: string[] = [];
  const inputs: Record<string, string> = {};
  plan.pages.forEach((page, i) => {
    const digest = digests[i]!;
    inputs[page.path] = digest;
    if (unchangedSince?.[page.path] === digest) kept.push(page.path);
    else files.push(page.build());
  });
  if (options.feedLater) return { files, kept, inputs, feed };
  // The feed second, as a full build lists it.
  const { signed: _signed, ...feedFile } = await feed();
  files.splice(plan.pages.length > 0 && kept[0] !== plan.pages[0]!.path ? 1 : 0, 0, feedFile);
  return { files, kept, inputs };
}
