// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRecommendationsByExpert } from '../../../utils/db/recommendations';
import type { ExpertRecord } from '../../../utils/db/schema';
import { fetchFeed, type FetchLike } from '../../../utils/feed/fetch-feed';
import { isPrivateHost, MAX_REDIRECTS } from '../../../utils/feed/redirects';
import { followUrl, refreshExpertFeed } from '../../../utils/feed/sync';
import { recommendation, signedFeed, type Expert } from './helpers';
import { fakeServer, json, syncFixtureWithAlice, type SyncFixture } from './sync-helpers';

/*
 * Redirects of a feed fetch: followed only to https sites the user granted, never to loopback or
 * private hosts, at most MAX_REDIRECTS in a row; the address the file really came from is reported.
 * The browser's own path (an opaque redirect, then `follow` within granted sites) is in
 * tests/e2e/feed-redirects.e2e.ts; here a fake fetch answers as a runtime that shows redirects does.
 */

const hostOf = (url: string) => new URL(url).hostname;

describe('isPrivateHost (by the name the URL spells)', () => {
  it.each([
    'https://localhost/',
    'https://LOCALHOST./',
    'https://feeds.localhost/',
    'https://127.0.0.1/',
    'https://127.8.9.10/',
    'https://2130706433/', // 127.0.0.1 as one number: the URL parser spells it out
    'https://0x7f.1/',
    'https://0.0.0.0/',
    'https://10.1.2.3/',
    'https://172.16.0.1/',
    'https://172.31.255.254/',
    'https://192.168.1.1/',
    'https://169.254.169.254/',
    'https://[::1]/',
    'https://[::]/',
    'https://[fc00::1]/',
    'https://[fd12:3456::1]/',
    'https://[fe80::1]/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::ffff:192.168.0.1]/',
  ])('%s is refused', (url) => {
    expect(isPrivateHost(hostOf(url))).toBe(true);
  });

  it.each(['https://feeds.example/', 'https://172.32.0.1/', 'https://8.8.8.8/', 'https://[2001:db8::1]/', 'https://[::ffff:8.8.8.8]/', 'https://localhost.example/', 'https://s3.haowu.test/'])(
    '%s is not',
    (url) => {
      expect(isPrivateHost(hostOf(url))).toBe(false);
    },
  );
});

describe('fetchFeed follows redirects itself when it can see them', () => {
  const FEED = 'https://feeds.example/a.json';
  const redirect = (location: string, status = 302) => ({ status, headers: { location } });
  const granted = new Set(['https://feeds.example/*', 'https://cdn.example/*']);
  const options = (fetch: FetchLike) => ({ fetch, maxBytes: 10_000, what: 'feed', timeoutMs: 1000, canRead: async (origin: string) => granted.has(origin) });

  it('to a granted https site: the file and where it came from', async () => {
    const server = fakeServer();
    server.routes.set(FEED, redirect('/moved.json', 301));
    server.routes.set('https://feeds.example/moved.json', redirect('https://cdn.example/a.json#x', 307));
    server.routes.set('https://cdn.example/a.json', { body: '{}' });
    expect(await fetchFeed(FEED, options(server.fetch))).toMatchObject({ kind: 'ok', url: 'https://cdn.example/a.json' });
    expect(server.requests.map((r) => r.url)).toEqual([FEED, 'https://feeds.example/moved.json', 'https://cdn.example/a.json']);
  });

  it.each([
    ['https://127.0.0.1/admin', 'redirect-private'],
    ['https://localhost:8443/x', 'redirect-private'],
    ['https://192.168.1.1/router', 'redirect-private'],
    ['https://[::1]/x', 'redirect-private'],
    ['https://elsewhere.example/a.json', 'redirect-not-allowed'],
    ['https://user:pw@cdn.example/a.json', 'redirect-not-allowed'],
    ['http://cdn.example/a.json', 'not-https'],
  ])('never to %s (%s), which is not even asked', async (target, code) => {
    const server = fakeServer();
    server.routes.set(FEED, redirect(target));
    server.routes.set(target, { body: '{}' });
    const fetched = await fetchFeed(FEED, options(server.fetch));
    expect(fetched).toMatchObject({ kind: 'failed', error: { code } });
    expect(server.requests.map((r) => r.url)).toEqual([FEED]);
  });

  it(`at most ${MAX_REDIRECTS} in a row`, async () => {
    const server = fakeServer();
    const hop = (n: number) => `https://feeds.example/${n}`;
    for (let n = 0; n <= MAX_REDIRECTS + 1; n++) server.routes.set(hop(n), redirect(hop(n + 1)));
    expect(await fetchFeed(hop(0), options(server.fetch))).toMatchObject({ kind: 'failed', error: { code: 'redirect-too-many', params: { max: MAX_REDIRECTS } } });
    expect(server.requests).toHaveLength(MAX_REDIRECTS + 1);
  });

  it('without a permission check, only within the address’s own origin', async () => {
    const server = fakeServer();
    server.routes.set(FEED, redirect('https://cdn.example/a.json'));
    expect(await fetchFeed(FEED, { ...options(server.fetch), canRead: undefined })).toMatchObject({ kind: 'failed', error: { code: 'redirect-not-allowed' } });
  });
});

