import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDbConnection, type DbConnection } from '../../../utils/db/open';
import { request } from '../../../utils/messaging/client';
import { registerMessageHandlers } from '../../../utils/messaging/register';
import { resetIndexedDb } from '../db/helpers';

describe('request', () => {
  let connection: DbConnection;
  let unregister: (() => void) | undefined;
  beforeEach(() => {
    resetIndexedDb();
    connection = createDbConnection();
  });
  afterEach(async () => {
    unregister?.();
    await connection.close();
  });

  it('gives a readable failure when no background listens', async () => {
    expect(await request('listCart', undefined)).toEqual({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('Reload the page'), detail: { reason: expect.stringMatching(/^background\./) } },
    });
  });

  it('passes the background’s answer through', async () => {
    unregister = registerMessageHandlers(connection);
    // WXT's fake browser sends an empty sender, so the background refuses it: the refusal arrives intact.
    expect(await request('listCart', undefined)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
