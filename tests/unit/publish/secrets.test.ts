import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createDbConnection, type DbConnection } from '../../../utils/db/open';
import { accessOf, registerMessageHandlers } from '../../../utils/messaging/register';
import { PUBLISH_DB_NAME, forgetPublishing, getSecretFor, getStoredTarget } from '../../../utils/publish/store';
import { updateSettings } from '../../../utils/settings';
import { resetIndexedDb } from '../db/helpers';
import { contentSender, popupSender, sendAs } from '../messaging/wire';

/*
 * Where the publishing secret lives: only in the `haowu-publish` database of the extension's origin.
 * Never in storage.local (content scripts read it), never in the `haowu` database or a backup, never
 * in an answer; forgotten with one message.
 */

const NOW = Date.UTC(2025, 5, 1);
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const s3 = {
  kind: 's3' as const,
  endpoint: 'https://s3.eu-central-1.amazonaws.com',
  region: 'eu-central-1',
  bucket: 'mei-window',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  publicBaseUrl: 'https://mei-window.s3.eu-central-1.amazonaws.com',
};

let connection: DbConnection;
let unregister: () => void;

beforeEach(async () => {
  resetIndexedDb();
  connection = createDbConnection();
  unregister = registerMessageHandlers(connection, undefined, () => NOW);
  await updateSettings({ expertMode: true });
});
afterEach(async () => {
  unregister();
  await connection.close();
});

/** Every value stored anywhere the test can see, as one string: storage.local, the haowu database, a backup. */
async function everythingButThePublishDb(): Promise<string> {
  const local = await fakeBrowser.storage.local.get(null);
  const db = await connection.get();
  const stores = await Promise.all([...db.objectStoreNames].map((name) => db.getAll(name)));
  const backup = await sendAs(popupSender, 'exportBackup');
  return JSON.stringify({ local, stores, backup });
}

/** The secrets store as it is on disk ([] when the database was never made). */
async function rawSecrets(): Promise<unknown[]> {
  if (!(await indexedDB.databases()).some((info) => info.name === PUBLISH_DB_NAME)) return [];
  const db = await openDB(PUBLISH_DB_NAME);
  try {
    return await db.getAll('secrets');
  } finally {
    db.close();
  }
}

