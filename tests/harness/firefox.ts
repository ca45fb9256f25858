import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { findFirefox } from './find-browser';
import { startHttpsStoreServer, type HttpsStoreServer } from './https-store-server';
import { firefoxOverlayOf } from './overlay';
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
  /** "host/path?query" of every request the fixture server answered, in order. */
  requests: string[];
  close: () => Promise<void>;
}

export interface FirefoxLaunchOptions {
  /** Install this unpacked extension instead of the Firefox build (e.g. a copy with a patched manifest). */
  extensionDir?: string;
}

export async function launchFirefoxWithExtension(options: FirefoxLaunchOptions = {}): Promise<FirefoxSession> {
  const extensionDir = options.extensionDir ?? builtExtension('firefox-mv2');
  const server: HttpsStoreServer = await startHttpsStoreServer();
  const profile = mkdtempSync(join(tmpdir(), 'haowu-firefox-'));
  let browser: Browser | undefined;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: findFirefox(),
      headless: true,
      userDataDir: profile,
      // WebDriver BiDi navigates to moz-extension:// pages (openExtensionPage) only with system access.
      args: ['--remote-allow-system-access'],
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
      const url = `moz-extension://${EXTENSION_UUID}/${path}`;
      // The page loads, but puppeteer hears of no navigation into the extension's process, so its
      // goto would wait for nothing: the address and readiness are checked from inside instead.
      const navigating = page.goto(url, { timeout: 15_000 }).catch(() => undefined);
      for (const deadline = Date.now() + 15_000; ; await new Promise((resolve) => setTimeout(resolve, 100))) {
        const state = await page.evaluate(() => [location.href, document.readyState]).catch(() => null);
        if (state?.[0] === url && state[1] === 'complete') break;
        if (Date.now() > deadline) throw new Error(`${url} did not load (last seen: ${state?.join(', ') ?? 'nothing'})`);
      }
      void navigating;
      return page;
    },
    serve: server.serve,
    requests: server.requests,
    close: async () => {
      await launched.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The first element of the page's own document matching `selector` whose text contains `text`. */
export async function elementWithText(page: Page, selector: string, text: string): Promise<ElementHandle<Element>> {
  const handle = await page.waitForFunction(
    (selector, text) => [...document.querySelectorAll(selector)].find((element) => element.textContent?.includes(text)),
    { timeout: 15_000 },
    selector,
    text,
  );
  return handle.asElement() as ElementHandle<Element>;
}

/**
 * Opens Haowu's own page the way a shopper does, from the overlay on a product page: the launcher,
 * then "Saved items and cart", with real clicks. Puppeteer lists the new tab as about:blank; its own
 * location is checked from inside.
 */
export async function openHaowuTabFromOverlay(session: FirefoxSession, productPage: Page): Promise<Page> {
  const overlay = firefoxOverlayOf(session, productPage);
  await overlay.click({ role: 'button', name: /^Open Haowu: / }, { timeout: 15_000 });
  const pagesBefore = (await session.browser.pages()).length;
  await overlay.click({ role: 'button', name: 'Saved items and cart' });
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
