import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { findFirefox } from './find-browser';
import { startHttpsStoreServer, type HttpsStoreServer } from './https-store-server';
import { builtExtension } from './paths';
import type { StorePage } from './store-pages';

export const FIREFOX_EXTENSION_ID = 'haowu@haowu.app';
// Fixed so tests can open moz-extension:// pages; Firefox otherwise picks a random one per install.
const EXTENSION_UUID = '7f3c1b52-4a3e-4f7e-9d55-0a1b2c3d4e5f';

export interface FirefoxSession {
  browser: Browser;
  newPage: () => Promise<Page>;
  openExtensionPage: (path: string) => Promise<Page>;
  serve: (pages: StorePage[]) => void;
  close: () => Promise<void>;
}

export async function launchFirefoxWithExtension(): Promise<FirefoxSession> {
  const extensionDir = builtExtension('firefox-mv2');
  const server: HttpsStoreServer = await startHttpsStoreServer();
  const profile = mkdtempSync(join(tmpdir(), 'haowu-firefox-'));
  let browser: Browser | undefined;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: findFirefox(),
      headless: true,
      userDataDir: profile,
      acceptInsecureCerts: true,
      extraPrefsFirefox: {
        // Every host name resolves to the local fixture server.
        'network.dns.forceResolve': '127.0.0.1',
        'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_EXTENSION_ID]: EXTENSION_UUID }),
        'network.proxy.type': 0,
        'app.update.enabled': false,
        'browser.shell.checkDefaultBrowser': false,
        'datareporting.policy.dataSubmissionEnabled': false,
        'toolkit.telemetry.enabled': false,
      },
    });
    await browser.installExtension(extensionDir);
  } catch (error) {
    await browser?.close();
    await server.close();
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const launched = browser;
  return {
    browser: launched,
    newPage: () => launched.newPage(),
    openExtensionPage: async (path) => {
      const page = await launched.newPage();
      await page.goto(`moz-extension://${EXTENSION_UUID}/${path}`);
      return page;
    },
    serve: server.serve,
    close: async () => {
      await launched.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
