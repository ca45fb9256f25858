import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/I18n';
import { OVERLAY_STRINGS } from '../../../utils/i18n/overlay-strings';
import { Overlay, type OverlayActions, type OverlayState } from '../../../components/overlay/Overlay';
import type { ExpertRecord, RecommendationRecord } from '../../../utils/db/schema';
import type { ShownPick as Pick } from '../../../utils/overlay/page-view';
import type { DetectedProduct } from '../../../utils/product';

const product: DetectedProduct = {
  platform: 'tmall',
  productId: '605258110430',
  key: 'tmall:605258110430',
  canonicalUrl: 'https://detail.tmall.com/item.htm?id=605258110430',
  title: 'Apple iPhone 11',
  price: { currency: 'CNY', minMinor: 499900, maxMinor: 499900 },
  imageUrl: null,
  shopName: '苏宁易购官方旗舰店',
  storeDomain: 'tmall.com',
};

function makePick(overrides: Partial<RecommendationRecord> = {}, expertOverrides: Partial<ExpertRecord> = {}): Pick {
  const expert: ExpertRecord = {
    id: 'ed25519:abc',
    kind: 'feed',
    displayName: 'Mei Lin',
    bio: '',
    avatarUrl: null,
    feedUrl: 'https://feeds.example/mei.json',
    followed: false,
    followedAt: null,
    // Verified in this browser (utils/expert/verified.ts): the card shows the verified mark.
    feedStatus: { lastFetchedAt: 1000, lastError: null, etag: null },
    updatedAt: 0,
    ...expertOverrides,
  };
  const recommendation: RecommendationRecord = {
    id: 'r1',
    expertId: expert.id,
    productKey: product.key,
    snapshot: { title: product.title, imageUrl: null, price: { currency: 'CNY', minMinor: 549900, maxMinor: 549900 } },
    reason: 'Battery lasts two days <b>really</b>',
    rating: 4,
    stockNote: 'Black sells out fast',
    tags: ['phone', 'value'],
    partnerLink: 'https://s.click.taobao.com/t?e=abc',
    createdAt: Date.UTC(2026, 0, 5),
    updatedAt: Date.UTC(2026, 0, 5),
    expiresAt: null,
    deleted: false,
    ...overrides,
  };
  return { recommendation, expert };
}

function actions(): OverlayActions {
  return {
    toggleSaved: vi.fn(async () => {}),
    addToCart: vi.fn(async () => {}),
    setFollow: vi.fn(async () => {}),
    openHaowu: vi.fn(async () => {}),
    hideOnStore: vi.fn(),
    collapse: vi.fn(),
    dismissError: vi.fn(),
  };
}

function show(state: Partial<OverlayState>, overlayActions = actions(), onClose = vi.fn()) {
  const full: OverlayState = { picks: [], saved: false, inCart: 0, error: null, ...state };
  const view = render(
    <I18nProvider language="en" strings={OVERLAY_STRINGS}>
      <Overlay product={product} state={full} actions={overlayActions} storeName="Tmall" onClose={onClose} />
    </I18nProvider>,
  );
  return { view, overlayActions, onClose };
}

afterEach(cleanup);

