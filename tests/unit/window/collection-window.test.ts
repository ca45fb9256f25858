import { describe, expect, it } from 'vitest';
import { buildCollection } from '../../../utils/feed/collection';
import { fingerprint, signFeed } from '../../../utils/feed/crypto';
import type { FeedEnvelope, FeedExpert } from '../../../utils/feed/schema';
import { buildCollectionWindow, type CollectionWindowInput } from '../../../utils/window/collection-window';
import { qrMatrix, qrPath } from '../../../utils/expert/qr';
import { newExpert, recommendation, type Expert } from '../feed/helpers';
import { DAY, NOW, fileAt, parsePage, textAt } from './fixtures';

const BASE = 'https://win.example/starter/';

async function feedOf(expert: Expert, profile: Omit<FeedExpert, 'publicKey'>, picks: number, expired = 0): Promise<FeedEnvelope> {
  const live = Array.from({ length: picks }, (_, i) => recommendation(`live-${i}`));
  const old = Array.from({ length: expired }, (_, i) =>
    recommendation(`old-${i}`, { expiresAt: new Date(NOW - DAY).toISOString(), createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z' }),
  );
  return signFeed(
    { expert: { publicKey: expert.publicKey, ...profile }, publishedAt: '2025-05-01T00:00:00.000Z', recommendations: [...live, ...old], retractions: [] },
    expert.keyPair.privateKey,
  );
}

async function collectionText() {
  const mei = await newExpert();
  const wang = await newExpert();
  const meiFeed = await feedOf(mei, { name: '小美 Mei', bio: 'Phones and desk gear.', avatarUrl: 'https://avatars.example.com/mei.png', homepage: 'https://mei.example/' }, 3, 2);
  const wangFeed = await feedOf(wang, { name: '老王 <b>Wang</b>' }, 1);
  // A forged copy: Wang's feed with a changed name in the signed payload.
  const forged = { ...wangFeed, payload: wangFeed.payload.replace('老王', 'Forger') };
  const collection = buildCollection({ name: 'Starter pack', description: 'Two experts to begin with.', curator: 'Haowu demo' }, [meiFeed, forged, wangFeed]);
  return { text: `${JSON.stringify(collection, null, 2)}\n`, meiId: await fingerprint(mei.publicKey), wangId: await fingerprint(wang.publicKey) };
}

const build = (overrides: Partial<CollectionWindowInput> & { collectionText: string }) =>
  buildCollectionWindow({ language: 'en', publicBaseUrl: BASE, now: NOW, timeZone: 'UTC', ...overrides }).then((window) => window.files);

describe('the collection window', () => {
  it('presents every expert whose feed verifies, with fingerprint, bio and live picks, and never a forged one', async () => {
    const { text, meiId, wangId } = await collectionText();
    const files = await build({ collectionText: text });
    const doc = parsePage(textAt(files, 'index.html'));
    expect(doc.querySelector('h1')?.textContent).toBe('Starter pack');
    expect(doc.querySelector('header .sub')?.textContent).toBe('Collected by Haowu demo');
    expect(doc.querySelector('.bio')?.textContent).toBe('Two experts to begin with.');

    const experts = [...doc.querySelectorAll('article.expert')];
    expect(experts.map((e) => e.querySelector('h3')?.textContent)).toEqual(['小美 Mei', '老王 <b>Wang</b>']);
    expect(doc.body.textContent).not.toContain('Forger');
    expect(doc.querySelector('h3 b')).toBeNull();
    const [mei, wang] = experts;
    expect(mei?.id).toBe(`expert-${meiId.slice('ed25519:'.length)}`);
    expect(mei?.querySelector('.fp')?.textContent).toBe(`Expert id ${meiId.slice(0, 12)}…${meiId.slice(-4)}`);
    expect(mei?.querySelector('.fp span')?.getAttribute('title')).toBe(meiId);
    expect(mei?.textContent).toContain('3 picks'); // the two expired ones are not counted
    expect(wang?.textContent).toContain('1 pick');
    expect(wang?.querySelector('.fp span')?.getAttribute('title')).toBe(wangId);
    expect(mei?.querySelector('.bio')?.getAttribute('dir')).toBe('auto');
    expect(mei?.querySelector('img.avatar')?.getAttribute('src')).toBe('https://avatars.example.com/mei.png');
    expect(mei?.querySelector('a[href="https://mei.example/"]')?.textContent).toBe('Homepage');
  });

  it('links each expert’s feed address when it is known, https only', async () => {
    const { text, meiId, wangId } = await collectionText();
    const files = await build({ collectionText: text, feedAddresses: { [meiId]: 'https://feeds.example/mei.json', [wangId]: 'javascript:alert(1)' } });
    const [mei, wang] = [...parsePage(textAt(files, 'index.html')).querySelectorAll('article.expert')];
    expect(mei?.querySelector('a[href="https://feeds.example/mei.json"]')?.textContent).toBe('Feed address');
    expect(wang?.querySelectorAll('a').length).toBe(0);
  });

  it('writes the collection unchanged as collection.json and announces it on the page', async () => {
    const { text } = await collectionText();
    const files = await build({ collectionText: text });
    expect(files.map((f) => f.path)).toEqual(['index.html', 'collection.json']);
    expect(fileAt(files, 'collection.json')).toEqual({ path: 'collection.json', contentType: 'application/json', cacheControl: 'public, max-age=300, no-transform', body: text });
    const doc = parsePage(textAt(files, 'index.html'));
    const alternate = doc.querySelector('link[rel="alternate"]');
    expect(alternate?.getAttribute('type')).toBe('application/vnd.haowu.collection+json');
    expect(alternate?.getAttribute('href')).toBe('collection.json');
    expect(doc.querySelector('.follow a[href="collection.json"]')?.textContent).toBe(`${BASE}collection.json`);
    expect(doc.querySelector('.follow svg.qr path')?.getAttribute('d')).toBe(qrPath(qrMatrix(`${BASE}index.html`)!));
  });

  it('is a page like the expert’s: CSP, no script, no referrer, previews, the chosen language', async () => {
    const { text } = await collectionText();
    const doc = parsePage(textAt(await build({ collectionText: text, language: 'zh', publicBaseUrl: null }), 'index.html'));
    expect(doc.documentElement.getAttribute('lang')).toBe('zh-CN');
    expect(doc.querySelectorAll('script').length).toBe(0);
    expect(doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content')).toMatch(/^default-src 'none'; img-src https: data:; style-src 'sha256-/);
    expect(doc.querySelector('meta[name="referrer"]')?.getAttribute('content')).toBe('no-referrer');
    expect(doc.querySelector('meta[property="og:title"]')?.getAttribute('content')).toBe('Starter pack：达人合集');
    expect(doc.querySelector('meta[property="og:image"]')?.getAttribute('content')).toBe('https://avatars.example.com/mei.png');
    expect(doc.querySelector('header .sub')?.textContent).toBe('由Haowu demo整理');
    expect(doc.querySelector('svg')).toBeNull();
  });

  it('refuses a file that is not a collection', async () => {
    await expect(build({ collectionText: '{"format":"haowu-feed","version":1}' })).rejects.toThrow(/single expert’s feed/);
    await expect(build({ collectionText: 'not json' })).rejects.toThrow();
  });
});
