import { z } from 'zod';
import { backgroundAvatarDeps, copyAvatars, type AvatarCopyDeps } from '../avatar/avatar-sync';
import { keptAvatarCopy } from '../avatar/stored-avatar';
import { putExpert } from '../db/experts';
import type { HaowuDb } from '../db/open';
import { countRecommendationsByExpert } from '../db/recommendations';
import type { ExpertRecord } from '../db/schema';
import { HaowuError, zodDetail } from '../errors';
import { exportPublicKey, fingerprint, generateExpertKeyPair } from '../feed/crypto';
import { exportIdentity, importIdentity } from '../feed/identity';
import { EXPERT_BIO_MAX, EXPERT_NAME_MAX, MAX_URL_LENGTH } from '../feed/limits';
import type { ExpertFeedProfile } from '../feed/schema';
import { DisplayNameText } from './display-name-schema';
import { adoptFeedProducts, askToTakeOver, feedTakenOver, keptFromFeed } from './identity-restore';
import { getIdentity, putIdentity, type IdentityRecord } from './key-store';

/*
 * The user's own expert profile. Its id is the fingerprint of a key pair made here with WebCrypto:
 * the name, bio and avatar may change, the id never does. The profile is an ExpertRecord of kind
 * 'local' in the `experts` store (so the user's picks show in the overlay like anyone's, marked
 * "Your pick"); the key pair is in key-store.ts, never in the `haowu` database.
 *
 * The profile's avatar is shown like any expert's: from a copy the background fetches once when the
 * profile is created, restored or saved with a new avatar address (avatar/avatar-sync.ts). The
 * `avatars` parameter defaults to what the background turned on (enableAvatarCopies); null copies nothing.
 */

/** What the Studio's profile form sends. Empty bio / avatar mean "none". Limits are the feed format's. */
export const ProfileInput = z.object({
  /** Cleaned like every expert's name (invisible and bidi-control characters taken out); nothing visible left is refused. */
  name: DisplayNameText(EXPERT_NAME_MAX),
  bio: z.string().trim().max(EXPERT_BIO_MAX, `must be at most ${EXPERT_BIO_MAX} characters`).default(''),
  avatarUrl: z
    .string()
    .trim()
    .max(MAX_URL_LENGTH)
    .refine((url) => url === '' || (URL.canParse(url) && new URL(url).protocol === 'https:'), 'must be an https:// address, or empty')
    .default(''),
});
export type ProfileInput = z.input<typeof ProfileInput>;

export interface OwnProfile {
  expertId: string;
  publicKey: string;
  expert: ExpertRecord;
  profile: ExpertFeedProfile;
}

function toFeedProfile(input: ProfileInput): ExpertFeedProfile {
  const parsed = ProfileInput.safeParse(input);
  if (!parsed.success) throw new HaowuError('invalid-input', 'profile.notSaved', zodDetail(parsed.error));
  const { name, bio, avatarUrl } = parsed.data;
  return { name, ...(bio !== '' && { bio }), ...(avatarUrl !== '' && { avatarUrl }) };
}

/** The profile's expert record; `existing` (the record it replaces) lends its avatar copy if the address is unchanged. */
function localExpert(identity: Pick<IdentityRecord, 'expertId' | 'profile'>, now: number, existing?: ExpertRecord): ExpertRecord {
  const avatarUrl = identity.profile.avatarUrl ?? null;
  return {
    id: identity.expertId,
    kind: 'local',
    displayName: identity.profile.name,
    bio: identity.profile.bio ?? '',
    avatarUrl,
    ...keptAvatarCopy(existing, avatarUrl),
    // A profile that took over the user's followed feed keeps its address (identity-restore.ts).
    ...keptFromFeed(existing),
    feedStatus: { lastFetchedAt: null, lastError: null, etag: null },
    updatedAt: now,
  };
}

/**
 * Writes the profile's record, then copies its avatar if the address has no copy yet (outside the
 * write: the fetch must not hold a transaction). Returns the record as it then is.
 */
async function putLocalExpert(db: HaowuDb, expert: ExpertRecord, avatars: AvatarCopyDeps | null): Promise<ExpertRecord> {
  await putExpert(db, expert);
  if (!avatars) return expert;
  const [avatar] = await copyAvatars(db, avatars, [expert]);
  return avatar?.expert ?? expert;
}

const view = (identity: IdentityRecord, expert: ExpertRecord): OwnProfile => ({
  expertId: identity.expertId,
  publicKey: identity.publicKey,
  expert,
  profile: identity.profile,
});

