import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_PAGES } from './paths';

/** A page served at a real store URL during tests. */
export interface StorePage {
  url: string;
  /** File under tests/fixtures/pages, or inline HTML. */
  file?: string;
  html?: string;
  /** The Tmall capture is UTF-8 bytes behind a gbk meta: serve the charset the bytes really are. */
  charset?: string;
  /** Served as `text/html` (with `charset`) unless given, e.g. `application/json` for a feed. */
  contentType?: string;
}

export interface ServedResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

/** Builds a lookup from URL (without hash) to response; anything else on a store host is a 404. */
export function storePageResponder(pages: StorePage[]): (url: string) => ServedResponse | null {
  const byUrl = new Map<string, ServedResponse>();
  for (const page of pages) {
    const body = page.file ? readFileSync(join(FIXTURE_PAGES, page.file)) : Buffer.from(page.html ?? '', 'utf8');
    byUrl.set(stripHash(page.url), { status: 200, contentType: page.contentType ?? `text/html; charset=${page.charset ?? 'utf-8'}`, body });
  }
  return (url) => byUrl.get(stripHash(url)) ?? null;
}

const stripHash = (url: string) => url.split('#')[0]!;
