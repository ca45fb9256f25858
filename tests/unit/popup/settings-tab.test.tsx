import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/I18n';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import { SettingsTab } from '../../../components/popup/SettingsTab';
import { siteOrigin } from '../../../utils/popup/permissions';
import { AMAZON_ORIGINS } from '../../../utils/stores/amazon-storefronts';
import { DEFAULT_SETTINGS, getSettings, updateSettings, type Settings } from '../../../utils/settings';
import wxtConfig from '../../../wxt.config';
import { expert, failure, fakeRequest, ok, type Handlers } from './fixtures';

const mocked = vi.hoisted(() => ({
  request: null as unknown as ReturnType<typeof import('./fixtures').fakeRequest>,
  granted: [] as string[],
  answer: true,
}));
vi.mock('../../../utils/messaging/client', () => ({ request: (...args: unknown[]) => (mocked.request as (...a: unknown[]) => unknown)(...args) }));
// WXT's fake browser has no permissions API; this stands in for the browser's prompt.
vi.mock('../../../utils/popup/permissions', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../utils/popup/permissions')>()),
  requestOrigins: vi.fn(async (origins: string[]) => {
    if (mocked.answer) mocked.granted.push(...origins);
    return mocked.answer;
  }),
  removeOrigins: vi.fn(async (origins: string[]) => {
    mocked.granted = mocked.granted.filter((o) => !origins.includes(o));
    return true;
  }),
  grantedOrigins: vi.fn(async () => [...mocked.granted]),
}));

const summary = { added: 0, updated: 0, kept: 0 };
const baseHandlers: Handlers = { listFollowedExperts: () => ok([expert()]) };

function show(handlers: Handlers = {}, settings: Settings = DEFAULT_SETTINGS, language: 'en' | 'zh' = 'en') {
  mocked.request = fakeRequest({ ...baseHandlers, ...handlers });
  render(
    <I18nProvider language={language} strings={ALL_STRINGS}>
      <SettingsTab settings={settings} />
    </I18nProvider>,
  );
  return mocked.request;
}

beforeEach(() => {
  mocked.granted = [];
  mocked.answer = true;
});
afterEach(cleanup);

