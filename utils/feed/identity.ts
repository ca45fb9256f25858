import { z } from 'zod';
import { HaowuError, zodDetail, englishError, type ErrorParams, type ErrorReason } from '../errors';
import { exportPublicKey, fingerprint, importPublicKey, signBytes, verifyBytes } from './crypto';
import { ExpertFeedProfile, FeedTime, PublicKeyText } from './schema';
import { readJson } from './verify';

/*
 * An expert's identity backup: the private key (as a JWK) and profile in one file. Losing the key
 * means losing the identity (a new key is a new expert to every follower); leaking it lets anyone
 * publish as the expert. The file says so itself.
 */

export const IDENTITY_FORMAT = 'haowu-identity';
export const IDENTITY_VERSION = 1;
export const MAX_IDENTITY_BYTES = 64 * 1024;

export const IDENTITY_WARNING =
  'This file contains your Haowu expert PRIVATE KEY. Anyone who has it can publish feeds in your name. Keep it somewhere safe and private, never share or upload it. If you lose it, you cannot publish as this expert again.';

const Base64Key = PublicKeyText;

export const IdentityFile = z.object({
  format: z.literal(IDENTITY_FORMAT),
  version: z.literal(IDENTITY_VERSION),
  warning: z.string(),
  /** The fingerprint of `publicKey` (see fingerprint in crypto.ts). */
  expertId: z.string().regex(/^ed25519:[0-9a-f]{32}$/, 'must be "ed25519:" and 32 hex digits'),
  publicKey: Base64Key,
  privateKey: z.object({
    kty: z.literal('OKP'),
    crv: z.literal('Ed25519'),
    d: Base64Key,
    x: Base64Key,
  }),
  profile: ExpertFeedProfile,
  exportedAt: FeedTime,
});
export type IdentityFile = z.infer<typeof IdentityFile>;

export type IdentityImport =
  | { ok: true; keyPair: CryptoKeyPair; expertId: string; publicKey: string; profile: ExpertFeedProfile }
  | { ok: false; reason: string; why: { reason: ErrorReason; params?: ErrorParams } };

/** The identity backup as pretty JSON text, ready to download. The private key must be extractable. */
export async function exportIdentity(keyPair: CryptoKeyPair, profile: ExpertFeedProfile, now: Date = new Date()): Promise<string> {
  const checked = ExpertFeedProfile.safeParse(profile);
  if (!checked.success) throw new HaowuError('invalid-input', 'profile.notSaved', zodDetail(checked.error));
  const publicKey = await exportPublicKey(keyPair.publicKey);
  const jwk = await crypto.subtle.exportKey('jwk', keyPair.privateKey);
  const file: IdentityFile = IdentityFile.parse({
    format: IDENTITY_FORMAT,
    version: IDENTITY_VERSION,
    warning: IDENTITY_WARNING,
    expertId: await fingerprint(publicKey),
    publicKey,
    privateKey: { kty: jwk.kty, crv: jwk.crv, d: jwk.d, x: jwk.x },
    profile: checked.data,
    exportedAt: now.toISOString(),
  });
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** A refusal: its reason for the UI (said in its language) and the English sentence made from it. */
const fail = (reason: ErrorReason, params?: ErrorParams): IdentityImport => ({ ok: false, reason: englishError(reason, params), why: { reason, ...(params && { params }) } });

/**
 * Restores an identity backup (text or parsed JSON). Checks the format, that the public key and
 * expert id belong together, and that the private key really matches the public key by signing and
 * verifying a test message. Never throws.
 */
export async function importIdentity(input: unknown): Promise<IdentityImport> {
  const read = readJson(input, MAX_IDENTITY_BYTES, 'identity file');
  if (!read.ok) return fail('identity.unreadable', { limit: `${MAX_IDENTITY_BYTES / 1024} KB` });
  const parsed = IdentityFile.safeParse(read.value);
  if (!parsed.success) return fail('identity.invalid', zodDetail(parsed.error));
  const file = parsed.data;
  if (file.privateKey.x !== file.publicKey) return fail('identity.keyPairMismatch');
  if ((await fingerprint(file.publicKey)) !== file.expertId) return fail('identity.idMismatch');
  const publicKey = await importPublicKey(file.publicKey);
  if (!publicKey) return fail('identity.badPublicKey');
  let privateKey: CryptoKey;
  try {
    const { kty, crv, d, x } = file.privateKey;
    privateKey = await crypto.subtle.importKey('jwk', { kty, crv, d, x }, { name: 'Ed25519' }, true, ['sign']);
  } catch {
    // Node checks that d and x belong together at import; runtimes that do not are caught by the probe below.
    return fail('identity.badPrivateKey');
  }
  const probe = new TextEncoder().encode(`haowu identity check ${file.expertId}`);
  let matches = false;
  try {
    matches = await verifyBytes(publicKey, await signBytes(privateKey, probe), probe);
  } catch {
    matches = false;
  }
  if (!matches) return fail('identity.signatureMismatch');
  return { ok: true, keyPair: { publicKey, privateKey }, expertId: file.expertId, publicKey: file.publicKey, profile: file.profile };
}
