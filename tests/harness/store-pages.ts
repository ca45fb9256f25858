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
  /** Answered with a 302 to this address instead of a body. */
  redirectTo?: string;
}

export interface ServedResponse {
  status: number;
  contentType: string;
  body: Buffer;
  /** The Location of a redirect. */
  location?: string;
}

/** Builds a lookup from URL (without hash) to response; anything else on a store host is a 404. */
export function storePageResponder(pages: StorePage[]): (url: string) => ServedResponse | null {
  const byUrl = new Map<string, ServedResponse>();
  for (const page of pages) {
    if (page.redirectTo) {
      byUrl.set(stripHash(page.url), { status: 302, contentType: 'text/plain', body: Buffer.alloc(0), location: page.redirectTo });
      continue;
    }
    const body = page.file ? readFileSync(join(FIXTURE_PAGES, page.file)) : Buffer.from(page.html ?? '', 'utf8');
    byUrl.set(stripHash(page.url), { status: 200, contentType: page.contentType ?? `text/html; charset=${page.charset ?? 'utf-8'}`, body });
  }
  return (url) => byUrl.get(stripHash(url)) ?? null;
}

const stripHash = (url: string) => url.split('#')[0]!;
