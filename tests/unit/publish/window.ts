import { fingerprint, signFeed } from '../../../utils/feed/crypto';
import { encodeFeedForDownload } from '../../../utils/feed/publish';
import type { WindowFile } from '../../../utils/publish/window-files';
import { newExpert, payloadFor, recommendation, type Expert } from '../feed/helpers';

export interface TestExpert extends Expert {
  expertId: string;
}

export async function testExpert(): Promise<TestExpert> {
  const expert = await newExpert();
  return { ...expert, expertId: await fingerprint(expert.publicKey) };
}

/** The signed feed file of `expert`, published at `publishedAt`. */
export async function feedText(expert: Expert, publishedAt: string, picks = 2): Promise<string> {
  const recommendations = Array.from({ length: picks }, (_, i) => recommendation(`pick-${i}`));
  const envelope = await signFeed({ ...payloadFor(expert, recommendations), publishedAt }, expert.keyPair.privateKey);
  return encodeFeedForDownload(envelope);
}

const page = (title: string) => `<!doctype html><html lang="en"><meta charset="utf-8"><title>${title}</title><p>${title}</p></html>`;

/**
 * A window as the builder makes it: index.html, store/ and tag/ pages, one page per pick in p/, and
 * feed.json, with the builder's content types and cache headers.
 */
export async function testWindow(expert: Expert, publishedAt: string, { pages = 6 }: { pages?: number } = {}): Promise<WindowFile[]> {
  const html = (path: string, title: string): WindowFile => ({ path, contentType: 'text/html; charset=utf-8', cacheControl: 'public, max-age=600', body: page(`${title} ${publishedAt}`) });
  return [
    html('index.html', 'Home'),
    html('store/tmall.html', 'Tmall'),
    html('tag/kitchen.html', 'Kitchen'),
    ...Array.from({ length: pages }, (_, i) => html(`p/pick-${i}.html`, `Pick ${i}`)),
    { path: 'feed.json', contentType: 'application/json', cacheControl: 'public, max-age=300, no-transform', body: await feedText(expert, publishedAt) },
  ];
}

/**
 * `window` published again at `publishedAt` after an edit, as the deterministic builder makes it:
 * index.html changed, `leaves` gone, a new pick's page `joins`, a new feed; every other file has the
 * same bytes as before.
 */
export async function editedWindow(expert: Expert, window: readonly WindowFile[], publishedAt: string, { leaves, joins }: { leaves: string; joins: string }): Promise<WindowFile[]> {
  const kept = window.filter((file) => file.path !== 'feed.json' && file.path !== leaves).map((file) => (file.path === 'index.html' ? { ...file, body: page(`Home ${publishedAt}`) } : file));
  const template = window.find((file) => file.path === 'index.html')!;
  return [...kept, { ...template, path: joins, body: page(`Joined ${publishedAt}`) }, { ...window.find((file) => file.path === 'feed.json')!, body: await feedText(expert, publishedAt) }];
}
