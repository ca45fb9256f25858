import { fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { recommendation } from '../db/records';
import { asUser, userClick } from '../overlay/as-user';
import { me, memoryBackend, mountController, product } from '../overlay/page-fixture';

let stopCurrent: (() => void) | null = null;
afterEach(() => {
  stopCurrent?.();
  stopCurrent = null;
  document.body.replaceChildren();
});

/** A product page in expert mode (or not), its panel opened by the shopper or by the context menu. */
async function showPanel({ expertMode = true, fromMenu = false, picks = memoryBackend().state.picks } = {}) {
  const memory = memoryBackend({ picks, settings: { language: 'en', theme: 'auto', expertMode, overlayCollapsed: false } });
  const mounted = mountController(memory.backend);
  stopCurrent = mounted.controller.stop;
  await mounted.controller.show(product, 'load');
  if (fromMenu) await mounted.controller.openRecommendForm();
  else {
    userClick(mounted.overlay().getByRole('button', { name: /^Open Haowu/ }));
    await mounted.overlay().findByRole('dialog');
  }
  return { ...memory, ...mounted };
}

const REASON = 'Why you recommend it (10–1,000 characters)';
const LINK = 'Your partner link (optional)';
const TAGS = 'Tags (optional, separated by commas)';
const typeInto = (field: HTMLElement, value: string) => asUser(() => fireEvent.input(field, { target: { value } }));

describe('Recommend in the overlay (expert mode)', () => {
  it('is not offered when expert mode is off', async () => {
    const { overlay } = await showPanel({ expertMode: false });
    expect(overlay().queryByRole('button', { name: 'Recommend' })).toBeNull();
  });

  it('shows each rule’s problem next to its field and sends nothing', async () => {
    const { overlay, field, act } = await showPanel();
    userClick(overlay().getByRole('button', { name: 'Recommend' }));
    typeInto(field(REASON), 'short');
    typeInto(field(LINK), 'https://u.jd.com/mine');
    typeInto(field(TAGS), 'x'.repeat(33));
    userClick(overlay().getByRole('button', { name: 'Save recommendation' }));
    const alerts = (await overlay().findAllByRole('alert')).map((node) => node.textContent);
    expect(alerts).toEqual([
      'Say why in at least 10 characters (now 5).',
      `Tag “${'x'.repeat(33)}” is longer than 32 characters.`,
      'The partner link goes to u.jd.com, which is not one of Tmall’s link hosts.',
    ]);
    expect(field(REASON).getAttribute('aria-invalid')).toBe('true');
    expect(act).not.toHaveBeenCalled();
  });

  it('saves a valid pick and shows it at once as “Your pick”, then edits and deletes it', async () => {
    const { overlay, field, act } = await showPanel();
    userClick(overlay().getByRole('button', { name: 'Recommend' }));
    typeInto(field(REASON), '  Battery lasts two days.  ');
    asUser(() => fireEvent.change(field('Rating'), { target: { value: '4' } }));
    typeInto(field(TAGS), 'phone, gift，phone');
    typeInto(field(LINK), 'https://s.click.taobao.com/t?e=mine');
    userClick(overlay().getByRole('button', { name: 'Save recommendation' }));

    await overlay().findByText('Your pick');
    // The page's product is the background's to know: the form sends the fields and the product key only.
    expect(act).toHaveBeenCalledWith('saveOwnPickOnPage', {
      reason: '  Battery lasts two days.  ',
      rating: 4,
      stockNote: '',
      tags: ['phone', 'gift'],
      expiresAt: null,
      partnerLink: 'https://s.click.taobao.com/t?e=mine',
      id: undefined,
      productKey: product.key,
    });
    expect(overlay().getByRole('status').textContent).toMatch(/recommendation is saved/);
    expect(overlay().queryByRole('form', { name: 'Recommend this product' })).toBeNull();

    // Both the panel's button and the card's Edit open the form on the saved pick, and send its id.
    expect(overlay().getAllByRole('button', { name: 'Edit your recommendation' })).toHaveLength(2);
    userClick(overlay().getAllByRole('button', { name: 'Edit your recommendation' })[1]!);
    const reason = field(REASON) as HTMLTextAreaElement;
    expect(reason.value).toBe('Battery lasts two days.');
    expect((field(LINK) as HTMLInputElement).value).toBe('https://s.click.taobao.com/t?e=mine');
    typeInto(reason, 'Battery lasts three days.');
    userClick(overlay().getByRole('button', { name: 'Save recommendation' }));
    await overlay().findByText('Battery lasts three days.');
    expect(act).toHaveBeenLastCalledWith('saveOwnPickOnPage', expect.objectContaining({ reason: 'Battery lasts three days.', id: 'p-new', productKey: product.key }));

    userClick(overlay().getByRole('button', { name: 'Delete your recommendation' }));
    await waitFor(() => expect(overlay().queryByText('Your pick')).toBeNull());
    expect(act).toHaveBeenLastCalledWith('deleteOwnPickOnPage', { productKey: product.key, id: 'p-new' });
    expect(overlay().getByRole('status').textContent).toMatch(/retracts it/);
  });

  it('does not save what a page script submits, however it fills the form', async () => {
    const { overlay, field, act } = await showPanel();
    userClick(overlay().getByRole('button', { name: 'Recommend' }));
    fireEvent.input(field(REASON), { target: { value: 'Buy from my shop instead, really.' } });
    fireEvent.input(field(LINK), { target: { value: 'https://s.click.taobao.com/t?e=attacker' } });
    fireEvent.submit(overlay().getByRole('form', { name: 'Recommend this product' }));
    overlay().getByRole('button', { name: 'Save recommendation' }).click();
    expect(act).not.toHaveBeenCalled();
    expect(overlay().queryByText('Your pick')).toBeNull();
  });

  it('shows the background’s refusal in the form', async () => {
    const { overlay, field, failNext } = await showPanel();
    failNext('saveOwnPickOnPage', { code: 'forbidden', message: 'Turn on expert mode in Haowu’s settings to recommend products.' });
    userClick(overlay().getByRole('button', { name: 'Recommend' }));
    typeInto(field(REASON), 'Battery lasts two days.');
    userClick(overlay().getByRole('button', { name: 'Save recommendation' }));
    await waitFor(() => expect(overlay().getAllByRole('alert').map((node) => node.textContent)).toContain('Turn on expert mode in Haowu’s settings to recommend products.'));
    expect(overlay().getByRole('form', { name: 'Recommend this product' })).toBeTruthy();
  });

  it('opens on the form when the context menu asks', async () => {
    const { overlay } = await showPanel({ fromMenu: true });
    expect(await overlay().findByRole('form', { name: 'Recommend this product' })).toBeTruthy();
  });

  it('from the context menu, edits the expert’s existing pick rather than starting a second one', async () => {
    const mine = recommendation({ id: 'p-mine', expertId: me.id, productKey: product.key, reason: 'Already recommended: great battery.', partnerLink: product.canonicalUrl });
    const { overlay, field, act } = await showPanel({ fromMenu: true, picks: [{ recommendation: mine, expert: me }] });
    const form = await overlay().findByRole('form', { name: 'Edit your recommendation' });
    expect((field(REASON) as HTMLTextAreaElement).value).toBe('Already recommended: great battery.');
    asUser(() => fireEvent.submit(form));
    await waitFor(() => expect(act).toHaveBeenCalledOnce());
    expect(act.mock.calls[0]![1]).toMatchObject({ id: 'p-mine', productKey: product.key });
  });

  it('does not open the form from the context menu when expert mode is off', async () => {
    const { overlay } = await showPanel({ expertMode: false, fromMenu: true });
    expect(overlay().queryByRole('dialog')).toBeNull();
    expect(overlay().queryByRole('form', { name: 'Recommend this product' })).toBeNull();
  });
});
