import { exportPublicKey, generateExpertKeyPair, signFeed } from '../../../utils/feed/crypto';
import type { FeedEnvelope, FeedPayload, FeedRecommendation } from '../../../utils/feed/schema';

/** A valid Tmall recommendation; override any field. */
export function recommendation(id: string, overrides: Partial<FeedRecommendation> = {}): FeedRecommendation {
  return {
    id,
    product: {
      key: 'tmall:605258110430',
      platform: 'tmall',
      productId: '605258110430',
      url: 'https://detail.tmall.com/item.htm?id=605258110430',
      title: '保温杯 500ml',
      price: { currency: 'CNY', minMinor: 9900, maxMinor: 12900 },
      shopName: '某某旗舰店',
    },
    reason: 'Keeps tea hot for a whole working day; the lid does not leak.',
    rating: 5,
    tags: ['kitchen'],
    partnerLink: 'https://s.click.taobao.com/t?e=abc',
    createdAt: '2025-01-01T08:00:00.000Z',
    updatedAt: '2025-01-02T08:00:00.000Z',
    ...overrides,
  };
}

export interface Expert {
  keyPair: CryptoKeyPair;
  publicKey: string;
}

export async function newExpert(): Promise<Expert> {
  const keyPair = await generateExpertKeyPair();
  return { keyPair, publicKey: await exportPublicKey(keyPair.publicKey) };
}

export function payloadFor(expert: Expert, recommendations: unknown[], retractions: unknown[] = []): FeedPayload {
  return {
    expert: { publicKey: expert.publicKey, name: 'Test expert', bio: 'Tests things.' },
    publishedAt: '2025-02-01T00:00:00.000Z',
    recommendations: recommendations as FeedRecommendation[],
    retractions: retractions as FeedPayload['retractions'],
  };
}

export const signedFeed = (expert: Expert, recommendations: FeedRecommendation[], retractions: FeedPayload['retractions'] = []): Promise<FeedEnvelope> =>
  signFeed(payloadFor(expert, recommendations, retractions), expert.keyPair.privateKey);

/** Signs any payload text with the expert's key, bypassing signFeed's checks: how a hostile or buggy publisher would. */
export async function signRaw(expert: Expert, payloadText: string): Promise<FeedEnvelope> {
  const { signBytes, toBase64Url } = await import('../../../utils/feed/crypto');
  const signature = await signBytes(expert.keyPair.privateKey, new TextEncoder().encode(payloadText));
  return { format: 'haowu-feed', version: 1, payload: payloadText, signature: toBase64Url(signature) };
}
