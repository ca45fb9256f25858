import type { AvatarCopy, ExpertRecord } from '../db/schema';

/*
 * The stored copy of an expert's avatar: what every Haowu UI shows instead of the expert's image
 * address. A store page that showed `<img src=avatarUrl>` would tell the expert's server when, and
 * from which product page, the shopper opened the panel; the copy was fetched once by the background
 * (avatar-copy.ts) and lives in the expert's record as a small PNG or WebP data URL.
 *
 * Kept free of zod and of the network code: the schema, the overlay panel and the popup import it.
 */

/** Side of a stored copy in pixels: avatars are drawn at 32 CSS pixels, so 96 is sharp up to 3× screens. */
export const AVATAR_SIZE = 96;

/** Longest data URL stored for one avatar, in characters. A 96×96 WebP is usually 3–8 KB; this leaves room for a PNG. */
export const MAX_AVATAR_DATA_URL_LENGTH = 48 * 1024;

/** The only two forms a stored copy may take: what Haowu's own re-encoding writes. */
export const AVATAR_DATA_URL_PREFIX = {
  'image/png': 'data:image/png;base64,',
  'image/webp': 'data:image/webp;base64,',
} as const;
export type AvatarCopyType = keyof typeof AVATAR_DATA_URL_PREFIX;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Of a data URL, the type its prefix names, or null when it has neither allowed prefix. */
function prefixType(value: string): AvatarCopyType | null {
  if (value.startsWith(AVATAR_DATA_URL_PREFIX['image/png'])) return 'image/png';
  if (value.startsWith(AVATAR_DATA_URL_PREFIX['image/webp'])) return 'image/webp';
  return null;
}

/**
 * Whether `value` is a stored avatar copy as Haowu writes one: `data:image/png;base64,` or
 * `data:image/webp;base64,`, canonical base64 (padded to a multiple of 4), at most
 * MAX_AVATAR_DATA_URL_LENGTH characters, and bytes that start as the named type does. Backups import
 * expert records, so this is the check between a file and an `<img src>`.
 */
export function isAvatarDataUrl(value: string): boolean {
  if (value.length > MAX_AVATAR_DATA_URL_LENGTH) return false;
  const type = prefixType(value);
  if (!type) return false;
  const payload = value.slice(AVATAR_DATA_URL_PREFIX[type].length);
  if (payload.length < 16 || payload.length % 4 !== 0 || !BASE64.test(payload)) return false;
  // The first 12 bytes: the PNG signature, or RIFF….WEBP.
  const head = atob(payload.slice(0, 16));
  return type === 'image/png' ? head.startsWith('\x89PNG\r\n\x1a\n') : head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP';
}

type AvatarFields = Pick<ExpertRecord, 'avatarUrl' | 'avatarCopy'>;

/**
 * What an `<img>` may show for this expert: the stored copy of their current avatar address, or null
 * (show initials). Never the avatar address itself. A copy made from another address (the expert has
 * changed their avatar since) is not shown. The full check ran when the copy was written or imported;
 * the prefix check here keeps any other kind of address out of an `<img>` whatever a record holds.
 */
export function storedAvatarSrc(expert: AvatarFields): string | null {
  const copy = expert.avatarCopy;
  if (!copy || typeof copy.dataUrl !== 'string' || expert.avatarUrl === null || copy.sourceUrl !== expert.avatarUrl) return null;
  return prefixType(copy.dataUrl) ? copy.dataUrl : null;
}

/**
 * The `avatarCopy` to keep when an expert record is rewritten with `avatarUrl`: the old copy if it
 * was made from that same address, else none (a new address needs a new copy).
 */
export function keptAvatarCopy(existing: AvatarFields | undefined, avatarUrl: string | null): { avatarCopy?: AvatarCopy } {
  const copy = existing?.avatarCopy;
  return copy && avatarUrl !== null && copy.sourceUrl === avatarUrl ? { avatarCopy: copy } : {};
}
