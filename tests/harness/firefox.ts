import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
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
        // Grant optional permissions without the doorhanger a test cannot click; the request still
        // needs a real click (user input) in an extension page, as for a person.
        'extensions.webextOptionalPermissionPrompts': false,
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

/** The first element matching `selector` (inside the overlay's shadow root when `inOverlay`) whose text contains `text`. */
export async function elementWithText(page: Page, selector: string, text: string, inOverlay = false): Promise<ElementHandle<Element>> {
  const handle = await page.waitForFunction(
    (selector, text, inOverlay) => {
      const root: ParentNode | null | undefined = inOverlay ? document.querySelector('haowu-overlay')?.shadowRoot : document;
      return [...(root?.querySelectorAll(selector) ?? [])].find((element) => element.textContent?.includes(text));
    },
    { timeout: 15_000 },
    selector,
    text,
    inOverlay,
  );
  return handle.asElement() as ElementHandle<Element>;
}

/**
 * Opens Haowu's own page the way a shopper does, from the overlay on a product page: Firefox's
 * WebDriver BiDi refuses to navigate to moz-extension:// URLs. Puppeteer lists the new tab as
 * about:blank; its own location is checked from inside.
 */
export async function openHaowuTabFromOverlay(session: FirefoxSession, productPage: Page): Promise<Page> {
  await (await elementWithText(productPage, 'button.hw-launcher', '', true)).click();
  const pagesBefore = (await session.browser.pages()).length;
  await (await elementWithText(productPage, 'button', 'Saved items and cart', true)).click();
  for (let tries = 0; tries < 50; tries++) {
    const pages = await session.browser.pages();
    if (pages.length > pagesBefore) {
      const tab = pages[pages.length - 1]!;
      await tab.waitForFunction(() => document.querySelectorAll('[role="tab"]').length > 0, { timeout: 15_000 });
      return tab;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("Haowu's tab did not open from the overlay");
}
