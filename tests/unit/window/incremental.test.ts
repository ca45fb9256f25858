import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import type { ExpertWindowInput } from '../../../utils/window/expert-window';
import type { WindowPickSource } from '../../../utils/window/picks';
import { benchWindowPicks } from '../../bench/window-data';
import { DAY, NOW, random } from './fixtures';

/*
 * Building only what changed (issue 19): a page whose inputs (PlannedPage.inputs) are those of the
 * last build is not built again, and its bytes are taken as they were. Over random edits of every
 * kind, the window put together that way must be byte for byte the window a full build makes, in a
 * fresh module (no card kept from an earlier build). And an ordinary edit builds a handful of pages.
 */

const EXPERT_ID = 'ed25519:00112233445566778899aabbccddeeff';
type Module = typeof import('../../../utils/window/expert-window');
const freshModule = async (): Promise<Module> => {
  vi.resetModules();
  return import('../../../utils/window/expert-window');
};
const digest = (text: string) => createHash('sha256').update(text).digest('hex');
const text = (body: string | Uint8Array) => (typeof body === 'string' ? body : new TextDecoder().decode(body));

interface Published {
  /** Path → inputs digest and bytes, as the last publish left them. */
  pages: Map<string, { inputs: string; body: string }>;
  built: number;
}

/** Plans the window and builds only the pages whose inputs differ from `previous`, as publishing does. */
async function incremental(module: Module, input: ExpertWindowInput, previous: Published | null): Promise<Published> {
  const plan = await module.planExpertWindow(input);
  const pages = new Map<string, { inputs: string; body: string }>();
  let built = 0;
  for (const page of plan.pages) {
    const inputs = digest(page.inputs);
    const before = previous?.pages.get(page.path);
    if (before && before.inputs === inputs) pages.set(page.path, before);
    else {
      built++;
      pages.set(page.path, { inputs, body: text(page.build().body) });
    }
  }
  pages.set('feed.json', { inputs: '', body: input.feedText });
  return { pages, built };
}

async function fullBuild(input: ExpertWindowInput): Promise<Map<string, string>> {
  const { files } = await (await freshModule()).buildExpertWindow(input);
  return new Map(files.map((file) => [file.path, text(file.body)]));
}

function startingWindow(count: number): ExpertWindowInput {
  const { products, recommendations } = benchWindowPicks(EXPERT_ID, count);
  const byKey = new Map(products.map((product) => [product.key, product]));
  return {
    expert: { id: EXPERT_ID, name: 'Bench 小美', bio: 'Picks for the kitchen.', avatarUrl: null },
    picks: recommendations.map((recommendation) => ({ recommendation, product: byKey.get(recommendation.productKey) ?? null })),
    feedText: '{"feed":0}',
    language: 'en',
    publicBaseUrl: 'https://pub.example.com/bench',
    now: NOW,
    timeZone: 'UTC',
  };
}

type Edit = (input: ExpertWindowInput, next: () => number) => ExpertWindowInput;

const editPick =
  (change: (pick: WindowPickSource, next: () => number, now: number) => WindowPickSource): Edit =>
  (input, next) => {
    const at = Math.floor(next() * input.picks.length);
    return { ...input, picks: input.picks.map((pick, i) => (i === at ? change(pick, next, input.now) : pick)) };
  };
const touched = (pick: WindowPickSource, now: number, changes: Partial<WindowPickSource['recommendation']>): WindowPickSource => ({
  ...pick,
  recommendation: { ...pick.recommendation, ...changes, updatedAt: now },
});

