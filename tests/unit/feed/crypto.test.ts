import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exportPublicKey, fingerprint, fromBase64Url, generateExpertKeyPair, importPublicKey, toBase64Url } from '../../../utils/feed/crypto';

describe('base64url', () => {
  it('round-trips any bytes and matches Node’s encoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        expect(fromBase64Url(text)).toEqual(bytes);
      }),
    );
  });

  it('refuses non-canonical spellings, padding and foreign characters', () => {
    expect(fromBase64Url('AA')).toEqual(new Uint8Array([0]));
    expect(fromBase64Url('AB')).toBeNull(); // unused low bits set: would alias "AA"
    expect(fromBase64Url('AA==')).toBeNull();
    expect(fromBase64Url('A+/A')).toBeNull();
    expect(fromBase64Url('AAAAA')).toBeNull();
  });
});

describe('Ed25519 keys', () => {
  it('WebCrypto Ed25519 is available in this runtime', async () => {
    const keyPair = await generateExpertKeyPair();
    expect(keyPair.privateKey.extractable).toBe(true);
    expect(keyPair.privateKey.algorithm.name).toBe('Ed25519');
  });

  it('exports a 32-byte public key that imports back', async () => {
    const keyPair = await generateExpertKeyPair();
    const text = await exportPublicKey(keyPair.publicKey);
    expect(text).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await importPublicKey(text)).not.toBeNull();
    expect(await importPublicKey(text.slice(1))).toBeNull();
  });

  it('fingerprint is "ed25519:" + hex of the first 16 bytes of SHA-256 of the raw key', async () => {
    const raw = new Uint8Array(32).map((_, i) => i);
    const { createHash } = await import('node:crypto');
    const expected = createHash('sha256').update(raw).digest('hex').slice(0, 32);
    expect(await fingerprint(raw)).toBe(`ed25519:${expected}`);
    expect(await fingerprint(toBase64Url(raw))).toBe(`ed25519:${expected}`);
  });

  it('a new key is a different expert', async () => {
    const [a, b] = await Promise.all([generateExpertKeyPair(), generateExpertKeyPair()]);
    const [fa, fb] = await Promise.all([exportPublicKey(a.publicKey).then(fingerprint), exportPublicKey(b.publicKey).then(fingerprint)]);
    expect(fa).toMatch(/^ed25519:[0-9a-f]{32}$/);
    expect(fa).not.toBe(fb);
  });

  it('fingerprint refuses something that is not a 32-byte key', async () => {
    await expect(fingerprint('abc')).rejects.toThrow(/32-byte/);
  });
});
