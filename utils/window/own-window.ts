import type { HaowuDb } from '../db/open';
import { publishOwnFeed } from '../expert/publish-own';
import { requireIdentity } from '../expert/profile';
import type { Language } from '../i18n/translate';
import { planExpertWindow } from './expert-window';
import { sha256Hex } from './sha256';
import type { WindowFile } from './files';
import { windowBaseUrl } from './page';
import { INDEX_PATH } from './paths';

/*
 * The one place that turns the expert's database into their window: the publisher calls this and
 * uploads (or zips) the files. The feed is signed by publishOwnFeed, exactly as "Publish" signs it,
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
}

export interface OwnWindowFiles {
  /** The files built: feed.json always, and every page whose inputs changed (all of them without `unchangedSince`). */
  files: WindowFile[];
  /** Pages not built, their inputs unchanged since the last publish. */
  kept: string[];
  /** Path → SHA-256 of each page's inputs, for the next publish's `unchangedSince`. */
  inputs: Record<string, string>;
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
 * pages). The pages are built from the very records the feed was signed from (tombstones too: the
 * builder leaves them out), and the feed names the window's address when it is known, so followers
 * can open it.
 */
export async function buildOwnWindowFiles(db: HaowuDb, now: number, options: OwnWindowOptions): Promise<OwnWindowFiles> {
  const identity = await requireIdentity();
  const base = windowBaseUrl(options.publicBaseUrl);
  const feed = await publishOwnFeed(db, now, { window: base && `${base.href}${INDEX_PATH}` });
  const { name, bio, avatarUrl } = identity.profile;
  const plan = await planExpertWindow({
    expert: { id: identity.expertId, name, bio: bio ?? null, avatarUrl: avatarUrl ?? null },
    picks: feed.picks,
    feedText: feed.text,
    language: options.language,
    publicBaseUrl: options.publicBaseUrl,
    now,
    ...(options.timeZone !== undefined && { timeZone: options.timeZone }),
  });
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
    // The feed second, as a full build lists it.
    if (i === 0) files.push(plan.feed);
  });
  if (plan.pages.length === 0) files.push(plan.feed);
  return { files, kept, inputs };
}
