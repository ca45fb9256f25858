import { HaowuError, zodDetail } from '../errors';
import { FEED_FORMAT, FEED_VERSION, MAX_FEED_BYTES, PUBLIC_KEY_BYTES } from './limits';
import { FeedPayload, type FeedEnvelope } from './schema';

/*
 * Ed25519 through WebCrypto (Chromium, Firefox and Node 20 all have it), so the extension ships no
 * crypto code of its own.
 */

const ED25519 = { name: 'Ed25519' } as const;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ALPHABET_INDEX = new Map([...ALPHABET].map((char, index) => [char, index]));

/** Unpadded base64url (RFC 4648 §5). */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const chunk = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += ALPHABET[(chunk >> (18 - 6 * c)) & 63];
  }
  return out;
}

/**
 * Decodes unpadded base64url, or returns null. Only the canonical spelling is accepted (unused low
 * bits of the last character must be zero), so a changed character always changes the bytes.
 */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (text.length % 4 === 1) return null;
  const bytes = new Uint8Array(Math.floor((text.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let at = 0;
  for (const char of text) {
    const value = ALPHABET_INDEX.get(char);
    if (value === undefined) return null;
    buffer = ((buffer << 6) | value) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = (buffer >> bits) & 0xff;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) return null;
  return bytes;
}

/** A new expert identity. The private key is extractable so it can be backed up (see identity.ts). */
export async function generateExpertKeyPair(): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(ED25519, true, ['sign', 'verify'])) as CryptoKeyPair;
}

/** The raw 32-byte public key as base64url, as it appears in a feed's `expert.publicKey`. */
export async function exportPublicKey(publicKey: CryptoKey): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.exportKey('raw', publicKey)));
}

/** The public key from its base64url text, or null when it is not a usable Ed25519 key. */
export async function importPublicKey(text: string): Promise<CryptoKey | null> {
  const raw = fromBase64Url(text);
  if (!raw || raw.length !== PUBLIC_KEY_BYTES) return null;
  try {
    return await crypto.subtle.importKey('raw', raw, ED25519, true, ['verify']);
  } catch {
    return null;
  }
}

const hex = (bytes: Uint8Array) => [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');

/**
 * An expert's id: "ed25519:" and the lowercase hex of the first 16 bytes of SHA-256 over the raw
 * 32-byte public key (40 characters in all). A new key is a new expert: names can be copied, keys cannot.
 */
export async function fingerprint(publicKey: string | Uint8Array<ArrayBuffer>): Promise<string> {
  const raw = typeof publicKey === 'string' ? fromBase64Url(publicKey) : publicKey;
  if (!raw || raw.length !== PUBLIC_KEY_BYTES) throw new HaowuError('invalid-input', 'feed.badKey');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', raw));
  return `ed25519:${hex(digest.subarray(0, 16))}`;
}

export async function signBytes(privateKey: CryptoKey, bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.sign(ED25519, privateKey, bytes));
}

/** False for a wrong signature; never throws for bad input. */
export async function verifyBytes(publicKey: CryptoKey, signature: Uint8Array<ArrayBuffer>, bytes: Uint8Array<ArrayBuffer>): Promise<boolean> {
  try {
    return await crypto.subtle.verify(ED25519, publicKey, signature, bytes);
  } catch {
    return false;
  }
}

/**
 * Signs a payload into a feed envelope. The payload is checked against the format first, and the
 * signature is checked against `payload.expert.publicKey`, so a feed that would not verify (wrong
 * key, invalid item, too large) is never produced.
 */
export async function signFeed(payload: FeedPayload, privateKey: CryptoKey): Promise<FeedEnvelope> {
  const parsed = FeedPayload.safeParse(payload);
  if (!parsed.success) throw new HaowuError('invalid-input', 'feed.notPublishable', zodDetail(parsed.error));
  return signCheckedPayload(parsed.data, privateKey);
}

/** What signCheckedPayload verified of an envelope it made: the key its signature verifies with, and the payload's date. */
export interface VerifiedHere {
  publicKey: string;
  publishedAt: string;
}

// Envelopes signed and verified in this process (frozen, so what was verified is what they hold).
const verifiedEnvelopes = new WeakMap<FeedEnvelope, VerifiedHere>();

/**
 * For an envelope signCheckedPayload returned (the very object): its signature over its payload was
 * verified with `publicKey`, the payload's own key. Undefined for any other object, even an equal one.
 */
export const verifiedHere = (envelope: FeedEnvelope): VerifiedHere | undefined => verifiedEnvelopes.get(envelope);

/**
 * signFeed for a payload already checked part by part: buildFeedPayload's (utils/feed/publish.ts),
 * whose every pick passed FeedRecommendation, whose shell passed FeedPayloadShell and whose ids are
 * unique by construction. Checking a thousand picks once more costs a publish more than its uploads.
 * `text` is buildFeedPayload's JSON.stringify(payload), when it has it.
 */
export async function signCheckedPayload(payload: FeedPayload, privateKey: CryptoKey, text: string = JSON.stringify(payload)): Promise<FeedEnvelope> {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > MAX_FEED_BYTES) {
    throw new HaowuError('too-large', 'feed.tooLarge', { size: formatBytes(bytes.length), limit: formatBytes(MAX_FEED_BYTES) });
  }
  const signature = await signBytes(privateKey, bytes);
  const publicKey = await importPublicKey(payload.expert.publicKey);
  if (!publicKey || !(await verifyBytes(publicKey, signature, bytes))) {
    throw new HaowuError('invalid-input', 'feed.wrongKey');
  }
  const envelope: FeedEnvelope = Object.freeze({ format: FEED_FORMAT, version: FEED_VERSION, payload: text, signature: toBase64Url(signature) });
  verifiedEnvelopes.set(envelope, { publicKey: payload.expert.publicKey, publishedAt: payload.publishedAt });
  return envelope;
}

/** "5 MB", "1.2 MB", "800 KB": sizes in messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}
