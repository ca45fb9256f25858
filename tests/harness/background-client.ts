import { bundleForPage } from './page-bundle';

/*
 * Drives the background from an extension page (popup.html or options.html) in Chromium (playwright)
 * or Firefox (puppeteer): the extension's own `request()` sends each message exactly as the popup does,
 * so the background's real fetches, permission checks and database run. For tests whose subject is the
 * background, where clicking through the popup would only add waiting.
 */

type ClientModule = typeof import('./client-entry');
declare const __haowuClient: ClientModule;

/** What both playwright's and puppeteer's Page offer: a function and one argument. */
export interface EvaluatingPage {
  evaluate: (fn: never, arg?: never) => Promise<unknown>;
}

let bundle: Promise<string> | undefined;

export interface BackgroundClient {
  request: (name: string, data: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
  /** The expert records in the database. */
  experts: () => Promise<{ id: string; feedUrl: string | null; feedStatus: Record<string, unknown> }[]>;
  recommendations: () => Promise<{ id: string; expertId: string; deleted: boolean }[]>;
}

export async function backgroundClient(page: EvaluatingPage): Promise<BackgroundClient> {
  const evaluate = <T>(fn: (arg: never) => Promise<unknown>, arg?: unknown) => page.evaluate(fn as never, arg as never) as Promise<T>;
  await page.evaluate((await (bundle ??= bundleForPage('tests/harness/client-entry.ts', '__haowuClient'))) as never);
  const readAll = () =>
    evaluate<{ experts: never[]; recommendations: never[] }>(async () => {
      const db = await __haowuClient.openHaowuDb();
      const all = await __haowuClient.readAllData(db);
      db.close();
      return JSON.parse(JSON.stringify({ experts: all.experts, recommendations: all.recommendations }));
    });
  return {
    request: (name, data) =>
      evaluate(
        async ({ name, data }: { name: string; data: unknown }) =>
          JSON.parse(JSON.stringify(await (__haowuClient.request as (n: string, d: unknown) => Promise<unknown>)(name, data))),
        { name, data },
      ),
    experts: async () => (await readAll()).experts,
    recommendations: async () => (await readAll()).recommendations,
  };
}