const EDITS: Record<string, Edit> = {
  reason: editPick((pick, next, now) => touched(pick, now, { reason: `Checked again: ${Math.floor(next() * 1000)}` })),
  rating: editPick((pick, next, now) => touched(pick, now, { rating: 1 + Math.floor(next() * 5) })),
  'tags dropped': editPick((pick, _next, now) => touched(pick, now, { tags: [] })),
  'tag added, new spelling': editPick((pick, next, now) => touched(pick, now, { tags: [...pick.recommendation.tags, next() < 0.5 ? 'KITCHEN' : `new-${Math.floor(next() * 50)}`] })),
  'stock note': editPick((pick, next, now) => touched(pick, now, { stockNote: next() < 0.5 ? null : 'Back in stock' })),
  'picture and price': editPick((pick, next, now) =>
    touched(pick, now, { snapshot: { ...pick.recommendation.snapshot, imageUrl: next() < 0.3 ? null : `https://img.example.com/${Math.floor(next() * 99)}.jpg`, price: { currency: 'CNY', minMinor: 100, maxMinor: 900 } } }),
  ),
  'no partner link': editPick((pick, _next, now) => touched(pick, now, { partnerLink: null })),
  retracted: editPick((pick, _next, now) => touched(pick, now, { deleted: true })),
  expired: editPick((pick, _next, now) => touched(pick, now, { expiresAt: now - 1 })),
  'shop renamed': editPick((pick) => ({ ...pick, product: pick.product && { ...pick.product, shopName: 'Renamed shop' } })),
  'new pick': (input, next) => {
    const [source] = input.picks;
    const id = `new-${Math.floor(next() * 1e6)}`;
    return { ...input, picks: [...input.picks, { ...source!, recommendation: { ...source!.recommendation, id, createdAt: input.now, updatedAt: input.now, deleted: false, expiresAt: null } }] };
  },
  'an hour later': (input) => ({ ...input, now: input.now + 3_600_000 }),
  'a day later': (input) => ({ ...input, now: input.now + DAY }),
  'name and bio': (input, next) => ({ ...input, expert: { ...input.expert, name: `Bench ${Math.floor(next() * 9)}`, bio: next() < 0.5 ? null : 'New bio.' } }),
  avatar: (input) => ({ ...input, expert: { ...input.expert, avatarUrl: input.expert.avatarUrl ? null : 'https://img.example.com/me.png' } }),
  language: (input) => ({ ...input, language: input.language === 'en' ? 'zh' : 'en' }),
  address: (input) => ({ ...input, publicBaseUrl: input.publicBaseUrl?.endsWith('/bench') ? 'https://cdn.example.org/w' : 'https://pub.example.com/bench' }),
  'time zone': (input) => ({ ...input, timeZone: input.timeZone === 'UTC' ? 'Asia/Shanghai' : 'UTC' }),
  feed: (input, next) => ({ ...input, feedText: `{"feed":${Math.floor(next() * 1e6)}}` }),
};

describe('building only the pages whose inputs changed', () => {
  it('gives, after random edits of every kind, byte for byte what a full build gives', { timeout: 120_000 }, async () => {
    const next = random(19);
    const names = Object.keys(EDITS);
    let input = startingWindow(45);
    let module = await freshModule();
    let published = await incremental(module, input, null);
    // Each kind of edit alone once, then random pairs.
    const steps = [...names.map((name) => [name]), ...Array.from({ length: 16 }, () => [0, 1].map(() => names[Math.floor(next() * names.length)]!))];
    for (const [step, applied] of steps.entries()) {
      for (const name of applied) input = EDITS[name]!(input, next);
      // Now and then the service worker starts afresh: no card is kept from before.
      if (next() < 0.2) module = await freshModule();
      published = await incremental(module, input, published);
      const full = await fullBuild(input);
      expect([...published.pages.keys()].sort(), `paths after ${applied.join(', ')}`).toEqual([...full.keys()].sort());
      for (const [path, body] of full) expect(published.pages.get(path)?.body, `${path} after ${applied.join(', ')} (step ${step})`).toBe(body);
    }
  });

  it('builds the edited pick’s page and the pages listing it, not the window', { timeout: 60_000 }, async () => {
    const module = await freshModule();
    const input = startingWindow(200);
    const first = await incremental(module, input, null);
    expect(first.built).toBe(first.pages.size - 1);
    const edited = EDITS.reason!(input, () => 0.5);
    const second = await incremental(module, { ...edited, feedText: '{"feed":1}' }, first);
    // The page of the home list showing the pick, of its store's list, of each of its two or three tags' lists, and its own page.
    expect(second.built).toBeGreaterThanOrEqual(5);
    expect(second.built).toBeLessThanOrEqual(6);
    // The same inputs again: nothing to build.
    expect((await incremental(module, { ...edited, feedText: '{"feed":2}' }, second)).built).toBe(0);
  });
});
