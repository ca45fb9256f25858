import { readFileSync, readdirSync } from 'node:fs';
import { URL as NodeURL, fileURLToPath } from 'node:url';

export const PAGES_DIR = fileURLToPath(new NodeURL('../../fixtures/pages/', import.meta.url));

interface HappyDomSettings {
  disableCSSFileLoading: boolean;
  disableJavaScriptFileLoading: boolean;
  disableIframePageLoading: boolean;
  handleDisabledFileLoadingAsSuccess: boolean;
}

/** A saved page parsed the way a browser would (scripts are not run by DOMParser), fetching nothing. */
export function parsePage(html: string): Document {
  const settings = (window as unknown as { happyDOM?: { settings: HappyDomSettings } }).happyDOM?.settings;
  if (settings) {
    // Saved pages link stylesheets and iframes on the stores' servers; tests never fetch them.
    settings.disableCSSFileLoading = true;
    settings.disableJavaScriptFileLoading = true;
    settings.disableIframePageLoading = true;
    settings.handleDisabledFileLoadingAsSuccess = true;
  }
  // happy-dom still reports every iframe it may not load; iframes play no part in detection, so rename them.
  return new DOMParser().parseFromString(html.replace(/<(\/?)iframe\b/gi, '<$1x-iframe'), 'text/html');
}

export const readPage = (name: string): string => readFileSync(`${PAGES_DIR}${name}.html`, 'utf8');

export interface Sidecar {
  url: string;
  source?: string;
  source_repo?: string;
  options?: { amazon?: boolean; otherSites?: boolean };
  expected: Record<string, unknown> | null;
}

export const readSidecar = (name: string): Sidecar => JSON.parse(readFileSync(`${PAGES_DIR}${name}.json`, 'utf8')) as Sidecar;

export const pageNames = (): string[] =>
  readdirSync(PAGES_DIR)
    .filter((file) => file.endsWith('.html'))
    .map((file) => file.slice(0, -'.html'.length))
    .sort();
