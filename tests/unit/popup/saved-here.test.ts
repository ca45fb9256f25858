import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_NAME, DB_VERSION } from '../../../utils/db/open';
import { recordProductSeen } from '../../../utils/db/products';
import { removeSaved, saveProduct } from '../../../utils/db/saved';
import { SAVED_FIRST_PAGE, askSavedFirstRows, takeSavedFirstRows } from '../../../utils/popup/saved-first-rows';
import { readSavedFirstRowsEarly, readSavedHere, takeSavedReadEarly } from '../../../utils/popup/saved-here';
import { detected, resetIndexedDb } from '../db/helpers';
import { popupSender, sendAs, useRegisteredHandlers } from '../messaging/wire';

const NOW = Date.UTC(2025, 11, 10);
const handlers = useRegisteredHandlers(NOW);
const background = () => handlers.connection().get();

/** Twenty saved items (two at one moment, one whose page was never read, notes, one via an expert), newest `tmall:19`. */
async function seed() {
  const db = await background();
  for (let i = 0; i < 20; i++) {
    if (i !== 7) await recordProductSeen(db, detected({ productId: String(i), title: `Shirt ${i}`, price: { currency: 'CNY', minMinor: 1000 + i, maxMinor: 1000 + i } }), NOW - 1000 + i);
    await saveProduct(db, `tmall:${i}`, { note: i % 3 === 0 ? `note ${i}` : '', viaExpertId: i === 5 ? 'fp-mei' : null }, i === 12 ? NOW - 900 + 11 : NOW - 900 + i);
  }
}

/** As a message delivers it: through JSON. */
const asSent = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

afterEach(async () => {
  // Nothing left over for the next test.
  await takeSavedFirstRows();
});

describe('the Saved tab’s first rows read in the popup’s own page (utils/popup/saved-here.ts)', () => {
  it('are exactly what the background’s listSaved answers: the same items, order, products, notes and cursor', async () => {
    await seed();
    for (const limit of [SAVED_FIRST_PAGE, 3, 50]) {
      const here = await readSavedHere(limit);
      expect(here, `limit ${limit}`).not.toBeNull();
      expect({ ok: true, value: asSent(here) }, `limit ${limit}`).toEqual(await sendAs(popupSender, 'listSaved', { limit }));
    }
    // What the comparison covers: the rows as the user sees them.
    const page = (await readSavedHere(5))!;
    expect(page.items.map((item) => [item.saved.productKey, item.product?.title ?? null, item.saved.note])).toEqual([
      ['tmall:19', 'Shirt 19', ''],
      ['tmall:18', 'Shirt 18', 'note 18'],
      ['tmall:17', 'Shirt 17', ''],
      ['tmall:16', 'Shirt 16', ''],
      ['tmall:15', 'Shirt 15', 'note 15'],
    ]);
    expect(page.next).toEqual({ savedAt: NOW - 900 + 15, productKey: 'tmall:15' });
    const all = (await readSavedHere(50))!;
    expect(all.items.find((item) => item.saved.productKey === 'tmall:7')?.product).toBeNull();
    expect(all.items.find((item) => item.saved.productKey === 'tmall:5')?.saved.viaExpertId).toBe('fp-mei');
  });

  it('match the background’s answer while the background writes: a read sees each write whole or not at all', async () => {
    await seed();
    const db = await background();
    for (let i = 20; i < 32; i++) {
      // Writes under way (not awaited) as both reads start: each sees every write asked for before it.
      const writes = [
        saveProduct(db, `tmall:${i}`, {}, NOW + i),
        // The product's new title goes to it and to its saved item's copy, in one transaction.
        recordProductSeen(db, detected({ productId: String(i - 10), title: `Shirt ${i - 10}, washed` }), NOW + i),
        ...(i % 3 === 0 ? [removeSaved(db, `tmall:${i - 1}`)] : []),
      ];
      const [here, there] = await Promise.all([readSavedHere(SAVED_FIRST_PAGE), sendAs(popupSender, 'listSaved', { limit: SAVED_FIRST_PAGE })]);
      expect({ ok: true, value: asSent(here) }, `after write ${i}`).toEqual(there);
      expect(here!.items[0]?.saved.productKey, `after write ${i}`).toBe(`tmall:${i}`);
      await Promise.all(writes);
    }
    const last = (await readSavedHere(SAVED_FIRST_PAGE))!;
    expect(last.items.map((item) => item.saved.productKey)).not.toContain('tmall:29');
    expect(last.items.find((item) => item.saved.productKey === 'tmall:21')?.product?.title).toBe('Shirt 21, washed');
  });

  it('are read by the popup’s first script and taken, once, by the app’s first module', async () => {
    await seed();
    readSavedFirstRowsEarly();
    askSavedFirstRows();
    expect(takeSavedReadEarly()).toBeUndefined();
    const early = await takeSavedFirstRows();
    expect(early.ok && early.value.items.map((item) => item.saved.productKey).slice(0, 2)).toEqual(['tmall:19', 'tmall:18']);
  });

  it('are taken by the Saved tab from the early read, and read anew after it is taken', async () => {
    await seed();
    askSavedFirstRows();
    const early = await takeSavedFirstRows();
    expect(early.ok && early.value.items.map((item) => item.saved.productKey).slice(0, 2)).toEqual(['tmall:19', 'tmall:18']);
    await removeSaved(await background(), 'tmall:19');
    const again = await takeSavedFirstRows();
    expect(again.ok && again.value.items[0]?.saved.productKey).toBe('tmall:18');
  });
});

describe('where the page cannot read them, the background is asked', () => {
  // The fake browser's own delivery has no sender, so the background refuses it: enough to tell who answered.
  const askedTheBackground = async () => expect(await takeSavedFirstRows()).toMatchObject({ ok: false, error: { code: 'forbidden' } });

  it('no database yet: nothing read here, none created', async () => {
    resetIndexedDb();
    expect(await readSavedHere(SAVED_FIRST_PAGE)).toBeNull();
    await askedTheBackground();
    expect((await indexedDB.databases()).map((db) => db.name)).not.toContain(DB_NAME);
  });

  it('an older database: left as it was, for the background to upgrade', async () => {
    resetIndexedDb();
    (await openDB(DB_NAME, DB_VERSION - 1, { upgrade: (db) => void db.createObjectStore('products', { keyPath: 'key' }) })).close();
    expect(await readSavedHere(SAVED_FIRST_PAGE)).toBeNull();
    await askedTheBackground();
    const again = await openDB(DB_NAME);
    expect(again.version).toBe(DB_VERSION - 1);
    again.close();
  });

  it('a read that fails (a database of this version without the saved store)', async () => {
    resetIndexedDb();
    (await openDB(DB_NAME, DB_VERSION, { upgrade: (db) => void db.createObjectStore('products', { keyPath: 'key' }) })).close();
    expect(await readSavedHere(SAVED_FIRST_PAGE)).toBeNull();
    await askedTheBackground();
  });

  it('rows not of the shape the tab draws', async () => {
    await seed();
    await (await background()).put('saved', { productKey: 'tmall:99', savedAt: NOW, product: null } as never);
    expect((await readSavedHere(SAVED_FIRST_PAGE))?.items[0]?.saved.productKey).toBe('tmall:99');
    await askedTheBackground();
  });
});
