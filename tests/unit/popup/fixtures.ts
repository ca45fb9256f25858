import { vi } from 'vitest';
import type { CheckoutLine } from '../../../utils/db/checkout';
import type { SavedWithContext } from '../../../utils/db/saved';
import type { CartRecord, ExpertRecord, ProductRecord, RecommendationRecord } from '../../../utils/db/schema';
import type { MessageName, Values } from '../../../utils/messaging/protocol';
import type { Result } from '../../../utils/messaging/result';
import { AFTER_PAINT_FALLBACK_MS } from '../../../utils/popup/after-paint';

export const cny = (yuan: number) => ({ currency: 'CNY', minMinor: yuan * 100, maxMinor: yuan * 100 });

export function product(key: string, overrides: Partial<ProductRecord> = {}): ProductRecord {
  const [platform, productId] = key.split(':') as [ProductRecord['platform'], string];
  return {
    key,
    platform,
    productId,
    canonicalUrl: platform === 'jd' ? `https://item.jd.com/${productId}.html` : `https://detail.tmall.com/item.htm?id=${productId}`,
    title: `Product ${productId}`,
    imageUrl: null,
    shopName: null,
    storeDomain: platform === 'jd' ? 'jd.com' : 'tmall.com',
    lastPrice: null,
    priceHistory: [],
    firstSeenAt: 0,
    lastSeenAt: 0,
    updatedAt: 0,
    ...overrides,
  };
}

export function expert(overrides: Partial<ExpertRecord> = {}): ExpertRecord {
  return {
    id: 'fp-mei',
    kind: 'feed',
    displayName: 'Mei Lin',
    bio: 'Phones and tea',
    avatarUrl: null,
    feedUrl: 'https://feeds.example/mei.json',
    followed: true,
    followedAt: 1000,
    feedStatus: { lastFetchedAt: null, lastError: null, etag: null },
    updatedAt: 1000,
    ...overrides,
  };
}

export function saved(key: string, savedAt: number, productOverrides: Partial<ProductRecord> | null = {}, via: ExpertRecord | null = null): SavedWithContext {
  return {
    saved: { productKey: key, savedAt, note: '', viaExpertId: via?.id ?? null, updatedAt: savedAt },
    product: productOverrides === null ? null : product(key, productOverrides),
    expert: via,
  };
}

export function pick(productKey: string, overrides: Partial<RecommendationRecord> = {}): RecommendationRecord {
  return {
    id: `rec-${productKey}`,
    expertId: 'fp-mei',
    productKey,
    snapshot: { title: 'Snapshot', imageUrl: null, price: null },
    reason: '',
    rating: 4,
    stockNote: null,
    tags: [],
    partnerLink: 'https://s.click.taobao.com/t?e=abc',
    createdAt: 0,
    updatedAt: 0,
    expiresAt: null,
    deleted: false,
    ...overrides,
  };
}

export function cartLine(key: string, store: string, quantity: number, addedAt: number, productOverrides: Partial<ProductRecord> | null = {}, via: RecommendationRecord | null = null): CheckoutLine {
  const line: CartRecord = { productKey: key, variant: '', store, quantity, addedAt, viaRecommendationId: via?.id ?? null, updatedAt: addedAt };
  return { line, product: productOverrides === null ? null : product(key, productOverrides), recommendation: via, expert: via ? expert() : null };
}

type Handler<M extends MessageName> = (data: unknown) => Result<Values[M]> | Promise<Result<Values[M]>>;
export type Handlers = { [M in MessageName]?: Handler<M> };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const failure = (message: string, code: 'not-found' | 'internal' | 'unavailable' | 'invalid-backup' = 'internal'): Result<never> => ({ ok: false, error: { code, message } });

/**
 * A stand-in for `request()` answering from per-message handlers with realistic Results; a message
 * without a handler fails the way an unreachable background does, so a test notices it.
 */
export function fakeRequest(handlers: Handlers) {
  return vi.fn(async (name: MessageName, data: unknown) => {
    const handler = handlers[name] as Handler<MessageName> | undefined;
    return handler ? handler(data) : failure(`no handler for ${name} in this test`, 'unavailable');
  });
}

/** Frames drawn only when the test says (their callbacks are kept), and no fallback for a hidden tab's missing frames. */
export function holdFrames() {
  const frames: FrameRequestCallback[] = [];
  const frame = vi.spyOn(window, 'requestAnimationFrame').mockImplementation((callback) => frames.push(callback));
  const realSetTimeout = window.setTimeout;
  const timeout = vi.spyOn(window, 'setTimeout').mockImplementation(((handler: () => void, ms?: number) => (ms === AFTER_PAINT_FALLBACK_MS ? 0 : realSetTimeout(handler, ms))) as typeof setTimeout);
  return {
    frames,
    restore: () => {
      frame.mockRestore();
      timeout.mockRestore();
    },
  };
}
