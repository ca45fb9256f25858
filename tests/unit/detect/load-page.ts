import { readFileSync, readdirSync } from 'node:fs';
import { URL as NodeURL, fileURLToPath } from 'node:url';

export const PAGES_DIR = fileURLToPath(new NodeURL('../../fixtures/pages/', import.meta.url));

/** A saved page parsed the way a browser would (scripts are not run by DOMParser). */
export function parsePage(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
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
