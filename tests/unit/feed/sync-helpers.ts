import { createDbConnection, type DbConnection } from '../../../utils/db/open';
import type { FetchLike } from '../../../utils/feed/fetch-feed';
import type { SyncDeps } from '../../../utils/feed/sync';
import { verifyFeed } from '../../../utils/feed/verify';
import { resetIndexedDb } from '../db/helpers';
import { newExpert, signedFeed, type Expert } from './helpers';

/** What a fake server answers for one URL: a body (with headers) or a function of the request. */
export type Route = { status?: number; body?: BodyInit | null; headers?: Record<string, string> } | ((init: RequestInit) => Response | Promise<Response>);

export interface FakeServer {
  fetch: FetchLike;
  routes: Map<string, Route>;
  /** Every request made, with the headers sent. */
  requests: { url: string; headers: Record<string, string> }[];
}

/** A fake `fetch` over a URL → answer map; an unknown URL is a network failure, as offline would be. */
export function fakeServer(): FakeServer {
  const routes = new Map<string, Route>();
  const requests: FakeServer['requests'] = [];
  const fetch: FetchLike = async (url, init) => {
    requests.push({ url, headers: { ...(init.headers as Record<string, string>) } });
    const route = routes.get(url);
    if (!route) throw new TypeError('Failed to fetch');
    if (typeof route === 'function') return route(init);
    return new Response(route.body ?? null, { status: route.status ?? 200, headers: route.headers });
  };
  return { fetch, routes, requests };
}

export interface SyncFixture {
  deps: SyncDeps;
  server: FakeServer;
  connection: DbConnection;
  /** Advances the clock used for every timestamp. */
  tick: (ms?: number) => number;
  /** Origins the fake permission check allows; all https origins when null. */
  allowed: { origins: Set<string> | null };
}

export function syncFixture(start = Date.UTC(2025, 5, 1)): SyncFixture {
  resetIndexedDb();
  const connection = createDbConnection();
  const server = fakeServer();
  let now = start;
  const allowed: SyncFixture['allowed'] = { origins: null };
  const deps: SyncDeps = {
    db: connection.get,
    now: () => now,
    fetch: server.fetch,
    canRead: async (origin) => allowed.origins === null || allowed.origins.has(origin),
    timeoutMs: 200,
  };
  return { deps, server, connection, allowed, tick: (ms = 1000) => (now += ms) };
}

export const json = (value: unknown, headers: Record<string, string> = {}) => ({ body: JSON.stringify(value), headers: { 'content-type': 'application/json', ...headers } });

/** A fresh sync fixture and one expert, Alice, with the id her signed feeds verify to. */
export async function syncFixtureWithAlice(): Promise<{ f: SyncFixture; alice: Expert; aliceId: string }> {
  const f = syncFixture();
  const alice = await newExpert();
  const probe = await verifyFeed(await signedFeed(alice, []));
  if (!probe.ok) throw new Error(probe.reason);
  return { f, alice, aliceId: probe.expertId };
}
