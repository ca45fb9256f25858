import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OverlayApp, type OverlayBackend } from '../../../components/overlay/OverlayApp';
import type { Pick } from '../../../utils/overlay/order-picks';
import type { DetectedProduct } from '../../../utils/product';

const product: DetectedProduct = {
  platform: 'jd',
  productId: '3888216',
  key: 'jd:3888216',
  canonicalUrl: 'https://item.jd.com/3888216.html',
  title: '华为 畅享6',
  price: null,
  imageUrl: null,
  shopName: null,
  storeDomain: 'jd.com',
};

function pick(id: string, expertName: string, link: string | null, followed = false, rating = 4): Pick {
  return {
    expert: {
      id: `expert-${id}`,
      kind: 'feed',
      displayName: expertName,
      bio: '',
      avatarUrl: null,
      feedUrl: null,
      followed,
      followedAt: null,
      feedStatus: { lastFetchedAt: null, lastError: null, etag: null },
      updatedAt: 0,
    },
    recommendation: {
      id,
      expertId: `expert-${id}`,
      productKey: product.key,
      snapshot: { title: product.title, imageUrl: null, price: null },
      reason: 'Solid phone for the price',
      rating,
      stockNote: null,
      tags: [],
      partnerLink: link,
      createdAt: 0,
      updatedAt: 0,
      expiresAt: null,
      deleted: false,
    },
  };
}

function backend(overrides: Partial<OverlayBackend> = {}): OverlayBackend {
  return {
    picks: vi.fn(async () => ({
      ok: true as const,
      value: [pick('a', 'Ann', 'https://u.jd.com/abc', false, 5), pick('evil', 'Eve', 'https://jd.com.evil.example/x'), pick('b', 'Bo', 'https://item.jd.com/3888216.html', true, 3)],
    })),
    productState: vi.fn(async () => ({ ok: true as const, value: { saved: false, inCart: 0 } })),
    toggleSaved: vi.fn(async () => ({ ok: true as const, value: { saved: true } })),
    addToCart: vi.fn(async (_key: string, quantity: number) => ({ ok: true as const, value: { inCart: quantity } })),
    setFollowed: vi.fn(async () => ({ ok: true as const, value: null })),
    openHaowuTab: vi.fn(async () => ({ ok: true as const, value: null })),
    ...overrides,
  };
}

const preferences = { hideOnStore: vi.fn(), collapse: vi.fn() };

afterEach(cleanup);

describe('OverlayApp', () => {
  it('hides picks linking off the partner hosts, and orders followed experts first', async () => {
    const api = backend();
    render(<OverlayApp product={product} language="en" backend={api} preferences={preferences} onClose={vi.fn()} />);
    await waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(2));
    expect(api.picks).toHaveBeenCalledWith(product.key);
    const names = screen.getAllByRole('article').map((card) => card.getAttribute('aria-label'));
    expect(names).toEqual(['Bo', 'Ann']);
    expect(screen.queryByText(/Eve/)).toBeNull();
  });

  it('re-sorts when the shopper follows an expert', async () => {
    const api = backend();
    render(<OverlayApp product={product} language="en" backend={api} preferences={preferences} onClose={vi.fn()} />);
    await screen.findAllByRole('article');
    fireEvent.click(screen.getByRole('button', { name: 'Unfollow Bo' }));
    await waitFor(() => expect(screen.getAllByRole('article').map((card) => card.getAttribute('aria-label'))).toEqual(['Ann', 'Bo']));
    expect(api.setFollowed).toHaveBeenCalledWith('expert-b', false);
  });

  it('shows saved and cart state from the background after an action', async () => {
    const api = backend();
    render(<OverlayApp product={product} language="en" backend={api} preferences={preferences} onClose={vi.fn()} />);
    await screen.findAllByRole('article');
    fireEvent.click(screen.getByRole('button', { name: 'Save this product' }));
    await screen.findByRole('button', { name: 'Saved. Press to remove from saved items' });
    // Saved via the first expert shown (Bo, followed), for the Saved tab.
    expect(api.toggleSaved).toHaveBeenCalledWith(product.key, 'expert-b');
    fireEvent.input(screen.getByLabelText('Quantity'), { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add to cart' }));
    await screen.findByRole('button', { name: 'In cart (2)' });
    // Through Bo's pick, the first listed with a partner link on an allowed host.
    expect(api.addToCart).toHaveBeenCalledWith(product.key, 2, '', 'b');
  });

  it('turns a failure into a message the shopper can read, keeping the page usable', async () => {
    const api = backend({ toggleSaved: vi.fn(async () => ({ ok: false as const, error: { code: 'unavailable' as const, message: 'Haowu could not be reached. Reload the page and try again.' } })) });
    render(<OverlayApp product={product} language="en" backend={api} preferences={preferences} onClose={vi.fn()} />);
    await screen.findAllByRole('article');
    fireEvent.click(screen.getByRole('button', { name: 'Save this product' }));
    expect((await screen.findByRole('alert')).textContent).toContain('could not be reached');
    expect(screen.getByRole('button', { name: 'Save this product' })).toBeTruthy();
  });

  it('shows what the launcher loaded at once, refreshes it, and reports every change back', async () => {
    const api = backend();
    const onStateChange = vi.fn();
    const initial = { picks: [pick('a', 'Ann', 'https://u.jd.com/abc', false, 5)], saved: true, inCart: 1, error: null };
    render(<OverlayApp product={product} language="en" backend={api} preferences={preferences} onClose={vi.fn()} initial={initial} onStateChange={onStateChange} />);
    // Before the background answers: the launcher's state, not "Loading…".
    expect(screen.getAllByRole('article').map((card) => card.getAttribute('aria-label'))).toEqual(['Ann']);
    expect(screen.getByRole('button', { name: 'In cart (1)' })).toBeTruthy();
    await waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(2));
    await waitFor(() => expect(onStateChange).toHaveBeenLastCalledWith(expect.objectContaining({ saved: false, inCart: 0 })));
    expect(onStateChange.mock.lastCall![0].picks.map((p: { expert: { displayName: string } }) => p.expert.displayName)).toEqual(['Bo', 'Ann']);
  });
});
