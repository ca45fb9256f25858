import type { HaowuDb } from '../db/open';
import { publishOwnFeed } from '../expert/publish-own';
import { requireIdentity } from '../expert/profile';
import type { Language } from '../i18n/translate';
import { buildExpertWindow } from './expert-window';
import type { BuiltWindow } from './files';
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
}

/**
 * Every file of the expert's window, from their profile, picks and freshly signed feed. The pages
 * are built from the very records the feed was signed from (tombstones too: the builder leaves them
 * out), and the feed names the window's address when it is known, so followers can open it.
 */
export async function buildOwnWindowFiles(db: HaowuDb, now: number, options: OwnWindowOptions): Promise<BuiltWindow> {
  const identity = await requireIdentity();
  const base = windowBaseUrl(options.publicBaseUrl);
  const feed = await publishOwnFeed(db, now, { window: base && `${base.href}${INDEX_PATH}` });
  const { name, bio, avatarUrl } = identity.profile;
  return buildExpertWindow({
    expert: { id: identity.expertId, name, bio: bio ?? null, avatarUrl: avatarUrl ?? null },
    picks: feed.picks,
    feedText: feed.text,
    language: options.language,
    publicBaseUrl: options.publicBaseUrl,
    now,
    ...(options.timeZone !== undefined && { timeZone: options.timeZone }),
  });
}
