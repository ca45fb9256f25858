import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDbConnection, type DbConnection } from '../../../utils/db/open';
import { verifyFeed } from '../../../utils/feed/verify';
import { accessOf, registerMessageHandlers } from '../../../utils/messaging/register';
import { updateSettings } from '../../../utils/settings';
import { detected, resetIndexedDb } from '../db/helpers';
import { contentSender, popupSender, sendAs } from '../messaging/wire';

const NOW = Date.UTC(2025, 5, 1);
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

const product = detected({ productId: '605258110430', canonicalUrl: 'https://detail.tmall.com/item.htm?id=605258110430' });
const pick = { productKey: product.key, product, reason: 'Battery lasts two days of normal use.', rating: 5 };

describe('expert-mode messages', () => {
  it('keep everything touching the key away from content scripts', async () => {
    for (const name of ['getExpertProfile', 'createExpertProfile', 'updateExpertProfile', 'publishFeed', 'exportIdentity', 'importIdentity'] as const) {
      expect(accessOf(name), name).toBe('privileged');
    }
    expect(await sendAs(contentSender, 'createExpertProfile', { name: 'Page' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await sendAs(contentSender, 'exportIdentity')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await sendAs(contentSender, 'publishFeed')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('create a profile in the popup, recommend from the page, publish from the popup', async () => {
    const created = await sendAs(popupSender, 'createExpertProfile', { name: 'Mei' });
    if (!created.ok) throw new Error(created.error.message);
    // The profile answer carries the public key only.
    expect(JSON.stringify(created.value)).not.toMatch(/privateKey|keyPair/);

    const saved = await sendAs(contentSender, 'saveOwnRecommendation', pick);
    expect(saved).toMatchObject({ ok: true, value: { expertId: created.value.expertId, rating: 5 } });
    const picks = await sendAs(contentSender, 'getPicksForProduct', { productKey: product.key });
    expect(picks.ok && picks.value.map((p) => p.expert.kind)).toEqual(['local']);

    const published = await sendAs(popupSender, 'publishFeed');
    if (!published.ok) throw new Error(published.error.message);
    expect(await verifyFeed(published.value.text)).toMatchObject({ ok: true, expertId: created.value.expertId });

    if (!saved.ok) return;
    expect(await sendAs(contentSender, 'deleteOwnRecommendation', { id: saved.value.id })).toMatchObject({ ok: true, value: { deleted: true } });
  });

  it('answer a bad pick with the field at fault and save nothing', async () => {
    await sendAs(popupSender, 'createExpertProfile', { name: 'Mei' });
    const bad = await sendAs(contentSender, 'saveOwnRecommendation', { ...pick, partnerLink: 'https://u.jd.com/x' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('not one of the Tmall/Taobao link hosts') } });
    const mismatched = await sendAs(contentSender, 'saveOwnRecommendation', { ...pick, productKey: 'tmall:1' });
    expect(mismatched).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const own = await sendAs(popupSender, 'listOwnPicks');
    expect(own.ok && own.value.flatMap((o) => o.recommendations)).toEqual([]);
  });

  it('refuse to recommend with expert mode off', async () => {
    await sendAs(popupSender, 'createExpertProfile', { name: 'Mei' });
    await updateSettings({ expertMode: false });
    expect(await sendAs(contentSender, 'saveOwnRecommendation', pick)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
