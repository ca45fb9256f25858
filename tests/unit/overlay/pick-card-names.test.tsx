import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../../components/I18n';
import { PickCard } from '../../../components/overlay/PickCard';
import { OVERLAY_STRINGS } from '../../../utils/i18n/overlay-strings';
import { expert, recommendation } from '../db/records';

/*
 * Issue 15, impersonation: a right-to-left override at the end of an expert's name turned the
 * commission disclosure after it into reversed text. The name is cleaned, and isolated in a <bdi>
 * wherever it is drawn, inside the sentence too; the key's short fingerprint is shown, and the
 * verified mark only for a feed this browser verified.
 */

afterEach(cleanup);

const ID = 'ed25519:d052bfcfed28308bfabff97096162f15';
const VERIFIED = { lastFetchedAt: 5000, lastError: null, etag: null };

function card(overrides: Parameters<typeof expert>[0], language: 'en' | 'zh' = 'en') {
  return render(
    <I18nProvider language={language} strings={OVERLAY_STRINGS}>
      <PickCard pick={{ recommendation: recommendation(), expert: expert({ id: ID, feedStatus: VERIFIED, ...overrides }) }} priceNow={null} plainUrl="https://detail.tmall.com/item.htm?id=600001" onToggleFollow={() => undefined} />
    </I18nProvider>,
  );
}

describe('PickCard: who the expert is', () => {
  it('a name ending in U+202E cannot reverse the disclosure: it is cleaned and isolated in <bdi> inside the sentence', () => {
    const { container } = card({ displayName: 'Mei\u202E' });
    const disclosure = container.querySelector('.hw-disclosure')!;
    expect(disclosure.textContent).toBe('This link may earn Mei a commission. It costs you nothing extra.');
    expect(disclosure.textContent).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    // The name sits in its own <bdi>; the sentence's words are outside it.
    const bdi = disclosure.querySelector('bdi');
    expect(bdi?.textContent).toBe('Mei');
    expect(disclosure.firstChild?.textContent).toBe('This link may earn ');
    const buy = screen.getByRole('link', { name: 'Buy via Mei' });
    expect(buy.querySelector('bdi')?.textContent).toBe('Mei');
    // Every drawn copy of the name is isolated.
    const names = [...container.querySelectorAll('bdi')].map((node) => node.textContent);
    expect(names).toEqual(['Mei', 'Mei', 'Mei']);
    expect(container.textContent).not.toContain('\u202E');
  });

  it('a right-to-left name stays inside its <bdi> in Chinese too', () => {
    const { container } = card({ displayName: 'محمد' }, 'zh');
    const disclosure = container.querySelector('.hw-disclosure')!;
    expect(disclosure.querySelector('bdi')?.textContent).toBe('محمد');
    expect(disclosure.textContent).toMatch(/^此链接可能为\s?محمد\s?带来佣金/);
  });

  it('shows the key’s short fingerprint, the whole id on hover', () => {
    card({ displayName: 'Mei' });
    const key = screen.getByText('Key ed25519:d052…2f15');
    expect(key.getAttribute('title')).toContain(ID);
  });

  it('the verified mark only for a feed verified in this browser; restored from a backup, “Not verified here”', () => {
    card({ displayName: 'Mei' });
    expect(screen.getByLabelText('Signed feed verified in this browser').textContent).toBe('✓');
    expect(screen.queryByText('Not verified here')).toBeNull();
    cleanup();
    card({ displayName: 'Mei ✓ official', feedStatus: { lastFetchedAt: null, lastError: null, etag: null } });
    expect(screen.queryByLabelText('Signed feed verified in this browser')).toBeNull();
    expect(screen.getByText('Not verified here')).toBeTruthy();
    cleanup();
    card({ displayName: 'Mei', feedStatus: { lastFetchedAt: null, lastError: null, etag: null } }, 'zh');
    expect(screen.getByText('尚未在此验证')).toBeTruthy();
  });
});