/** The profile on this device, or null. Re-creates the expert record if the database was cleared. */
export async function getOwnProfile(db: HaowuDb, now: number): Promise<OwnProfile | null> {
  const identity = await getIdentity();
  if (!identity) return null;
  let expert = await db.get('experts', identity.expertId);
  if (!expert || expert.kind !== 'local') {
    // A restore stopped after the key was stored: the feed's record it takes over lends its address.
    expert = localExpert(identity, now, expert);
    await putExpert(db, expert);
  }
  return view(identity, expert);
}

/** The private key for signing: only for publishing in the background, never for a message. */
export async function requireIdentity(): Promise<IdentityRecord> {
  const identity = await getIdentity();
  if (!identity) throw new HaowuError('not-found', 'profile.none');
  return identity;
}

/** Makes the key pair and the profile. Refuses when this device already has an expert identity. */
export async function createExpertProfile(db: HaowuDb, input: ProfileInput, now: number, avatars: AvatarCopyDeps | null = backgroundAvatarDeps()): Promise<OwnProfile> {
  const profile = toFeedProfile(input);
  if (await getIdentity()) throw new HaowuError('invalid-input', 'profile.exists');
  const keyPair = await generateExpertKeyPair();
  const publicKey = await exportPublicKey(keyPair.publicKey);
  const identity: IdentityRecord = { expertId: await fingerprint(publicKey), publicKey, keyPair, profile, createdAt: now, updatedAt: now };
  await putIdentity(identity);
  const expert = await putLocalExpert(db, localExpert(identity, now), avatars);
  return view(identity, expert);
}

/** Changes name, bio or avatar. The id (the key) stays. */
export async function updateExpertProfile(db: HaowuDb, input: ProfileInput, now: number, avatars: AvatarCopyDeps | null = backgroundAvatarDeps()): Promise<OwnProfile> {
  const profile = toFeedProfile(input);
  const identity = { ...(await requireIdentity()), profile, updatedAt: now };
  await putIdentity(identity);
  const expert = await putLocalExpert(db, localExpert(identity, now, await db.get('experts', identity.expertId)), avatars);
  return view(identity, expert);
}

export const identityFileName = (expertId: string, now: number) =>
  `haowu-identity-${expertId.slice('ed25519:'.length, 'ed25519:'.length + 8)}-${new Date(now).toISOString().slice(0, 10)}.json`;

/** The identity backup (private key included, with its warning): only for the explicit export. */
export async function exportOwnIdentity(now: number): Promise<{ filename: string; json: string; expertId: string }> {
  const identity = await requireIdentity();
  return { filename: identityFileName(identity.expertId, now), json: await exportIdentity(identity.keyPair, identity.profile, new Date(now)), expertId: identity.expertId };
}

/**
 * Restores an identity backup onto this device. A device already holding a different identity
 * refuses it: replacing would orphan that identity's picks and cannot be undone. When this browser
 * has the identity's own feed (followed, or from a collection), it asks first (an error with the
 * reason TAKE_OVER_REASON) and, with `takeOver`, makes that record the profile, keeping its picks'
 * ids and its address (identity-restore.ts).
 */
export async function importOwnIdentity(
  db: HaowuDb,
  json: string,
  now: number,
  avatars: AvatarCopyDeps | null = backgroundAvatarDeps(),
  { takeOver = false }: { takeOver?: boolean } = {},
): Promise<OwnProfile> {
  const restored = await importIdentity(json);
  if (!restored.ok) throw new HaowuError('invalid-input', restored.why.reason, restored.why.params);
  const current = await getIdentity();
  if (current && current.expertId !== restored.expertId) {
    throw new HaowuError('invalid-input', 'profile.otherIdentity', { id: current.expertId });
  }
  const feed = await feedTakenOver(db, restored.expertId);
  if (feed && !takeOver) throw askToTakeOver(feed, await countRecommendationsByExpert(db, feed.id));
  // First the products its picks need to be published (harmless if the rest never happens).
  if (feed) await adoptFeedProducts(db, feed.id, now);
  const identity: IdentityRecord = {
    expertId: restored.expertId,
    publicKey: restored.publicKey,
    keyPair: restored.keyPair,
    profile: restored.profile,
    createdAt: current?.createdAt ?? now,
    updatedAt: now,
  };
  await putIdentity(identity);
  const expert = await putLocalExpert(db, localExpert(identity, now, await db.get('experts', identity.expertId)), avatars);
  return view(identity, expert);
}
