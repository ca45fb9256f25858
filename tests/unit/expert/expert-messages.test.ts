import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDbConnection, type DbConnection } from '../../../utils/db/open';
import { verifyFeed } from '../../../utils/feed/verify';
import { accessOf, registerMessageHandlers } from '../../../utils/messaging/register';
import { updateSettings } from '../../../utils/settings';
import { detected, resetIndexedDb } from '../db/helpers';
import { contentSender, pageSender, popupSender, sendAs } from '../messaging/wire';

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
const pick = { productKey: product.key, reason: 'Battery lasts two days of normal use.', rating: 5 };
const onPage = pageSender(product.canonicalUrl);
const openPage = () => sendAs(onPage, 'openProductPage', { product, arrival: 'load' });

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

    await openPage();
    const saved = await sendAs(onPage, 'saveOwnPickOnPage', pick);
    expect(saved.ok && saved.value.picks.map((p) => [p.expert.id, p.expert.kind, p.recommendation.rating])).toEqual([[created.value.expertId, 'local', 5]]);

    const published = await sendAs(popupSender, 'publishFeed');
    if (!published.ok) throw new Error(published.error.message);
    expect(await verifyFeed(published.value.text)).toMatchObject({ ok: true, expertId: created.value.expertId });

    if (!saved.ok) return;
    const id = saved.value.picks[0]!.recommendation.id;
    // The Studio's edits are the popup's; a store page deletes only through its own product.
    expect(await sendAs(contentSender, 'deleteOwnRecommendation', { id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await sendAs(onPage, 'deleteOwnPickOnPage', { productKey: product.key, id })).toMatchObject({ ok: true, value: { picks: [] } });
  });

  it('answer a bad pick with the field at fault and save nothing', async () => {
    await sendAs(popupSender, 'createExpertProfile', { name: 'Mei' });
    await openPage();
    const bad = await sendAs(onPage, 'saveOwnPickOnPage', { ...pick, partnerLink: 'https://u.jd.com/x' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('not one of Tmall’s link hosts') } });
    const mismatched = await sendAs(onPage, 'saveOwnPickOnPage', { ...pick, productKey: 'tmall:1' });
    expect(mismatched).toMatchObject({ ok: false, error: { code: 'stale-page' } });
    const own = await sendAs(popupSender, 'listOwnPicks');
    expect(own.ok && own.value.flatMap((o) => o.recommendations)).toEqual([]);
  });

  it('refuse to recommend with expert mode off', async () => {
    await sendAs(popupSender, 'createExpertProfile', { name: 'Mei' });
    await updateSettings({ expertMode: false });
    await openPage();
    expect(await sendAs(onPage, 'saveOwnPickOnPage', pick)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