describe('fetchFeed in a browser (opaque redirects)', () => {
  const FEED = 'https://feeds.example/a.json';
  /** A browser's answer to `redirect: 'manual'`; to `follow`, the file at `finalUrl` (or a failure: a hop to a site not granted). */
  const browserFetch = (finalUrl: string | null): FetchLike & { inits: RequestInit[] } => {
    const inits: RequestInit[] = [];
    const fetch = async (_url: string, init: RequestInit) => {
      inits.push(init);
      if (init.redirect === 'manual') return Object.defineProperty(new Response(null, { status: 200 }), 'type', { value: 'opaqueredirect' });
      if (finalUrl === null) throw new TypeError('Failed to fetch');
      return Object.defineProperty(new Response('{}', { status: 200 }), 'url', { value: finalUrl });
    };
    return Object.assign(fetch, { inits });
  };
  const options = (fetch: FetchLike) => ({ fetch, maxBytes: 10_000, what: 'feed', timeoutMs: 1000, canRead: async (origin: string) => origin === 'https://feeds.example/*' || origin === 'https://cdn.example/*' });

  it('lets the browser follow within granted sites (same-origin mode) and reports the end', async () => {
    const fetch = browserFetch('https://cdn.example/a.json');
    expect(await fetchFeed(FEED, options(fetch))).toMatchObject({ kind: 'ok', url: 'https://cdn.example/a.json' });
    expect(fetch.inits.map((init) => [init.redirect, init.mode, init.credentials])).toEqual([
      ['manual', 'same-origin', 'omit'],
      ['follow', 'same-origin', 'omit'],
    ]);
  });

  it('a hop the browser refused is a refused redirect; an end on a private host is refused', async () => {
    expect(await fetchFeed(FEED, options(browserFetch(null)))).toMatchObject({ kind: 'failed', error: { code: 'redirect-not-allowed', params: { url: FEED } } });
    expect(await fetchFeed(FEED, options(browserFetch('https://localhost/a.json')))).toMatchObject({ kind: 'failed', error: { code: 'redirect-private' } });
  });
});

describe('a followed feed that redirects', () => {
  const URL_A = 'https://feeds.example/alice.json';
  let f: SyncFixture;
  let alice: Expert;
  let aliceId: string;
  beforeEach(async () => {
    ({ f, alice, aliceId } = await syncFixtureWithAlice());
    f.allowed.origins = new Set(['https://feeds.example/*', 'https://cdn.example/*']);
  });
  afterEach(() => f.connection.close());
  const expertOf = async () => (await (await f.deps.db()).get('experts', aliceId)) as ExpertRecord;

  it('shows the address the feed was read from in its status', async () => {
    f.server.routes.set(URL_A, { status: 302, headers: { location: 'https://cdn.example/alice.json' } });
    f.server.routes.set('https://cdn.example/alice.json', json(await signedFeed(alice, [recommendation('a1')])));
    await followUrl(f.deps, URL_A);
    const status = (await expertOf()).feedStatus;
    expect((await expertOf()).feedUrl).toBe(URL_A);
    expect(status).toMatchObject({
      summary: '1 recommendation accepted; read from https://cdn.example/alice.json (the address redirects there)',
      summaryInfo: { redirectedTo: 'https://cdn.example/alice.json' },
    });
  });

  it('a refresh redirected to a local address fails with that address, keeping the picks', async () => {
    f.server.routes.set(URL_A, json(await signedFeed(alice, [recommendation('a1')])));
    await followUrl(f.deps, URL_A);
    f.server.routes.set(URL_A, { status: 302, headers: { location: 'https://127.0.0.1:9200/_all' } });
    expect(await refreshExpertFeed(f.deps, aliceId)).toMatchObject({ status: 'failed', detail: { info: { code: 'redirect-private', params: { url: 'https://127.0.0.1:9200/_all' } } } });
    expect((await expertOf()).feedStatus.lastError).toContain('https://127.0.0.1:9200/_all, a local or private network address');
    expect(f.server.requests.map((r) => r.url)).not.toContain('https://127.0.0.1:9200/_all');
    expect((await getRecommendationsByExpert(await f.deps.db(), aliceId)).map((r) => r.id)).toEqual([`${aliceId}/a1`]);
  });
});
