import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/I18n';
import { StudioTab } from '../../../components/popup/StudioTab';
import { createDbConnection, type DbConnection } from '../../../utils/db/open';
import { verifyFeed } from '../../../utils/feed/verify';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import { registerMessageHandlers } from '../../../utils/messaging/register';
import { updateSettings } from '../../../utils/settings';
import { detected, resetIndexedDb, storedPicks } from '../db/helpers';
import { pageSender, popupSender, sendAs } from '../messaging/wire';
import type { DetectedProduct } from '../../../utils/product';
import { storeFeedFile } from '../../../utils/db/feed-store';
import { exportIdentity } from '../../../utils/feed/identity';
import { newExpert, payloadFor, recommendation } from '../feed/helpers';
import { signFeed } from '../../../utils/feed/crypto';

// The Studio talks to the real background handlers in-process, as Haowu's own page.
vi.mock('../../../utils/messaging/client', async () => {
  const wire = await import('../messaging/wire');
  return { request: (name: never, data: never) => wire.sendAs(wire.popupSender, name, data) };
});
const downloads = vi.hoisted(() => [] as { filename: string; text: string }[]);
vi.mock('../../../utils/popup/download', () => ({ downloadText: (filename: string, text: string) => downloads.push({ filename, text }) }));

const NOW = Date.UTC(2025, 5, 1);
let connection: DbConnection;
let unregister: () => void;
beforeEach(async () => {
  resetIndexedDb();
  downloads.length = 0;
  connection = createDbConnection();
  unregister = registerMessageHandlers(connection, undefined, () => NOW);
  await updateSettings({ expertMode: true });
});
afterEach(async () => {
  cleanup();
  unregister();
  await connection.close();
});

const show = () => render(<I18nProvider language="en" strings={ALL_STRINGS}>{<StudioTab />}</I18nProvider>);
const product = detected({ productId: '605258110430', canonicalUrl: 'https://detail.tmall.com/item.htm?id=605258110430', title: 'iPhone 11' });

/** The expert recommends `page`'s product from its Recommend form on the store page. */
async function recommendOnPage(page: DetectedProduct, fields: { reason: string; rating: number }) {
  const sender = pageSender(page.canonicalUrl);
  await sendAs(sender, 'openProductPage', { product: page, arrival: 'load' });
  const saved = await sendAs(sender, 'saveOwnPickOnPage', { productKey: page.key, ...fields });
  if (!saved.ok) throw new Error(saved.error.message);
}

