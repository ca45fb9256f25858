import type { HaowuDb } from '../db/open';
import { publishOwnFeed } from '../expert/publish-own';
import { requireIdentity } from '../expert/profile';
import type { Language } from '../i18n/translate';
import { buildExpertWindow } from './expert-window';
import type { BuiltWindow } from './files';
import type { WindowPickSource } from './picks';

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

/** The expert's own recommendation records (tombstones too: the builder leaves them out) with their products. */
async function readOwnPicks(db: HaowuDb, expertId: string): Promise<WindowPickSource[]> {
  // The same reads as publishOwnFeed (utils/expert/publish-own.ts), in one transaction.
  const tx = db.transaction(['recommendations', 'products'], 'readonly');
  const recommendations = await tx.objectStore('recommendations').index('by-expert').getAll(expertId);
  const products = await Promise.all(recommendations.map((r) => tx.objectStore('products').get(r.productKey)));
  await tx.done;
  return recommendations.map((recommendation, i) => ({ recommendation, product: products[i] ?? null }));
}

/** Every file of the expert's window, from their profile, picks and freshly signed feed. */
export async function buildOwnWindowFiles(db: HaowuDb, now: number, options: OwnWindowOptions): Promise<BuiltWindow> {
  const identity = await requireIdentity();
  const feed = await publishOwnFeed(db, now);
  const picks = await readOwnPicks(db, identity.expertId);
  const { name, bio, avatarUrl } = identity.profile;
  return buildExpertWindow({
    expert: { id: identity.expertId, name, bio: bio ?? null, avatarUrl: avatarUrl ?? null },
    picks,
    feedText: feed.text,
    language: options.language,
    publicBaseUrl: options.publicBaseUrl,
    now,
    ...(options.timeZone !== undefined && { timeZone: options.timeZone }),
  });
}
