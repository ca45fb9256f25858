import { describe, expect, it } from 'vitest';
import { exportPublicKey, fingerprint, generateExpertKeyPair, signFeed } from '../../../utils/feed/crypto';
import { exportIdentity, importIdentity, IdentityFile } from '../../../utils/feed/identity';
import { verifyFeed } from '../../../utils/feed/verify';
import { payloadFor, recommendation } from './helpers';

const profile = { name: 'Demo · 小美 (demo data)', bio: 'Kitchen things.', homepage: 'https://example.com/' };

describe('identity backup', () => {
  it('exports a warned JSON file and imports a key pair that still signs as the same expert', async () => {
    const keyPair = await generateExpertKeyPair();
    const publicKey = await exportPublicKey(keyPair.publicKey);
    const text = await exportIdentity(keyPair, profile, new Date('2025-03-01T00:00:00Z'));
    const file = IdentityFile.parse(JSON.parse(text));
    expect(file.warning).toMatch(/PRIVATE KEY.*Anyone who has it can publish/);
    expect(file.expertId).toBe(await fingerprint(publicKey));
    expect(file.privateKey).toMatchObject({ kty: 'OKP', crv: 'Ed25519', x: publicKey });

    const restored = await importIdentity(text);
    if (!restored.ok) throw new Error(restored.reason);
    expect(restored.expertId).toBe(file.expertId);
    expect(restored.profile).toEqual(profile);
    const envelope = await signFeed(payloadFor({ keyPair: restored.keyPair, publicKey }, [recommendation('a')]), restored.keyPair.privateKey);
    expect(await verifyFeed(envelope)).toMatchObject({ ok: true, expertId: file.expertId });
  });

  it('refuses a private key that does not match the public key', async () => {
    const [mine, other] = await Promise.all([generateExpertKeyPair(), generateExpertKeyPair()]);
    const file = JSON.parse(await exportIdentity(mine, profile)) as IdentityFile;
    const otherFile = JSON.parse(await exportIdentity(other, profile)) as IdentityFile;
    // Another key's secret, labelled with this key's public half everywhere.
    const spliced = { ...file, privateKey: { ...file.privateKey, d: otherFile.privateKey.d } };
    expect(await importIdentity(spliced)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not match its public key/) });
  });

  it('refuses damaged or foreign files with a reason', async () => {
    const keyPair = await generateExpertKeyPair();
    const file = JSON.parse(await exportIdentity(keyPair, profile)) as IdentityFile;
    const other = await exportPublicKey((await generateExpertKeyPair()).publicKey);
    expect(await importIdentity({ ...file, publicKey: other })).toMatchObject({ ok: false, reason: expect.stringMatching(/different public key/) });
    expect(await importIdentity({ ...file, expertId: `ed25519:${'0'.repeat(32)}` })).toMatchObject({ ok: false, reason: expect.stringMatching(/expert id/) });
    expect(await importIdentity({ ...file, privateKey: { ...file.privateKey, d: 'A'.repeat(43) } })).toMatchObject({ ok: false });
    expect(await importIdentity({ ...file, format: 'haowu-backup' })).toMatchObject({ ok: false, reason: expect.stringMatching(/not a valid Haowu identity backup/) });
    expect(await importIdentity('{"trunc')).toMatchObject({ ok: false, reason: expect.stringMatching(/not readable JSON/), why: { reason: 'identity.unreadable', params: { limit: '64 KB' } } });
  });

  it('refuses to export an invalid profile', async () => {
    await expect(exportIdentity(await generateExpertKeyPair(), { name: '' })).rejects.toThrow(/name/);
  });
});
