import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { I18nProvider } from '../../../components/I18n';
import { WindowPublishing } from '../../../components/popup/WindowPublishing';
import { PROBLEM_TEXT, STEP_TEXT, checkForm, describeFailure, formOf, windowZipName, EMPTY_FORM } from '../../../components/popup/window-form';
import { ALL_STRINGS, en, zh, type StringKey } from '../../../utils/i18n/strings';
import { translate, type Language } from '../../../utils/i18n/translate';
import { PUBLISH_ERROR_CODES, type PublishOutcome } from '../../../utils/publish/outcome';
import { sessionProgressWriter } from '../../../utils/publish/progress';
import type { PublishTargetView } from '../../../utils/publish/service';
import { TARGET_PROBLEM_CODES, type PublishTarget } from '../../../utils/publish/target';
import { expert, fakeRequest, ok, pick, type Handlers } from './fixtures';

const mocked = vi.hoisted(() => ({ request: null as unknown as ReturnType<typeof import('./fixtures').fakeRequest> }));
vi.mock('../../../utils/messaging/client', () => ({ request: (...args: unknown[]) => (mocked.request as (...a: unknown[]) => unknown)(...args) }));

const EXPERT_ID = 'ed25519:0123456789abcdef0123456789abcdef';

const S3: PublishTarget = {
  kind: 's3',
  endpoint: 'https://s3.example.com',
  region: 'us-east-1',
  bucket: 'haowu',
  prefix: 'mei',
  addressing: 'path',
  accessKeyId: 'AKIATEST',
  publicBaseUrl: 'https://pub.example.com/mei',
  rememberSecret: true,
  autoPublish: false,
};
const DAV: PublishTarget = { kind: 'webdav', folderUrl: 'https://dav.example.com/haowu/', username: 'mei', publicBaseUrl: 'https://dav.example.com/haowu', rememberSecret: false, autoPublish: false };

const view = (target: PublishTarget | null, overrides: Partial<PublishTargetView> = {}): PublishTargetView => ({
  target,
  invalid: false,
  secretStored: target !== null && target.kind !== 'zip' && target.rememberSecret,
  origins: target && target.kind !== 'zip' ? [`https://${new URL(target.kind === 's3' ? target.endpoint : target.folderUrl).hostname}/*`] : [],
  uploadOrigin: target && target.kind !== 'zip' ? new URL(target.kind === 's3' ? target.endpoint : target.folderUrl).origin : null,
  lastPublish: null,
  ...overrides,
});

const livePicks = (count: number) => ok([{ expert: expert({ id: EXPERT_ID, kind: 'local' }), recommendations: Array.from({ length: count }, (_, i) => pick(`tmall:${i}`, { id: `p${i}`, expertId: EXPERT_ID })) }]);

const progress = { total: 7, uploaded: 7, unchanged: 0, removed: 0, notRemoved: 0, failed: [], notSent: 0, bytes: 1000, uploadedBytes: 1000 };
const live: PublishOutcome = { status: 'live', liveUrl: 'https://pub.example.com/mei/index.html', feedUrl: 'https://pub.example.com/mei/feed.json', expertId: EXPERT_ID, publishedAt: '2025-06-01T00:00:00.000Z', progress, elapsedMs: 1234 };
const failed = (code: (typeof PUBLISH_ERROR_CODES)[number], step: 'upload' | 'connect' | 'verify' = 'upload', extra: object = {}): PublishOutcome => ({
  status: 'failed',
  code,
  step,
  message: `English ${code}`,
  progress: { ...progress, uploaded: 2, failed: ['p/a.html'] },
  elapsedMs: 10,
  ...extra,
});

function show(handlers: Handlers, language: Language = 'en') {
  mocked.request = fakeRequest({ listOwnPicks: () => livePicks(1), ...handlers });
  render(
    <I18nProvider language={language} strings={ALL_STRINGS}>
      <WindowPublishing expertId={EXPERT_ID} />
    </I18nProvider>,
  );
  return mocked.request;
}

let asked: string[][];
beforeEach(() => {
  asked = [];
  vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(async ({ origins }) => {
    asked.push(origins ?? []);
    return true;
  });
  localStorage.clear();
});
afterEach(() => cleanup());

const input = (label: string | RegExp) => screen.getByLabelText(label) as HTMLInputElement;
const type = (label: string | RegExp, value: string) => fireEvent.input(input(label), { target: { value } });

