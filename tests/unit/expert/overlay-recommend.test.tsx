import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OverlayApp, type OverlayBackend } from '../../../components/overlay/OverlayApp';
import type { RecommendationRecord } from '../../../utils/db/schema';
import { normalizeRecommendation, type RecommendationFields } from '../../../utils/expert/recommend-rules';
import type { Pick } from '../../../utils/overlay/order-picks';
import type { DetectedProduct } from '../../../utils/product';
import { expert, recommendation } from '../db/records';

const NOW = Date.UTC(2025, 5, 1);
const product: DetectedProduct = {
  platform: 'tmall',
  productId: '605258110430',
  key: 'tmall:605258110430',
  canonicalUrl: 'https://detail.tmall.com/item.htm?id=605258110430',
  title: 'iPhone 11',
  price: null,
  imageUrl: null,
  shopName: null,
  storeDomain: 'tmall.com',
};
const me = expert({ id: 'ed25519:me', kind: 'local', displayName: 'Me', followed: false, followedAt: null, feedUrl: null });

/** A backend holding picks in memory, saving own picks as the background would. */
function memoryBackend(initial: Pick[] = []) {
  let picks = [...initial];
  const saveOwnPick = vi.fn(async (_product: DetectedProduct, sent: RecommendationFields, id?: string) => {
    const fields = normalizeRecommendation(sent);
    const record: RecommendationRecord = recommendation({
      id: id ?? 'p-new',
      expertId: me.id,
      productKey: product.key,
      reason: fields.reason,
      rating: fields.rating,
      tags: fields.tags,
      stockNote: fields.stockNote || null,
      partnerLink: fields.partnerLink || product.canonicalUrl,
      expiresAt: fields.expiresAt,
      updatedAt: NOW,
    });
    picks = [...picks.filter((p) => p.recommendation.id !== record.id), { recommendation: record, expert: me }];
    return { ok: true as const, value: record };
  });
  const deleteOwnPick = vi.fn(async (id: string) => {
    const gone = picks.find((p) => p.recommendation.id === id)!.recommendation;
    picks = picks.filter((p) => p.recommendation.id !== id);
    return { ok: true as const, value: { ...gone, deleted: true } };
  });
  const backend: OverlayBackend = {
    picks: vi.fn(async () => ({ ok: true as const, value: picks })),
    productState: vi.fn(async () => ({ ok: true as const, value: { saved: false, inCart: 0 } })),
    toggleSaved: vi.fn(async () => ({ ok: true as const, value: { saved: true } })),
    addToCart: vi.fn(async () => ({ ok: true as const, value: { inCart: 1 } })),
    setFollowed: vi.fn(async () => ({ ok: true as const, value: null })),
    openHaowuTab: vi.fn(async () => ({ ok: true as const, value: null })),
    saveOwnPick,
    deleteOwnPick,
  };
  return { backend, saveOwnPick, deleteOwnPick };
}

const preferences = { hideOnStore: vi.fn(), collapse: vi.fn() };
const show = (backend: OverlayBackend, expertMode = true, startRecommending = false) =>
  render(<OverlayApp product={product} language="en" backend={backend} preferences={preferences} onClose={vi.fn()} expertMode={expertMode} startRecommending={startRecommending} now={() => NOW} />);

/** The panel is open once mounted; wait for the picks to load. */
async function openPanel() {
  await screen.findByRole('heading', { name: 'Expert picks' });
  await waitFor(() => expect(screen.queryByText('Loading…')).toBeNull());
}

afterEach(cleanup);