describe('StudioTab', () => {
  it('creates the profile, publishes a feed that verifies, and shows what was left out', async () => {
    show();
    await screen.findByRole('heading', { name: 'Create your expert profile' });
    fireEvent.input(screen.getByLabelText('Display name'), { target: { value: 'Mei' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create profile' }));
    const id = (await screen.findByText(/^Your expert id: ed25519:/)).textContent!.replace('Your expert id: ', '');

    await recommendOnPage(product, { reason: 'Battery lasts two days.', rating: 5 });
    const orphan = detected({ productId: '1', canonicalUrl: 'https://detail.tmall.com/item.htm?id=1' });
    await recommendOnPage(orphan, { reason: 'Another good one here.', rating: 3 });
    await (await connection.get()).delete('products', orphan.key);

    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    await screen.findByText('Feed signed: 1 recommendation, 0 retractions.');
    expect(screen.getByText(/no longer in your data/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Download feed file' }));
    expect(downloads[0]?.filename).toMatch(/^haowu-feed-/);
    const feed = await verifyFeed(downloads[0]!.text, { expectedExpertId: id });
    expect(feed).toMatchObject({ ok: true, expert: { name: 'Mei' } });
  });

  it('edits the profile name, keeping the id', async () => {
    const created = await sendAs(popupSender, 'createExpertProfile', { name: 'Mei' });
    show();
    const name = (await screen.findByLabelText('Display name')) as HTMLInputElement;
    expect(name.value).toBe('Mei');
    fireEvent.input(name, { target: { value: 'Mei Li' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Profile saved. Publish again so followers see the change.');
    const after = await sendAs(popupSender, 'getExpertProfile');
    expect(after.ok && after.value).toMatchObject({ expertId: created.ok && created.value.expertId, profile: { name: 'Mei Li' } });
  });

  it('exports the identity only after the warning is acknowledged', async () => {
    await sendAs(popupSender, 'createExpertProfile', { name: 'Mei' });
    show();
    const exportButton = (await screen.findByRole('button', { name: 'Export identity backup' })) as HTMLButtonElement;
    expect(screen.getByText(/contains your PRIVATE KEY/)).toBeTruthy();
    expect(exportButton.disabled).toBe(true);
    fireEvent.click(screen.getByRole('checkbox', { name: 'I understand: the file holds my private key' }));
    fireEvent.click(exportButton);
    await screen.findByText(/Identity backup saved as haowu-identity-/);
    expect(JSON.parse(downloads[0]!.text)).toMatchObject({ format: 'haowu-identity', privateKey: { kty: 'OKP' } });
  });

  it('edits a pick with the same rules and deletes it', async () => {
    await sendAs(popupSender, 'createExpertProfile', { name: 'Mei' });
    await recommendOnPage(product, { reason: 'Battery lasts two days.', rating: 5 });
    show();
    await screen.findByText('Battery lasts two days.');
    fireEvent.click(screen.getByRole('button', { name: 'Edit' }));
    fireEvent.input(screen.getByLabelText('Your partner link (optional)'), { target: { value: 'https://item.jd.com/1.html' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save recommendation' }));
    await screen.findByText(/not one of Tmall’s link hosts/);
    fireEvent.input(screen.getByLabelText('Your partner link (optional)'), { target: { value: 'https://s.click.taobao.com/t?e=mine' } });
    fireEvent.input(screen.getByLabelText('Why you recommend it (10–1,000 characters)'), { target: { value: 'Battery lasts three days.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save recommendation' }));
    await screen.findByText('Battery lasts three days.');

    fireEvent.click(screen.getByRole('button', { name: /^Share your recommendation of iPhone 11/ }));
    expect(screen.getByRole('img', { name: 'QR code of the link, for shoppers on a phone' })).toBeTruthy();
    expect((screen.getByLabelText('Copy text with link') as HTMLTextAreaElement).value).toContain('https://s.click.taobao.com/t?e=mine');

    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await screen.findByText('You have no recommendations yet');
    const published = await sendAs(popupSender, 'publishFeed');
    expect(published.ok && [published.value.published, published.value.retracted]).toEqual([0, 1]);
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/retracts it/));
  });

  it('asks before restoring an identity whose own feed is followed here, and keeps the follow’s address', async () => {
    const mei = await newExpert();
    const feedUrl = 'https://mei.example/haowu.json';
    const envelope = await signFeed(payloadFor(mei, [recommendation('p-1')]), mei.keyPair.privateKey);
    const stored = await storeFeedFile(await connection.get(), envelope, { follow: 'follow', feedUrl }, NOW);
    if (!stored.ok) throw new Error(stored.reason);
    const file = new File([await exportIdentity(mei.keyPair, { name: 'Mei' })], 'identity.json', { type: 'application/json' });
    show();
    fireEvent.change(await screen.findByLabelText('Restore from an identity backup'), { target: { files: [file] } });
    const question = await screen.findByRole('alertdialog');
    expect(question.textContent).toContain(feedUrl);
    // Nothing changed while the question is open.
    expect((await (await connection.get()).get('experts', stored.expert.id))?.kind).toBe('feed');
    fireEvent.click(screen.getByRole('button', { name: 'Restore and make these picks mine' }));
    await screen.findByText(/Identity restored/);
    expect(await (await connection.get()).get('experts', stored.expert.id)).toMatchObject({ kind: 'local', feedUrl, followed: false });
    expect((await storedPicks(await connection.get())).map((r) => r.id)).toEqual([`${stored.expert.id}/p-1`]);
    // The Studio shows the restored profile (its reload finished before the test ends).
    await screen.findByText(/^Your expert id: ed25519:/);
  });
});
