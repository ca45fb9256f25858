import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../../components/I18n';
import { FollowPreviewCard, type FollowablePreview } from '../../../components/popup/FollowPreview';
import { POPUP_STRINGS } from '../../../utils/i18n/popup-strings';

/* Issue 15, impersonation: the preview says why a name deserves a second look, in English and Chinese. */

afterEach(cleanup);

const MEI = 'ed25519:d052bfcfed28308bfabff97096162f15';
const NEW = 'ed25519:aaaabbbbccccddddeeeeffff00001111';

const preview: FollowablePreview = {
  kind: 'feed',
  url: 'https://impostor.example/feed.json',
  pageUrl: null,
  announced: 0,
  expert: {
    id: NEW,
    name: 'Меі ✓',
    bio: null,
    window: null,
    picks: 1,
    stores: ['tmall'],
    followed: false,
    warnings: [{ code: 'looks-like', expertId: MEI, name: 'Mei' }, { code: 'claims-verified' }],
  },
  summary: '1 recommendation accepted',
  summaryInfo: { total: 1, accepted: 1, skipped: 0, reasons: [], retractions: 0, skippedRetractions: 0, retractionReasons: [] },
};

function show(language: 'en' | 'zh') {
  return render(
    <I18nProvider language={language} strings={POPUP_STRINGS}>
      <FollowPreviewCard preview={preview} busy={false} onFollow={() => undefined} onCancel={() => undefined} />
    </I18nProvider>,
  );
}

describe('FollowPreviewCard: name warnings', () => {
  it('names the followed look-alike with its key, and the claimed verification', () => {
    const { container } = show('en');
    const [looksLike, claims] = [...container.querySelectorAll('.name-warning')];
    expect(looksLike?.textContent).toBe('Looks like Mei (ed25519:d052…2f15), whom you follow under another key. A look-alike name is a common way to pose as someone: check the key.');
    expect(looksLike?.querySelector('bdi')?.textContent).toBe('Mei');
    expect(claims?.textContent).toMatch(/claims to be verified or official/);
    // The new expert's own name is isolated, and its key shown.
    expect(container.querySelector('.expert__name bdi')?.textContent).toBe('Меі ✓');
    expect(screen.getByText(/signed by ed25519:aaaa…1111/)).toBeTruthy();
  });

  it('in Chinese', () => {
    const { container } = show('zh');
    const texts = [...container.querySelectorAll('.name-warning')].map((node) => node.textContent);
    // (Spaces around a name in Chinese are the string table's choice: not what is tested here.)
    expect(texts[0]).toMatch(/与你关注的\s?Mei（ed25519:d052…2f15）看起来很像/);
    expect(texts[1]).toContain('好物从不认证名字');
  });
});