describe('Your window: setting the target', () => {
  it('marks each field with its problem, tied by aria-describedby, focuses the first and asks for nothing', async () => {
    const request = show({ getPublishTarget: () => ok(view(null)) });
    fireEvent.click(await screen.findByRole('radio', { name: 'S3-compatible storage' }));
    type('Endpoint', 'http://s3.example.com');
    type('Bucket', 'Not_A_Bucket');
    fireEvent.click(screen.getByRole('button', { name: 'Save where it goes' }));
    const endpoint = input('Endpoint');
    await waitFor(() => expect(document.activeElement).toBe(endpoint));
    expect(endpoint.getAttribute('aria-invalid')).toBe('true');
    const [errorId] = endpoint.getAttribute('aria-describedby')!.split(' ');
    expect(document.getElementById(errorId!)?.textContent).toBe('Must start with https:// (Haowu never sends your keys or files unencrypted).');
    expect(document.getElementById(input('Bucket').getAttribute('aria-describedby')!.split(' ')[0]!)?.textContent).toMatch(/^3 to 63 lowercase letters/);
    expect(document.getElementById(input('Region').getAttribute('aria-describedby')!.split(' ')[0]!)?.textContent).toBe('Required.');
    expect(input('Secret access key').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toBe('Check the marked fields.');
    expect(asked).toEqual([]);
    expect(request).not.toHaveBeenCalledWith('savePublishTarget', expect.anything());
  });

  it('asks the browser for the storage and public origins in the click, then saves the target with its secret', async () => {
    let saved: unknown;
    const request = show({
      getPublishTarget: () => ok(view(null)),
      savePublishTarget: (data) => ((saved = data), ok(view(S3))),
    });
    fireEvent.click(await screen.findByRole('radio', { name: 'S3-compatible storage' }));
    type('Endpoint', 'https://s3.example.com');
    type('Region', 'us-east-1');
    type('Bucket', 'haowu');
    type('Folder in the bucket (optional)', '/mei/');
    type('Access key id', 'AKIATEST');
    type('Secret access key', 's3cr3t');
    type(/^Public address$/, 'https://pub.example.com/mei/');
    expect(screen.getByText(/^Saving asks your browser to let Haowu connect to https:\/\/s3\.example\.com, https:\/\/pub\.example\.com:/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save where it goes' }));
    // Asked synchronously, in the click, before any message.
    expect(asked).toEqual([['https://s3.example.com/*', 'https://pub.example.com/*']]);
    await screen.findByText('Saved. Your window goes to https://s3.example.com.');
    expect(saved).toEqual({ target: { ...S3 }, secret: 's3cr3t' });
    expect(request.mock.calls.findIndex(([name]) => name === 'savePublishTarget')).toBeGreaterThan(0);
    expect(screen.getByText('S3-compatible storage: bucket haowu/mei at https://s3.example.com.')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Publish window' })));
  });

  it('saves nothing when the browser refuses host access', async () => {
    vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(false as never);
    const request = show({ getPublishTarget: () => ok(view(null)) });
    fireEvent.click(await screen.findByRole('radio', { name: 'WebDAV folder' }));
    type('Folder address', 'https://dav.example.com/haowu');
    type('User name', 'mei');
    fireEvent.click(screen.getByRole('radio', { name: 'Ask for it at each publish' }));
    expect((screen.getByRole('checkbox', { name: 'Publish automatically after each change' }) as HTMLInputElement).disabled).toBe(true);
    type(/^Public address$/, 'https://dav.example.com/haowu');
    fireEvent.click(screen.getByRole('button', { name: 'Save where it goes' }));
    await screen.findByText('Haowu was not allowed to connect to https://dav.example.com, so nothing was saved. Save again and allow access to publish there.');
    expect(request).not.toHaveBeenCalledWith('savePublishTarget', expect.anything());
  });

  it('keeps a remembered secret when the server and account stay; asks for one when they change', () => {
    const saved = { target: S3, secretStored: true };
    expect(checkForm(formOf(S3), saved)).toMatchObject({ ok: true, secret: undefined, origins: ['https://s3.example.com/*', 'https://pub.example.com/*'] });
    expect(checkForm({ ...formOf(S3), bucket: 'other' }, saved)).toMatchObject({ ok: true });
    expect(checkForm({ ...formOf(S3), accessKeyId: 'AKIAOTHER' }, saved)).toEqual({ ok: false, problems: { secret: 'required' } });
    expect(checkForm({ ...formOf(S3), rememberSecret: false }, saved)).toMatchObject({ ok: true, target: { rememberSecret: false, autoPublish: false } });
    expect(checkForm({ ...EMPTY_FORM, kind: 'zip' }, saved)).toMatchObject({ ok: true, target: { kind: 'zip' }, origins: [] });
    expect(checkForm({ ...formOf(S3), pathStyle: false, bucket: 'my.bucket' }, saved)).toEqual({ ok: false, problems: { bucket: 'bucket-dots-virtual-host' } });
  });
});

describe('Your window: publishing', () => {
  it('shows Live at the address with Copy and a QR code only for a verified publish', async () => {
    let sent: unknown;
    show({ getPublishTarget: () => ok(view(S3)), publishWindow: (data) => ((sent = data), ok(live)) });
    fireEvent.click(await screen.findByRole('button', { name: 'Publish window' }));
    await screen.findByText('Live at');
    expect(screen.getByRole('link', { name: 'https://pub.example.com/mei/index.html' }).getAttribute('href')).toBe('https://pub.example.com/mei/index.html');
    expect(screen.getByRole('img', { name: 'QR code of your window’s address' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy address' })).toBeTruthy();
    expect(sent).toEqual({ language: 'en' });
  });

  it('keeps the Publish button focusable while busy (aria-disabled) and ignores a second click', async () => {
    let finish: (value: ReturnType<typeof ok<PublishOutcome>>) => void = () => undefined;
    const request = show({ getPublishTarget: () => ok(view(S3)), publishWindow: () => new Promise((resolve) => (finish = resolve)) });
    const button = await screen.findByRole('button', { name: 'Publish window' });
    button.focus();
    fireEvent.click(button);
    await waitFor(() => expect(button.getAttribute('aria-disabled')).toBe('true'));
    expect(document.activeElement).toBe(button);
    expect(document.getElementById('window-status')?.getAttribute('aria-live')).toBe('polite');
    expect(document.getElementById('window-status')?.textContent).toMatch(/^Publishing your window/);
    fireEvent.click(button);
    finish(ok(live));
    await screen.findByText('Live at');
    expect(request.mock.calls.filter(([name]) => name === 'publishWindow')).toHaveLength(1);
    expect(button.getAttribute('aria-disabled')).toBe('false');
  });

  it('shows how many files are uploaded while the background publishes, from what it writes to storage.session', async () => {
    let finish: (value: ReturnType<typeof ok<PublishOutcome>>) => void = () => undefined;
    show({ getPublishTarget: () => ok(view(S3, { lastPublish: { at: 1, auto: false, status: 'live', liveUrl: 'https://pub.example.com/mei/index.html' } })), publishWindow: () => new Promise((resolve) => (finish = resolve)) });
    fireEvent.click(await screen.findByRole('button', { name: 'Publish window' }));
    await waitFor(() => expect(document.getElementById('window-status')?.textContent).toMatch(/^Publishing your window/));
    // A publish that has run for a second: past the interval after which the background writes its first note (a7164bc).
    const writer = sessionProgressWriter(Date.now() - 1000, () => Date.now());
    writer.update({ ...live.progress, total: 1048, unchanged: 0, uploaded: 312 });
    await waitFor(() => expect(document.getElementById('window-status')?.textContent).toMatch(/^Uploading your window: 312 of 1,?048 files…$/));
    const bar = document.querySelector('progress.window-progress') as HTMLProgressElement;
    expect([bar.getAttribute('value'), bar.getAttribute('max')]).toEqual(['312', '1048']);
    await writer.done();
    finish(ok(live));
    await screen.findByText('Live at');
    expect(screen.getByText(/Files: 7 uploaded, 0 unchanged, 0 deleted\./)).toBeTruthy();
    // The Studio offers to upload everything again once the window has been live.
    expect(screen.getByRole('button', { name: 'Upload every file again' })).toBeTruthy();
  });

  it('says which step failed and what to do, for the kind of storage, in the UI language', async () => {
    show({ getPublishTarget: () => ok(view(S3)), publishWindow: () => ok(failed('auth', 'upload', { params: { status: 403, serverCode: 'SignatureDoesNotMatch' }, file: 'p/a.html' })) });
    fireEvent.click(await screen.findByRole('button', { name: 'Publish window' }));
    const alert = await screen.findByText(/The storage refused the keys/);
    expect(alert.closest('[role="alert"]')?.textContent).toContain('Publishing failed while uploading the pages (p/a.html).');
    expect(alert.closest('[role="alert"]')?.textContent).toContain('2 of 7 files were uploaded.');
    cleanup();
    show({ getPublishTarget: () => ok(view(DAV)), publishWindow: () => ok(failed('auth', 'connect', { params: { status: 401 } })) }, 'zh');
    fireEvent.input(await screen.findByLabelText('本次发布用的密钥（不会记住）'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: '发布橱窗' }));
    const zhAlert = await screen.findByText(/WebDAV 服务器拒绝了用户名或密码/);
    expect(zhAlert.closest('[role="alert"]')?.textContent).toContain('发布失败，出错步骤：连接文件夹。');
    // The password field points at the message about it.
    expect(screen.getByLabelText('本次发布用的密钥（不会记住）').getAttribute('aria-describedby')).toContain('window-failure');
  });

  it('asks for the secret at publish when it is not remembered, and sends it for that publish only', async () => {
    let sent: unknown;
    show({ getPublishTarget: () => ok(view(DAV)), publishWindow: (data) => ((sent = data), ok(live)) });
    const button = await screen.findByRole('button', { name: 'Publish window' });
    fireEvent.click(button);
    const secret = input('Secret for this publish (not remembered)');
    await waitFor(() => expect(secret.getAttribute('aria-invalid')).toBe('true'));
    expect(document.activeElement).toBe(secret);
    expect(screen.getByText('Required.').id).toBe(secret.getAttribute('aria-describedby'));
    fireEvent.input(secret, { target: { value: 'app-password' } });
    fireEvent.click(button);
    await screen.findByText('Live at');
    expect(sent).toEqual({ language: 'en', secret: 'app-password' });
    expect(secret.value).toBe('');
  });

  it('says so when there are no live picks, and publishes only when asked to', async () => {
    const request = show({ getPublishTarget: () => ok(view(S3)), listOwnPicks: () => livePicks(0), publishWindow: () => ok(live) });
    fireEvent.click(await screen.findByRole('button', { name: 'Publish window' }));
    await screen.findByText(/^You have no live picks, so your window would show none/);
    expect(request).not.toHaveBeenCalledWith('publishWindow', expect.anything());
    fireEvent.click(screen.getByRole('button', { name: 'Publish an empty window' }));
    await screen.findByText('Live at');
  });

  it('downloads the zip as haowu-window-<id>.zip in the chosen window language', async () => {
    const created: Blob[] = [];
    const names: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (created.push(blob as Blob), 'blob:zip'));
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    let sent: unknown;
    localStorage.setItem('haowu.window.language', 'zh');
    show({ getPublishTarget: () => ok(view({ kind: 'zip' })), buildWindowZip: (data) => ((sent = data), ok({ filename: 'x.zip', base64: btoa('PK\u0003\u0004'), bytes: 4, files: 6 })) });
    expect(await screen.findByText('Window language: 中文')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Download as .zip' }));
    await screen.findByText('Saved as haowu-window-01234567.zip (6 files). Unzip it into the folder your host serves.');
    expect(names).toEqual([windowZipName(EXPERT_ID)]);
    expect(new Uint8Array(await created[0]!.arrayBuffer())).toEqual(new Uint8Array([0x50, 0x4b, 3, 4]));
    expect(sent).toEqual({ language: 'zh' });
  });

  it('forgets the secret in one click, and removes the target with it', async () => {
    let current = view(S3);
    const request = show({
      getPublishTarget: () => ok(current),
      forgetPublishSecret: () => ((current = view(S3, { secretStored: false })), ok({ forgotten: true })),
      removePublishTarget: () => ((current = view(null)), ok({ removed: true })),
      listExpertSummaries: () => ok([]),
      listFeedOverview: () => ok({ collections: [] }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Forget the secret' }));
    await screen.findByText('Secret forgotten. Haowu asks for it at the next publish.');
    await waitFor(() => expect(document.activeElement).toBe(input('Secret for this publish (not remembered)')));
    expect(screen.queryByRole('button', { name: 'Forget the secret' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Remove target' }));
    await screen.findByText('Target removed, with its secret.');
    expect(request).toHaveBeenCalledWith('removePublishTarget', undefined);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'Download as .zip' })));
  });

  it('shows how the last (automatic) publish went', async () => {
    show({ getPublishTarget: () => ok(view(S3, { lastPublish: { at: Date.UTC(2025, 5, 1, 8), auto: true, status: 'failed', code: 'network', step: 'upload', message: 'x' } })) });
    await screen.findByText(/^The automatic publish at .+ failed: The connection to the server failed/);
  });
});

describe('the publisher’s codes in both languages', () => {
  const t = (language: Language) => (key: StringKey, params?: Record<string, string | number>) => translate(ALL_STRINGS, language, key, params);

  it('has a sentence for every error code, step and field problem, never the English fallback', () => {
    for (const language of ['en', 'zh'] as const) {
      for (const code of PUBLISH_ERROR_CODES) {
        for (const kind of ['s3', 'webdav'] as const) {
          const { what, where } = describeFailure(t(language), { code, step: 'upload', message: 'ENGLISH FALLBACK', params: {} }, kind);
          expect(what, `${language} ${code}`).not.toBe('ENGLISH FALLBACK');
          expect(where).not.toContain('{');
        }
      }
    }
    for (const key of [...Object.values(STEP_TEXT), ...TARGET_PROBLEM_CODES.map((code) => PROBLEM_TEXT[code])]) {
      expect(en[key]).toMatch(/\S/);
      expect(zh[key]).toMatch(/\S/);
    }
  });
});