describe('SettingsTab', () => {
  it('changes language, theme, stores and refresh interval in storage', async () => {
    show();
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'zh' } });
    fireEvent.change(screen.getByLabelText('Theme'), { target: { value: 'dark' } });
    fireEvent.click(screen.getByLabelText('JD'));
    fireEvent.change(screen.getByLabelText('Refresh followed feeds every'), { target: { value: '24' } });
    await waitFor(async () => expect(await getSettings()).toMatchObject({ language: 'zh', theme: 'dark', stores: { jd: false, tmall: true }, feedRefreshHours: 24 }));
  });

  it('turns Amazon on only when the browser grants the hosts, and gives them back when off', async () => {
    mocked.answer = false;
    show();
    fireEvent.click(screen.getByLabelText(/Amazon/));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('did not give Haowu that access'));
    expect((await getSettings()).amazonOptIn).toBe(false);

    mocked.answer = true;
    fireEvent.click(screen.getByLabelText(/Amazon/));
    await waitFor(async () => expect((await getSettings()).amazonOptIn).toBe(true));
    expect(mocked.granted).toEqual(AMAZON_ORIGINS);
    cleanup();
    show({}, { ...DEFAULT_SETTINGS, amazonOptIn: true });
    fireEvent.click(screen.getByLabelText(/Amazon/));
    await waitFor(async () => expect((await getSettings()).amazonOptIn).toBe(false));
    expect(mocked.granted).toEqual([]);
  });

  it('allows other stores one site at a time, never listing a followed feed’s host', async () => {
    mocked.granted = ['https://feeds.example/*'];
    show({}, { ...DEFAULT_SETTINGS, otherSitesOptIn: true });
    fireEvent.input(screen.getByLabelText('Store address, e.g. shop.example'), { target: { value: 'http://shop.example' } });
    fireEvent.click(screen.getByRole('button', { name: 'Allow' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('not a store address Haowu can use'));
    fireEvent.input(screen.getByLabelText('Store address, e.g. shop.example'), { target: { value: 'https://Shop.Example/p/1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Allow' }));
    await screen.findByRole('button', { name: 'Remove access to shop.example' });
    expect(screen.queryByText('feeds.example')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Remove access to shop.example' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Remove access to shop.example' })).toBeNull());
    expect(mocked.granted).toEqual(['https://feeds.example/*']);
  });

  it('shows Haowu again on one hidden store and leaves the other hidden', async () => {
    const settings = await updateSettings({ hiddenStores: ['tmall', 'shop.example'] });
    show({}, settings);
    const list = screen.getByRole('list', { name: 'Hidden on these stores' });
    expect([...list.querySelectorAll('li')].map((li) => li.firstChild?.textContent)).toEqual(['Tmall', 'shop.example']);
    fireEvent.click(screen.getByRole('button', { name: 'Show Haowu again on Tmall' }));
    await waitFor(async () => expect((await getSettings()).hiddenStores).toEqual(['shop.example']));
  });

  it('shows Haowu again on both stores when both are clicked before the settings reload', async () => {
    const settings = await updateSettings({ hiddenStores: ['jd', 'shop.example'] });
    show({}, settings);
    fireEvent.click(screen.getByRole('button', { name: 'Show Haowu again on JD' }));
    fireEvent.click(screen.getByRole('button', { name: 'Show Haowu again on shop.example' }));
    await waitFor(async () => expect((await getSettings()).hiddenStores).toEqual([]));
  });

  it('lists no hidden stores when none are hidden', () => {
    show();
    expect(screen.queryByRole('list', { name: 'Hidden on these stores' })).toBeNull();
    expect(screen.queryByText('Hidden on these stores')).toBeNull();
    expect(screen.queryByRole('button', { name: /Show Haowu again/ })).toBeNull();
  });

  it('keeps the launcher collapsed, or not, as the checkbox says', async () => {
    const label = 'Keep the Haowu launcher collapsed on product pages';
    show({}, await updateSettings({ overlayCollapsed: true }));
    const box = screen.getByLabelText(label) as HTMLInputElement;
    expect(box.checked).toBe(true);
    fireEvent.click(box);
    await waitFor(async () => expect((await getSettings()).overlayCollapsed).toBe(false));
    cleanup();
    show({}, await getSettings());
    expect((screen.getByLabelText(label) as HTMLInputElement).checked).toBe(false);
    fireEvent.click(screen.getByLabelText(label));
    await waitFor(async () => expect((await getSettings()).overlayCollapsed).toBe(true));
  });

  it('names the hidden stores and the collapse choice in Chinese', async () => {
    const settings = await updateSettings({ hiddenStores: ['pinduoduo', 'shop.example'] });
    show({}, settings, 'zh');
    expect(screen.getByRole('group', { name: '在商品页上' })).toBeTruthy();
    expect(screen.getByLabelText('在商品页上保持好物按钮收起')).toBeTruthy();
    const list = screen.getByRole('list', { name: '已在这些商店隐藏' });
    expect(list.textContent).toContain('拼多多');
    fireEvent.click(screen.getByRole('button', { name: '在拼多多重新显示好物' }));
    expect(screen.getByRole('button', { name: '在shop.example重新显示好物' }).textContent).toBe('重新显示好物');
    await waitFor(async () => expect((await getSettings()).hiddenStores).toEqual(['shop.example']));
  });

  it('imports a file and shows the summary, or the precise error', async () => {
    let reply = ok({ products: { added: 2, updated: 0, kept: 0 }, experts: summary, recommendations: summary, saved: { added: 3, updated: 1, kept: 0 }, cart: summary, purchases: summary, collections: { added: 1, updated: 0, kept: 0 }, settings: true });
    const request = show({ importBackup: () => reply });
    const input = screen.getByLabelText('Import a backup file') as HTMLInputElement;
    const file = new File(['{"format":"haowu-backup"}'], 'backup.json', { type: 'application/json' });
    fireEvent.change(input, { target: { files: [file] } });
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe(
        'Backup imported: added 3 saved items, 1 collection, and 2 products; updated 1 saved item. Settings restored (store permissions stay as they are in this browser).',
      ),
    );
    expect(request).toHaveBeenCalledWith('importBackup', { json: '{"format":"haowu-backup"}' });

    reply = failure('The backup has a problem, so nothing was imported: recommendations[12].rating: must be between 1 and 5', 'invalid-backup');
    fireEvent.change(input, { target: { files: [file] } });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('recommendations[12].rating: must be between 1 and 5'));
  });

  it('says in the UI language that a backup from a newer Haowu needs an update', async () => {
    const newer = { ...failure('This backup was made by a newer Haowu (backup format 9 …). Update Haowu, then import it again. Nothing was imported.', 'invalid-backup') };
    if (!newer.ok) newer.error = { ...newer.error, detail: { reason: 'newer', params: { version: 9, schema: 9, supported: 2 } } };
    show({ importBackup: () => newer }, DEFAULT_SETTINGS, 'zh');
    const input = screen.getByLabelText('导入备份文件') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['{}'], 'backup.json', { type: 'application/json' })] } });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('请先更新好物'));
  });

  it('exports a backup as a download', async () => {
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    URL.createObjectURL = vi.fn(() => 'blob:haowu');
    show({ exportBackup: () => ok({ filename: 'haowu-backup-2025-06-01.json', json: '{}' }), exportCsv: () => failure('Haowu could not be reached.', 'unavailable') });
    fireEvent.click(screen.getByRole('button', { name: 'Export backup (JSON)' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Downloaded haowu-backup-2025-06-01.json.'));
    expect(click).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Saved items (CSV)' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Haowu could not be reached.×'));
  });

  it('deletes everything only after confirming', async () => {
    const request = show({ deleteAllData: () => ok({ deleted: true }) });
    fireEvent.click(screen.getByRole('button', { name: 'Delete all Haowu data…' }));
    expect(request).not.toHaveBeenCalledWith('deleteAllData', expect.anything());
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete all Haowu data…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete everything' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('was deleted'));
    expect(request).toHaveBeenCalledWith('deleteAllData', { confirm: 'delete-all' });
  });

  it('states what is stored and what is fetched', () => {
    show();
    expect(screen.getByRole('region', { name: 'Privacy' }).textContent).toContain('fetches only the feeds of experts you follow');
  });
});

describe('permission helpers', () => {
  it('ask for the same Amazon hosts the manifest declares optional', async () => {
    const manifest = typeof wxtConfig.manifest === 'function' ? await wxtConfig.manifest({ browser: 'chrome' } as never) : wxtConfig.manifest;
    const optional = (manifest as { optional_host_permissions: string[] }).optional_host_permissions;
    expect(optional.filter((o) => o.includes('amazon'))).toEqual(AMAZON_ORIGINS);
  });

  it('turn what a person types into one https origin, or refuse it', () => {
    expect(siteOrigin('shop.example')).toBe('https://shop.example/*');
    expect(siteOrigin(' https://WWW.Shop.example/p/1?x=2 ')).toBe('https://www.shop.example/*');
    for (const bad of ['', 'http://shop.example', 'localhost', '192.168.1.1', 'https://a:b@shop.example', 'https://shop.example:8443', '*.example', 'ftp://x.example']) {
      expect(siteOrigin(bad), bad).toBeNull();
    }
  });
});
