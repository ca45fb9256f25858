import { describe, expect, it } from 'vitest';
import { readAllData } from '../../../utils/db/backup';
import { type HaowuDb } from '../../../utils/db/open';
import { putRecommendations } from '../../../utils/db/recommendations';
import { contentHandlers } from '../../../utils/messaging/content-handlers';
import { handleMessage } from '../../../utils/messaging/handler';
import { privilegedHandlers } from '../../../utils/messaging/privileged-handlers';
import { CONTENT_MESSAGES, Payloads, sendMessage, type MessageName, type PrivilegedMessage } from '../../../utils/messaging/protocol';
import { accessOf } from '../../../utils/messaging/register';
import { createProductPages } from '../../../utils/background/product-pages';
import { createRecordLimiter } from '../../../utils/background/record-rate';
import { getSettings, updateSettings } from '../../../utils/settings';
import { detected } from '../db/helpers';
import { recommendation } from '../db/records';
import { contentSender, optionsTabSender, popupSender, sendAs, useRegisteredHandlers } from './wire';
import { errorInfo } from '../../../utils/errors';

const NOW = Date.UTC(2025, 5, 1);
const handlers = useRegisteredHandlers(NOW);

const db = (): Promise<HaowuDb> => handlers.connection().get();
const PRIVILEGED = (Object.keys(Payloads) as MessageName[]).filter((name) => !(CONTENT_MESSAGES as readonly string[]).includes(name)) as PrivilegedMessage[];