describe('Overlay', () => {
  it('is a labelled dialog that takes focus, and closes on Escape and on its close button', async () => {
    const { onClose } = show({ picks: [makePick(), makePick({ id: 'r2' }, { id: 'e2', displayName: 'Bo' })] });
    const dialog = screen.getByRole('dialog', { name: 'Haowu on this product' });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close Haowu' })));
    expect(screen.getAllByRole('article')).toHaveLength(2);
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledOnce();
    // Escape also closes it when focus has gone back to the store's page.
    fireEvent.keyDown(document.body, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(2);
    fireEvent.click(screen.getByRole('button', { name: 'Close Haowu' }));
    expect(onClose).toHaveBeenCalledTimes(3);
  });

  it('renders a card with feed text as text, the price change, the disclosed buy link and a plain link', () => {
    show({ picks: [makePick()] });
    const card = screen.getByRole('article', { name: 'Mei Lin' });
    expect(card.textContent).toContain('Battery lasts two days <b>really</b>');
    expect(card.querySelector('b')).toBeNull();
    expect(card.textContent).toContain('When recommended: CN¥5,499.00');
    expect(card.textContent).toContain('Today: CN¥4,999.00');
    expect(card.textContent).toContain('down 9%');
    expect(card.textContent).toContain('Stock: Black sells out fast');
    const buy = screen.getByRole('link', { name: 'Buy via Mei Lin' });
    expect(buy.getAttribute('href')).toBe('https://s.click.taobao.com/t?e=abc');
    expect(buy.getAttribute('target')).toBe('_blank');
    expect(buy.getAttribute('rel')).toContain('noopener');
    expect(card.textContent).toContain('This link may earn Mei Lin a commission');
    expect(screen.getByRole('link', { name: 'Open the store page without the link' }).getAttribute('href')).toBe(product.canonicalUrl);
    expect(screen.getByRole('img', { name: 'Rated 4 out of 5' })).toBeTruthy();
    expect(screen.getByLabelText('Signed feed verified in this browser')).toBeTruthy();
  });

  it('offers only picks with a partner link, and not the shopper’s own, as the way through', () => {
    show({
      picks: [
        makePick({ id: 'mine' }, { id: 'me', kind: 'local', displayName: 'Me' }),
        makePick({ id: 'nolink', partnerLink: null }, { id: 'e2', displayName: 'No Link' }),
        makePick({ id: 'r3' }, { id: 'e3', displayName: 'Bo' }),
      ],
    });
    const options = [...(screen.getByLabelText('Through') as HTMLSelectElement).options].map((option) => option.textContent);
    expect(options).toEqual(['Bo', 'No expert (store page)']);
  });

  it('renders a card with only the required fields', () => {
    show({ picks: [makePick({ stockNote: null, tags: [], partnerLink: null, snapshot: { title: 't', imageUrl: null, price: null } })] });
    const card = screen.getByRole('article', { name: 'Mei Lin' });
    expect(card.textContent).not.toContain('Stock:');
    expect(screen.queryByRole('link', { name: /Buy via/ })).toBeNull();
  });

  it('falls back to initials when the avatar fails to load', () => {
    const avatarUrl = 'https://img.example/broken.png';
    // The stored copy is drawn, never the address (tests/unit/overlay/avatar.test.tsx); a page may still refuse it.
    show({ picks: [makePick({}, { avatarUrl, avatarCopy: { sourceUrl: avatarUrl, dataUrl: `data:image/png;base64,${btoa('\x89PNG\r\n\x1a\n\0\0\0\rIHDR')}`, fetchedAt: 0 } })] });
    const image = screen.getByRole('article').querySelector('img')!;
    fireEvent.error(image);
    expect(screen.getByRole('article').querySelector('img')).toBeNull();
    expect(screen.getByRole('article').textContent).toContain('ML');
  });

  it('follows, saves and adds to cart with the chosen quantity and variant', async () => {
    const { overlayActions } = show({ picks: [makePick()] });
    fireEvent.click(screen.getByRole('button', { name: 'Follow Mei Lin' }));
    await waitFor(() => expect(overlayActions.setFollow).toHaveBeenCalledWith('ed25519:abc', true));
    fireEvent.click(screen.getByRole('button', { name: 'Save this product' }));
    await waitFor(() => expect(overlayActions.toggleSaved).toHaveBeenCalledOnce());
    fireEvent.input(screen.getByLabelText('Quantity'), { target: { value: '3' } });
    fireEvent.input(screen.getByLabelText('Variant or size (optional)'), { target: { value: ' 128GB black ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add to cart' }));
    // The line goes through the first listed pick unless the shopper chooses otherwise.
    await waitFor(() => expect(overlayActions.addToCart).toHaveBeenCalledWith(3, '128GB black', 'r1'));
    fireEvent.change(screen.getByLabelText('Through'), { target: { value: '' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add to cart' }));
    await waitFor(() => expect(overlayActions.addToCart).toHaveBeenLastCalledWith(3, '128GB black', null));
  });

  it('shows an error as an alert that can be dismissed', () => {
    const { overlayActions } = show({ picks: [], error: 'Haowu could not reach its background page.' });
    expect(screen.getByRole('alert').textContent).toContain('could not reach');
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(overlayActions.dismissError).toHaveBeenCalledOnce();
  });

  it('speaks Chinese when the language is zh', () => {
    render(
      <I18nProvider language="zh" strings={OVERLAY_STRINGS}>
        <Overlay product={product} state={{ picks: [makePick()], saved: true, inCart: 2, error: null }} actions={actions()} storeName="天猫" onClose={vi.fn()} />
      </I18nProvider>,
    );
    expect(screen.getByRole('dialog', { name: '好物 · 本商品' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '已收藏，点按取消收藏' })).toBeTruthy();
    expect(screen.getByRole('link', { name: /Mei Lin/ }).textContent).toBe('通过Mei Lin购买');
    expect(screen.getByRole('button', { name: '已在购物车（2）' })).toBeTruthy();
  });
});
