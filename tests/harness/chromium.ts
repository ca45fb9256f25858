import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { findChromium } from './find-browser';
import { builtExtension } from './paths';
import { storePageResponder, type StorePage } from './store-pages';

export interface ExtensionSession {
  context: BrowserContext;
  extensionId: string;
  /** The background service worker (the extension id comes from its URL). */
  background: () => Promise<Worker>;
  /** Opens an extension page (e.g. `popup.html`) as an ordinary tab. */
  openExtensionPage: (path: string) => Promise<Page>;
  /** Serves fixture pages at their real store URLs; other requests are answered offline. */
  serve: (pages: StorePage[]) => Promise<void>;
  close: () => Promise<void>;
}

// Quiet and offline: nothing here may reach the network.
const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
];

export interface LaunchOptions {
  headless?: boolean;
  /** Reuse a profile (e.g. to reopen after a restart); a fresh temporary one by default. */
  userDataDir?: string;
  /** Load this unpacked extension instead of the Chrome build (e.g. a copy with a patched manifest). */
  extensionDir?: string;
  /** More command-line flags, e.g. `--host-resolver-rules` and `--ignore-certificate-errors-spki-list` for a local test server. */
  args?: string[];
  /**
   * Host names whose requests go to the network as they are, past the offline route below: servers the
   * test itself started (tests/harness/publish-servers.ts), reached by the pages and the service worker.
   */
  networkHosts?: string[];
  /**
   * false: no offline route at all, for figures of the network path itself (playwright's interception
   * holds every request for a round trip to this process, about 3 ms each here). Keep such a browser
   * offline with `--host-resolver-rules` instead (tests/harness/publish-servers.ts does).
   */
  offlineRoute?: boolean;
}

export async function launchChromiumWithExtension(options: LaunchOptions = {}): Promise<ExtensionSession> {
  const extensionDir = options.extensionDir ?? builtExtension('chrome-mv3');
  const ownsProfile = !options.userDataDir;
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'haowu-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: options.headless ?? true,
    args: [...QUIET_FLAGS, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, ...(options.args ?? [])],
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
  });

  const background = async () => context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL((await background()).url()).host;

  // Everything not served from fixtures is refused at once, so no test waits on a network it cannot reach
  // (but for the test's own servers, which the route never sees).
  let respond: (url: string) => ReturnType<ReturnType<typeof storePageResponder>> = () => null;
  const networkHosts = new Set(options.networkHosts ?? []);
  const routed = (url: URL) => (url.protocol === 'https:' || url.protocol === 'http:') && !networkHosts.has(url.hostname);
  if (options.offlineRoute !== false) await context.route(routed, async (route) => {
    const response = respond(route.request().url());
    if (response) await route.fulfill({ status: response.status, contentType: response.contentType, body: response.body, ...(response.location && { headers: { location: response.location } }) });
    else if (route.request().resourceType() === 'document') await route.fulfill({ status: 404, contentType: 'text/plain', body: 'not served in tests' });
    else await route.abort('internetdisconnected');
  });

  return {
    context,
    extensionId,
    background,
    openExtensionPage: async (path) => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    serve: async (pages) => {
      const previous = respond;
      const next = storePageResponder(pages);
      respond = (url) => next(url) ?? previous(url);
    },
    close: async () => {
      await context.close();
      if (ownsProfile) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