describe('publishing settings and secrets', () => {
  it('are for Haowu’s own pages only', async () => {
    for (const name of ['getPublishTarget', 'savePublishTarget', 'forgetPublishSecret', 'removePublishTarget', 'publishWindow', 'buildWindowZip'] as const) {
      expect(accessOf(name), name).toBe('privileged');
      expect(await sendAs(contentSender, name, undefined), name).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await sendAs(contentSender, 'savePublishTarget', { target: s3, secret: SECRET })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await rawSecrets()).toEqual([]);
  });

  it('keep the secret in the publishing database only, and never answer with it', async () => {
    const saved = await sendAs(popupSender, 'savePublishTarget', { target: s3, secret: SECRET });
    expect(saved).toMatchObject({
      ok: true,
      value: {
        target: { ...s3, prefix: '', addressing: 'path', rememberSecret: true, autoPublish: false },
        secretStored: true,
        origins: ['https://s3.eu-central-1.amazonaws.com/*', 'https://mei-window.s3.eu-central-1.amazonaws.com/*'],
        uploadOrigin: 'https://s3.eu-central-1.amazonaws.com',
        lastPublish: null,
      },
    });
    const read = await sendAs(popupSender, 'getPublishTarget');
    expect(read).toEqual(saved);
    expect(JSON.stringify([saved, read])).not.toContain(SECRET);

    expect(await rawSecrets()).toMatchObject([{ secret: SECRET }]);
    const stored = await getStoredTarget();
    if (stored.state !== 'ok' || stored.target.kind === 'zip') throw new Error('not saved');
    expect(await getSecretFor(stored.target)).toBe(SECRET);
    // Not in storage.local (content scripts can read it), the haowu database, or a backup; not even the key id.
    const elsewhere = await everythingButThePublishDb();
    expect(elsewhere).not.toContain(SECRET);
    expect(elsewhere).not.toContain(s3.accessKeyId);
    expect(elsewhere).not.toContain(s3.bucket);
  });

  it('forget the secret with one message, keeping the target', async () => {
    await sendAs(popupSender, 'savePublishTarget', { target: s3, secret: SECRET });
    expect(await sendAs(popupSender, 'forgetPublishSecret')).toEqual({ ok: true, value: { forgotten: true } });
    expect(await rawSecrets()).toEqual([]);
    expect(await sendAs(popupSender, 'getPublishTarget')).toMatchObject({ ok: true, value: { target: { bucket: 'mei-window' }, secretStored: false } });
    expect(await sendAs(popupSender, 'forgetPublishSecret')).toEqual({ ok: true, value: { forgotten: false } });
    // Without it, a publish asks for it.
    expect(await sendAs(popupSender, 'publishWindow', {})).toMatchObject({ ok: true, value: { status: 'failed', code: 'no-secret', step: 'check' } });
  });

  it('drop the secret when the server or account changes, keep it otherwise', async () => {
    await sendAs(popupSender, 'savePublishTarget', { target: s3, secret: SECRET });
    await sendAs(popupSender, 'savePublishTarget', { target: { ...s3, bucket: 'other-window', publicBaseUrl: 'https://cdn.example' } });
    expect(await rawSecrets()).toMatchObject([{ secret: SECRET }]);
    expect(await sendAs(popupSender, 'getPublishTarget')).toMatchObject({ ok: true, value: { secretStored: true } });

    // A new endpoint: the secret is never sent there unless typed in again.
    expect(await sendAs(popupSender, 'savePublishTarget', { target: { ...s3, endpoint: 'https://s3.example.net' } })).toMatchObject({ ok: true, value: { secretStored: false } });
    expect(await rawSecrets()).toEqual([]);

    await sendAs(popupSender, 'savePublishTarget', { target: s3, secret: SECRET });
    expect(await sendAs(popupSender, 'savePublishTarget', { target: { ...s3, accessKeyId: 'AKIAANOTHERKEY' } })).toMatchObject({ ok: true, value: { secretStored: false } });
    expect(await rawSecrets()).toEqual([]);
  });

  it('store nothing when the secret is to be asked for at each publish', async () => {
    await sendAs(popupSender, 'savePublishTarget', { target: s3, secret: SECRET });
    const asked = await sendAs(popupSender, 'savePublishTarget', { target: { ...s3, rememberSecret: false }, secret: SECRET });
    expect(asked).toMatchObject({ ok: true, value: { target: { rememberSecret: false }, secretStored: false } });
    expect(await rawSecrets()).toEqual([]);
    expect(await sendAs(popupSender, 'savePublishTarget', { target: { ...s3, rememberSecret: false, autoPublish: true } })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringContaining('autoPublish') },
    });
  });

  it('refuse an invalid target with the field at fault, and save nothing', async () => {
    const refused = await sendAs(popupSender, 'savePublishTarget', { target: { ...s3, endpoint: 'http://s3.example' }, secret: SECRET });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/target\.endpoint is not valid/) } });
    expect(await sendAs(popupSender, 'getPublishTarget')).toMatchObject({ ok: true, value: { target: null, secretStored: false } });
    expect(await rawSecrets()).toEqual([]);
  });

  it('remove the target and its secret, and forget everything for delete-all', async () => {
    await sendAs(popupSender, 'savePublishTarget', { target: s3, secret: SECRET });
    expect(await sendAs(popupSender, 'removePublishTarget')).toEqual({ ok: true, value: { removed: true } });
    expect(await sendAs(popupSender, 'getPublishTarget')).toMatchObject({ ok: true, value: { target: null, secretStored: false } });
    expect(await rawSecrets()).toEqual([]);
    expect(await sendAs(popupSender, 'publishWindow')).toMatchObject({ ok: true, value: { status: 'failed', code: 'no-target' } });

    await sendAs(popupSender, 'savePublishTarget', { target: s3, secret: SECRET });
    expect(await forgetPublishing()).toBe(true);
    expect(await rawSecrets()).toEqual([]);
    expect(await getStoredTarget()).toEqual({ state: 'none' });
  });

  it('treat a stored target that fails today’s rules as invalid, and never publish with it', async () => {
    await sendAs(popupSender, 'savePublishTarget', { target: s3, secret: SECRET });
    const db = await openDB(PUBLISH_DB_NAME);
    await db.put('targets', { target: { ...s3, endpoint: 'http://s3.example' }, savedAt: NOW }, 'current');
    db.close();
    expect(await sendAs(popupSender, 'getPublishTarget')).toMatchObject({ ok: true, value: { target: null, invalid: true, secretStored: false } });
    expect(await sendAs(popupSender, 'publishWindow', {})).toMatchObject({ ok: true, value: { status: 'failed', code: 'invalid-config', step: 'check' } });
  });

  it('say what is missing before publishing', async () => {
    await sendAs(popupSender, 'savePublishTarget', { target: { kind: 'zip' } });
    expect(await sendAs(popupSender, 'publishWindow')).toMatchObject({ ok: true, value: { status: 'failed', code: 'no-target', params: { kind: 'zip' } } });
    await sendAs(popupSender, 'savePublishTarget', { target: s3, secret: SECRET });
    // No expert profile yet.
    expect(await sendAs(popupSender, 'publishWindow')).toMatchObject({ ok: true, value: { status: 'failed', code: 'no-identity', step: 'check' } });
    // A secret given for one publish is used, not stored.
    await sendAs(popupSender, 'forgetPublishSecret');
    expect(await sendAs(popupSender, 'publishWindow', { secret: 'typed-in' })).toMatchObject({ ok: true, value: { code: 'no-identity' } });
    expect(await rawSecrets()).toEqual([]);
    // The failure is kept as the last publish.
    expect(await sendAs(popupSender, 'getPublishTarget')).toMatchObject({ ok: true, value: { lastPublish: { status: 'failed', code: 'no-identity', auto: false, at: NOW } } });
  });
});
