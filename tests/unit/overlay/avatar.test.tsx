import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/I18n';
import { Avatar } from '../../../components/overlay/Avatar';
import { PickCard } from '../../../components/overlay/PickCard';
import type { ExpertRecord, RecommendationRecord } from '../../../utils/db/schema';
import { OVERLAY_STRINGS } from '../../../utils/i18n/overlay-strings';
import { pngDataUrl, webpDataUrl } from '../avatar/images';

const AVATAR = 'https://img.example/mei.png';

afterEach(cleanup);

/** Every attribute value in the rendered tree: where an address would be if anything loaded one. */
const attributeValues = (root: Element) => [root, ...root.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.value));

function expert(overrides: Partial<ExpertRecord> = {}): ExpertRecord {
  return {
    id: 'ed25519:abc',
    kind: 'feed',
    displayName: 'Mei Lin',
    bio: '',
    avatarUrl: AVATAR,
    feedUrl: 'https://feeds.example/mei.json',
    followed: false,
    followedAt: null,
    feedStatus: { lastFetchedAt: null, lastError: null, etag: null },
    updatedAt: 0,
    ...overrides,
  };
}

const copy = (dataUrl: string | null, sourceUrl = AVATAR) => ({ avatarCopy: { sourceUrl, dataUrl, fetchedAt: 1 } });

describe('Avatar (overlay panel)', () => {
  it('shows the stored copy as a data URL', () => {
    const { container } = render(<Avatar name="Mei Lin" expert={expert(copy(webpDataUrl()))} />);
    const image = container.querySelector('img')!;
    expect(image.getAttribute('src')).toBe(webpDataUrl());
    expect(image.getAttribute('alt')).toBe('');
  });

  it('never uses the avatar address: without a copy, with a failed copy or a copy of another address, it shows initials', () => {
    for (const fields of [{}, copy(null), copy(pngDataUrl(), 'https://img.example/old.png'), { avatarUrl: null, ...copy(pngDataUrl()) }]) {
      const { container, unmount } = render(<Avatar name="Mei Lin" expert={expert(fields)} />);
      expect(container.querySelector('img')).toBeNull();
      expect(container.textContent).toBe('ML');
      expect(attributeValues(container).join(' ')).not.toContain('img.example');
      unmount();
    }
  });

  it('never draws a stored value that is not a PNG or WebP data URL', () => {
    for (const dataUrl of [AVATAR, 'http://img.example/a.png', 'javascript:alert(1)', 'data:image/svg+xml;base64,PHN2Zy8+']) {
      const { container, unmount } = render(<Avatar name="Mei Lin" expert={expert(copy(dataUrl))} />);
      expect(container.querySelector('img'), dataUrl).toBeNull();
      unmount();
    }
  });

  it('falls back to initials when the page refuses to draw the copy (a CSP without data: images)', () => {
    const { container } = render(<Avatar name="Mei Lin" expert={expert(copy(webpDataUrl()))} />);
    fireEvent.error(container.querySelector('img')!);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toBe('ML');
  });
});

describe('PickCard', () => {
  const recommendation: RecommendationRecord = {
    id: 'r1',
    expertId: 'ed25519:abc',
    productKey: 'tmall:605258110430',
    snapshot: { title: 'Cup', imageUrl: null, price: null },
    reason: 'Keeps tea hot all day.',
    rating: 4,
    stockNote: null,
    tags: [],
    partnerLink: null,
    createdAt: 0,
    updatedAt: 0,
    expiresAt: null,
    deleted: false,
  };
  const card = (fields: Partial<ExpertRecord>) =>
    render(
      <I18nProvider language="en" strings={OVERLAY_STRINGS}>
        <PickCard pick={{ recommendation, expert: expert(fields) }} priceNow={null} plainUrl="https://detail.tmall.com/item.htm?id=605258110430" onToggleFollow={vi.fn()} />
      </I18nProvider>,
    );

  it('shows the expert’s stored copy, and nothing anywhere in the card names the avatar address', () => {
    const { container } = card(copy(webpDataUrl()));
    expect(container.querySelector('img.hw-avatar')?.getAttribute('src')).toBe(webpDataUrl());
    expect(attributeValues(container).join(' ')).not.toContain(AVATAR);
  });

  it('shows initials when the avatar has no copy yet', () => {
    const { container } = card({});
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('.hw-avatar--initials')?.textContent).toBe('ML');
    expect(attributeValues(container).join(' ')).not.toContain(AVATAR);
  });
});
