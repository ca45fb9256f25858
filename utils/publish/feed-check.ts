import { fingerprint, verifiedHere } from '../feed/crypto';
import { FEED_FORMAT, FEED_VERSION } from '../feed/limits';
import { encodedFeedOf } from '../feed/publish';
import type { FeedRejectionCode } from '../feed/verify';
import { openFeed } from '../feed/verify';
import type { FeedEnvelope } from '../feed/schema';
import { PublishError } from './outcome';
import type { PreparedFile } from './window-files';

/*
 * feed.json checked before it is uploaded, as followers will check it: its bytes are a feed whose
 * signature over its payload verifies with the key the payload names, and that key is the expert's.
 *
 * A feed Haowu has just signed in this background was verified as it was signed (signCheckedPayload
 * verifies the signature over the payload's bytes with payload.expert.publicKey; buildFeedPayload
 * checked every pick and the payload's shell). For it, what is left to prove is that the bytes to be
 * uploaded are that envelope: they are UTF-8 JSON whose format, version, payload and signature are the
 * signed envelope's, character for character, and the key's fingerprint is the expert's id. Verifying
 * the signature a second time and parsing the 0.85 MB payload again (issue 19: 10-16 ms of a
 * publish's 200) proved nothing more. When the bytes are the very object encodeFeedFile made from
 * that envelope (utils/feed/publish.ts: encodeFeedForDownload's text, encoded in this background and
 * handed on untouched), they are its file by construction, and decoding and parsing them back
 * (3-7 ms) proves nothing more either; bytes from anywhere else are decoded and parsed. Any other
 * feed (given as files, or an envelope not verified here) is opened and verified whole, as a
 * follower would.
 */

export interface CheckedFeed {
  publishedAt: string;
}

const refused = (file: PreparedFile, reason: string, code: FeedRejectionCode) =>
  new PublishError('invalid-window', 'check', `The window's feed.json would not verify: ${reason}`, file.path, { reason: code });

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The envelope in `bytes` (UTF-8 JSON), or null when they are not one. */
function envelopeIn(bytes: Uint8Array): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

/** Checks feed.json's bytes (see above); `signed` is the envelope the builder says they encode. Throws a PublishError at step `check`. */
export async function checkFeedToUpload(file: PreparedFile, signed: FeedEnvelope | undefined, expertId: string): Promise<CheckedFeed> {
  const verified = signed && verifiedHere(signed);
  if (!signed || !verified) {
    const opened = await openFeed(file.bytes, { expectedExpertId: expertId });
    if (!opened.ok) throw refused(file, opened.reason, opened.code);
    return { publishedAt: opened.publishedAt };
  }
  // Bytes encodeFeedFile made from this very envelope are its file by construction; others are parsed.
  const envelope = encodedFeedOf(file.bytes) === signed ? signed : envelopeIn(file.bytes);
  if (
    !envelope ||
    envelope.format !== FEED_FORMAT ||
    envelope.version !== FEED_VERSION ||
    envelope.payload !== signed.payload ||
    envelope.signature !== signed.signature
  ) {
    throw refused(file, 'its bytes are not the feed that was signed.', 'bad-signature');
  }
  const signer = await fingerprint(verified.publicKey);
  if (signer !== expertId) throw refused(file, `it is signed by ${signer}, not by ${expertId}.`, 'wrong-expert');
  return { publishedAt: verified.publishedAt };
}