describe('protocol', () => {
  it('has exactly one handler for every message, content and privileged kept apart', () => {
    const content = Object.keys(contentHandlers).sort();
    const privileged = Object.keys(privilegedHandlers).sort();
    expect(content).toEqual([...CONTENT_MESSAGES].sort());
    expect(privileged).toEqual([...PRIVILEGED].sort());
    expect([...content, ...privileged].sort()).toEqual(Object.keys(Payloads).sort());
  });

  it('keeps export, import and delete-all away from content scripts', () => {
    for (const name of ['exportBackup', 'exportCsv', 'importBackup', 'deleteAllData', 'unfollowExpert', 'listSaved', 'removeSaved'] as const) {
      expect(accessOf(name), name).toBe('privileged');
      expect(Object.keys(contentHandlers)).not.toContain(name);
    }
  });

  it('works through @webext-core/messaging on WXT’s fake browser, which sends no sender, so it is refused', async () => {
    const result = await sendMessage('openProductPage', { product: detected(), arrival: 'load' });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('content-script messages', () => {
  const open = () => sendAs(contentSender, 'openProductPage', { product: detected(), arrival: 'load' });

  it('open a product page, save it, add it to the cart and see the picks, each answered with the page’s view', async () => {
    await putRecommendations(await db(), [recommendation()]);
    await sendAs(popupSender, 'followExpert', { id: 'fp-alice', kind: 'feed', displayName: 'Alice', bio: '', avatarUrl: null, feedUrl: null });
    const opened = await open();
    expect(opened).toMatchObject({ ok: true, value: { shown: true, saved: false, inCart: 0, product: { key: 'tmall:600001' } } });
    expect(opened.ok && opened.value.picks.map((p) => [p.recommendation.id, p.expert.displayName])).toEqual([['rec-1', 'Alice']]);
    expect((await readAllData(await db())).products).toMatchObject([{ key: 'tmall:600001', firstSeenAt: NOW }]);

    expect(await sendAs(contentSender, 'saveProduct', { productKey: 'tmall:600001' })).toMatchObject({ ok: true, value: { saved: true } });
    const added = await sendAs(contentSender, 'addProductToCart', { productKey: 'tmall:600001', quantity: 2, variant: 'M', recommendationId: 'rec-1' });
    expect(added).toMatchObject({ ok: true, value: { saved: true, inCart: 2 } });
    expect((await readAllData(await db())).cart).toMatchObject([{ quantity: 2, store: 'tmall', viaRecommendationId: 'rec-1' }]);
    expect(await sendAs(contentSender, 'unsaveProduct', { productKey: 'tmall:600001' })).toMatchObject({ ok: true, value: { saved: false, inCart: 2 } });
  });

  it('answer bad payloads with the field at fault and change nothing', async () => {
    await open();
    expect(await sendAs(contentSender, 'addProductToCart', { productKey: 'tmall:600001', quantity: 0, variant: '' })).toEqual({
      ok: false,
      // The reason and the field at fault; never the message's internal name.
      error: errorInfo('invalid-input', 'request.invalid', { detail: 'quantity: at least 1', issues: JSON.stringify({ issues: [['quantity', 'tooSmall', 1]], more: 0 }) }),
    });
    const hostile = await sendAs(contentSender, 'openProductPage', { product: detected({ canonicalUrl: 'javascript:alert(1)' }), arrival: 'load' });
    expect(hostile).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('canonicalUrl') } });
    const mismatched = await sendAs(contentSender, 'openProductPage', { product: { ...detected(), key: 'jd:600001' }, arrival: 'load' });
    expect(mismatched).toMatchObject({ ok: false, error: { message: expect.stringContaining('product.key is not valid') } });
    expect(await sendAs(contentSender, 'saveProduct', undefined as never)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await readAllData(await db())).toMatchObject({ cart: [], saved: [] });
  });
});

describe('privileged messages', () => {
  it('are refused to a content script, every one, and change nothing', async () => {
    await sendAs(contentSender, 'openProductPage', { product: detected(), arrival: 'load' });
    await sendAs(contentSender, 'saveProduct', { productKey: 'tmall:600001' });
    await updateSettings({ theme: 'dark' });
    for (const name of PRIVILEGED) {
      const result = await sendAs(contentSender, name, { confirm: 'delete-all', json: '{}', which: 'saved', expertId: 'x', productKey: 'jd:1' } as never);
      expect(result, name).toEqual({ ok: false, error: errorInfo('forbidden', 'request.forbidden') });
      expect(JSON.stringify(result), name).not.toContain(name);
    }
    expect((await readAllData(await db())).saved).toHaveLength(1);
    expect((await getSettings()).theme).toBe('dark');
  });

  it('export and re-import a backup, and export CSV, from the popup', async () => {
    await sendAs(contentSender, 'openProductPage', { product: detected({ title: '=1+1' }), arrival: 'load' });
    await sendAs(contentSender, 'saveProduct', { productKey: 'tmall:600001' });
    const backup = await sendAs(popupSender, 'exportBackup');
    if (!backup.ok) throw new Error(backup.error.message);
    expect(backup.value.filename).toBe('haowu-backup-2025-06-01.json');
    expect(JSON.parse(backup.value.json)).toMatchObject({ format: 'haowu-backup', version: 2, collections: [], settings: { theme: 'auto' } });

    const csv = await sendAs(optionsTabSender, 'exportCsv', { which: 'saved' });
    expect(csv).toMatchObject({ ok: true, value: { filename: 'haowu-saved-2025-06-01.csv', csv: expect.stringMatching(/^\uFEFFsaved_at,/) } });
    expect(csv.ok && csv.value.csv).toContain(`'=1+1`);

    expect(await sendAs(popupSender, 'deleteAllData', { confirm: 'delete-all' })).toEqual({ ok: true, value: { deleted: true } });
    expect((await readAllData(await db())).saved).toEqual([]);
    const imported = await sendAs(popupSender, 'importBackup', { json: backup.value.json });
    expect(imported).toMatchObject({ ok: true, value: { saved: { added: 1 }, products: { added: 1 } } });
  });

  it('report what is wrong with a bad backup', async () => {
    const bad = JSON.stringify({ format: 'haowu-backup', version: 1, exportedAt: '2025-01-01T00:00:00.000Z', products: [], experts: [], recommendations: [recommendation({ rating: 7 })], saved: [], cart: [] });
    expect(await sendAs(popupSender, 'importBackup', { json: bad })).toEqual({
      ok: false,
      error: {
        code: 'invalid-backup',
        message: 'The backup has a problem, so nothing was imported: recommendations[0].rating: must be between 1 and 5',
        detail: { reason: 'invalid', params: { where: 'recommendations[0].rating', count: 1 } },
      },
    });
  });

  it('delete everything only with the explicit confirmation, settings included', async () => {
    await sendAs(popupSender, 'restoreSaved', { item: { productKey: 'jd:1', savedAt: 1, note: '', viaExpertId: null, updatedAt: 1 } });
    await updateSettings({ theme: 'dark' });
    expect(await sendAs(popupSender, 'deleteAllData', {} as never)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect((await readAllData(await db())).saved).toHaveLength(1);
    const target = { kind: 's3', endpoint: 'https://s3.example', region: 'us-east-1', bucket: 'haowu', prefix: '', accessKeyId: 'AKIAEXAMPLE', publicBaseUrl: 'https://s3.example/haowu' };
    expect(await sendAs(popupSender, 'savePublishTarget', { target, secret: 'secret-key-for-the-test' } as never)).toMatchObject({ ok: true, value: { secretStored: true } });
    await sendAs(popupSender, 'deleteAllData', { confirm: 'delete-all' });
    expect((await readAllData(await db())).saved).toEqual([]);
    expect((await getSettings()).theme).toBe('auto');
    // The publishing target and its secret, kept in their own database, are gone too.
    expect(await sendAs(popupSender, 'getPublishTarget')).toMatchObject({ ok: true, value: { target: null, secretStored: false } });
  });

  it('list, update and remove cart lines and saved items, and unfollow', async () => {
    await sendAs(contentSender, 'openProductPage', { product: detected(), arrival: 'load' });
    await sendAs(popupSender, 'addToCart', { productKey: 'tmall:600001', quantity: 1, variant: '' });
    await sendAs(contentSender, 'saveProduct', { productKey: 'tmall:600001' });
    expect(await sendAs(popupSender, 'updateCartLine', { productKey: 'tmall:600001', variant: '', quantity: 5 })).toMatchObject({ ok: true, value: { quantity: 5 } });
    expect(await sendAs(popupSender, 'listCart')).toMatchObject({ ok: true, value: [{ line: { quantity: 5 }, product: { title: 'Linen shirt' } }] });
    expect(await sendAs(popupSender, 'listSaved', { limit: 10 })).toMatchObject({ ok: true, value: { items: [{ saved: { productKey: 'tmall:600001' } }], next: null } });
    expect(await sendAs(popupSender, 'removeSaved', { productKey: 'tmall:600001' })).toMatchObject({ ok: true, value: { removed: { productKey: 'tmall:600001' } } });
    expect(await sendAs(popupSender, 'removeCartLine', { productKey: 'tmall:600001', variant: '' })).toMatchObject({ ok: true, value: { removed: { quantity: 5 } } });
    await sendAs(popupSender, 'followExpert', { id: 'fp-a', kind: 'feed', displayName: 'A', bio: '', avatarUrl: null, feedUrl: 'https://a.example/feed.json' });
    expect(await sendAs(popupSender, 'listFollowedExperts')).toMatchObject({ ok: true, value: [{ id: 'fp-a' }] });
    expect(await sendAs(popupSender, 'unfollowExpert', { expertId: 'fp-a' })).toMatchObject({ ok: true, value: { removedRecommendations: 0 } });
    expect(await sendAs(popupSender, 'unfollowExpert', { expertId: 'fp-a' })).toMatchObject({ ok: true });
    expect(await sendAs(popupSender, 'unfollowExpert', { expertId: 'fp-nobody' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

describe('storage failures', () => {
  const context = (database: HaowuDb) => ({
    db: async () => database,
    sender: popupSender,
    now: () => NOW,
    pages: createProductPages({ db: async () => database, now: () => NOW }),
    recordLimiter: createRecordLimiter(),
  });

  it('turn a full disk into a message the user can act on', async () => {
    const full = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    const fullDb = { transaction: full, get: full, put: full } as unknown as HaowuDb;
    const result = await handleMessage('addToCart', Payloads.addToCart, privilegedHandlers.addToCart, 'privileged', { productKey: 'jd:1', quantity: 1, variant: '' }, context(fullDb));
    expect(result).toEqual({ ok: false, error: { code: 'quota-exceeded', message: expect.stringContaining('no storage space left'), detail: { reason: 'storage.full' } } });
  });

  it('recognise a quota failure carried by an aborted transaction', async () => {
    const aborted = Object.assign(new Error('AbortError'), { name: 'AbortError', error: new DOMException('full', 'QuotaExceededError') });
    const rejected = () => {
      const promise = Promise.reject(aborted);
      promise.catch(() => {}); // read by the code under test, or not at all
      return promise;
    };
    const failing = { transaction: () => ({ store: { get: rejected }, done: rejected() }) } as unknown as HaowuDb;
    const result = await handleMessage('removeSaved', Payloads.removeSaved, privilegedHandlers.removeSaved, 'privileged', { productKey: 'jd:1' }, context(failing));
    expect(result).toMatchObject({ ok: false, error: { code: 'quota-exceeded' } });
  });
});
