import type { Page } from 'playwright-core';
import type { BackupData } from '../../utils/db/backup';
import type { ExtensionSession } from './chromium';
import { bundleForPage } from './page-bundle';

type SeedModule = typeof import('./seed-entry');
declare const __haowuSeed: SeedModule;

let bundle: Promise<string> | undefined;

async function extensionPageWithDbModule(session: ExtensionSession): Promise<Page> {
  const page = await session.openExtensionPage('popup.html');
  await page.evaluate(await (bundle ??= bundleForPage('tests/harness/seed-entry.ts', '__haowuSeed')));
  return page;
}

/** Writes records into the extension's database (as a backup import would merge them). */
export async function seedDatabase(session: ExtensionSession, data: Partial<BackupData>): Promise<void> {
  const page = await extensionPageWithDbModule(session);
  const full: BackupData = { products: [], experts: [], recommendations: [], saved: [], cart: [], ...data } as BackupData;
  await page.evaluate(async (records) => {
    const db = await __haowuSeed.openHaowuDb();
    await __haowuSeed.mergeData(db, records);
    db.close();
  }, full);
  await page.close();
}

/** Everything in the extension's database, to check what the UI wrote. */
export async function readDatabase(session: ExtensionSession): Promise<BackupData> {
  const page = await extensionPageWithDbModule(session);
  const data = await page.evaluate(async () => {
    const db = await __haowuSeed.openHaowuDb();
    const all = await __haowuSeed.readAllData(db);
    db.close();
    return all;
  });
  await page.close();
  return data;
}