describe('Recommend in the overlay (expert mode)', () => {
  it('is not offered when expert mode is off', async () => {
    show(memoryBackend().backend, false);
    await openPanel();
    expect(screen.queryByRole('button', { name: 'Recommend' })).toBeNull();
  });

  it('shows each rule’s problem next to its field and sends nothing', async () => {
    const { backend, saveOwnPick } = memoryBackend();
    show(backend);
    await openPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Recommend' }));
    fireEvent.input(screen.getByLabelText('Why you recommend it (10–1,000 characters)'), { target: { value: 'short' } });
    fireEvent.input(screen.getByLabelText('Your partner link (optional)'), { target: { value: 'https://u.jd.com/mine' } });
    fireEvent.input(screen.getByLabelText('Tags (optional, separated by commas)'), { target: { value: 'x'.repeat(33) } });
    fireEvent.click(screen.getByRole('button', { name: 'Save recommendation' }));
    const alerts = (await screen.findAllByRole('alert')).map((node) => node.textContent);
    expect(alerts).toEqual([
      'Say why in at least 10 characters (now 5).',
      `Tag “${'x'.repeat(33)}” is longer than 32 characters.`,
      'The partner link goes to u.jd.com, which is not one of the Tmall/Taobao link hosts.',
    ]);
    expect(screen.getByLabelText('Why you recommend it (10–1,000 characters)').getAttribute('aria-invalid')).toBe('true');
    expect(saveOwnPick).not.toHaveBeenCalled();
  });

  it('saves a valid pick and shows it at once as “Your pick”, then edits and deletes it', async () => {
    const { backend, saveOwnPick, deleteOwnPick } = memoryBackend();
    show(backend);
    await openPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Recommend' }));
    fireEvent.input(screen.getByLabelText('Why you recommend it (10–1,000 characters)'), { target: { value: '  Battery lasts two days.  ' } });
    fireEvent.change(screen.getByLabelText('Rating'), { target: { value: '4' } });
    fireEvent.input(screen.getByLabelText('Tags (optional, separated by commas)'), { target: { value: 'phone, gift，phone' } });
    fireEvent.input(screen.getByLabelText('Your partner link (optional)'), { target: { value: 'https://s.click.taobao.com/t?e=mine' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save recommendation' }));

    await screen.findByText('Your pick');
    expect(saveOwnPick).toHaveBeenCalledWith(
      product,
      { reason: '  Battery lasts two days.  ', rating: 4, stockNote: '', tags: ['phone', 'gift'], expiresAt: null, partnerLink: 'https://s.click.taobao.com/t?e=mine' },
      undefined,
    );
    expect(screen.getByRole('status').textContent).toMatch(/recommendation is saved/);
    expect(screen.queryByRole('form', { name: 'Recommend this product' })).toBeNull();

    // Editing starts from the saved pick and sends its id.
    // Both the panel's button and the card's Edit open the form on the saved pick.
    expect(screen.getAllByRole('button', { name: 'Edit your recommendation' })).toHaveLength(2);
    fireEvent.click(screen.getAllByRole('button', { name: 'Edit your recommendation' })[1]!);
    const reason = screen.getByLabelText('Why you recommend it (10–1,000 characters)') as HTMLTextAreaElement;
    expect(reason.value).toBe('Battery lasts two days.');
    expect((screen.getByLabelText('Your partner link (optional)') as HTMLInputElement).value).toBe('https://s.click.taobao.com/t?e=mine');
    fireEvent.input(reason, { target: { value: 'Battery lasts three days.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save recommendation' }));
    await screen.findByText('Battery lasts three days.');
    expect(saveOwnPick).toHaveBeenLastCalledWith(product, expect.objectContaining({ reason: 'Battery lasts three days.' }), 'p-new');

    fireEvent.click(screen.getByRole('button', { name: 'Delete your recommendation' }));
    await waitFor(() => expect(screen.queryByText('Your pick')).toBeNull());
    expect(deleteOwnPick).toHaveBeenCalledWith('p-new');
    expect(screen.getByRole('status').textContent).toMatch(/retracts it/);
  });

  it('shows the background’s refusal in the form', async () => {
    const { backend } = memoryBackend();
    backend.saveOwnPick = vi.fn(async () => ({ ok: false as const, error: { code: 'forbidden' as const, message: 'Turn on expert mode in Haowu’s settings to recommend products.' } }));
    show(backend);
    await openPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Recommend' }));
    fireEvent.input(screen.getByLabelText('Why you recommend it (10–1,000 characters)'), { target: { value: 'Battery lasts two days.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save recommendation' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/Turn on expert mode/);
  });

  it('opens on the form when the context menu asks', async () => {
    const { backend } = memoryBackend();
    show(backend, true, true);
    expect(await screen.findByRole('form', { name: 'Recommend this product' })).toBeTruthy();
  });

  it('from the context menu, edits the expert’s existing pick rather than starting a second one', async () => {
    const mine = recommendation({ id: 'p-mine', expertId: me.id, productKey: product.key, reason: 'Already recommended: great battery.', partnerLink: product.canonicalUrl });
    const { backend, saveOwnPick } = memoryBackend([{ recommendation: mine, expert: me }]);
    show(backend, true, true);
    const form = await screen.findByRole('form', { name: 'Edit your recommendation' });
    expect((screen.getByLabelText('Why you recommend it (10–1,000 characters)') as HTMLTextAreaElement).value).toBe('Already recommended: great battery.');
    fireEvent.submit(form);
    await waitFor(() => expect(saveOwnPick).toHaveBeenCalledOnce());
    expect(saveOwnPick.mock.calls[0]![2]).toBe('p-mine');
  });

  it('does not open the form from the context menu when expert mode is off', async () => {
    const { backend } = memoryBackend();
    show(backend, false, true);
    await openPanel();
    expect(screen.queryByRole('form', { name: 'Recommend this product' })).toBeNull();
  });
});
