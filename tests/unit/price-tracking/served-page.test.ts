import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkableInBackground } from '../../../utils/price-tracking/checkable';
import { readServedPage, slimServedPage } from '../../../utils/price-tracking/served-page';
import { explainDetection } from '../../../utils/detect-product';

const PAGES = join(__dirname, '../../fixtures/pages');

describe('reading a served page in the background', () => {
  const pages = readdirSync(PAGES)
    .filter((file) => file.endsWith('.html'))
    .map((file) => ({ file, sidecar: JSON.parse(readFileSync(join(PAGES, file.replace(/\.html$/, '.json')), 'utf8')) as { url: string; expected: { platform: string } | null } }))
    .filter(({ sidecar }) => sidecar.expected && checkableInBackground(sidecar.expected.platform as never));

  it('covers the saved pages of every store checked in the background', () => {
    expect(new Set(pages.map(({ sidecar }) => sidecar.expected!.platform))).toEqual(new Set(['amazon', 'site']));
  });

  it.each(pages.map((page) => [page.file, page] as const))('%s reads the same with scripts, styles and comments left out', (_file, { file, sidecar }) => {
    const html = readFileSync(join(PAGES, file), 'utf8');
    const full = explainDetection(new DOMParser().parseFromString(html, 'text/html'), new URL(sidecar.url), { amazon: true, otherSites: true });
    expect(full.product).not.toBeNull();
    expect(readServedPage(html, sidecar.url)).toEqual(full);
  });

  it('keeps JSON-LD and drops other scripts, styles and comments', () => {
    const slim = slimServedPage('<script>var a = "<b>";</script><script type="application/ld+json">{"@type":"Product"}</script><style>p{}</style><!-- x --><p>kept</p>');
    expect(slim).toBe('<script type="application/ld+json">{"@type":"Product"}</script><p>kept</p>');
  });
});
