import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEFAULT_SETTINGS, getSettings, resetSettings, updateSettings, watchSettings } from '../../utils/settings';

describe('settings', () => {
  it('defaults when nothing is stored', async () => {
    expect(await getSettings()).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({ language: 'auto', theme: 'auto', amazonOptIn: false, otherSitesOptIn: false, feedRefreshHours: 6, expertMode: false });
    expect(Object.values(DEFAULT_SETTINGS.stores).every(Boolean)).toBe(true);
    expect(Object.keys(DEFAULT_SETTINGS.stores).sort()).toEqual(['jd', 'pinduoduo', 'taobao', 'tmall', 'weidian']);
  });

  it('updates fields, merging per-store switches', async () => {
    await updateSettings({ language: 'zh', stores: { jd: false } });
    await updateSettings({ stores: { taobao: false }, feedRefreshHours: 12 });
    const settings = await getSettings();
    expect(settings).toMatchObject({ language: 'zh', feedRefreshHours: 12, stores: { jd: false, taobao: false, tmall: true } });
  });

  it('refuses a bad change with the field at fault, keeping what was stored', async () => {
    await updateSettings({ theme: 'dark' });
    await expect(updateSettings({ feedRefreshHours: 0 })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('feedRefreshHours') });
    await expect(updateSettings({ theme: 'neon' })).rejects.toMatchObject({ message: expect.stringContaining('theme') });
    await expect(updateSettings({ telemetry: true })).rejects.toMatchObject({ code: 'invalid-input' });
    expect((await getSettings()).theme).toBe('dark');
  });

  it('falls back per field on corrupt stored data, never throwing', async () => {
    await fakeBrowser.storage.local.set({ settings: { language: 'klingon', theme: 'dark', stores: { jd: 'yes', tmall: false }, feedRefreshHours: -3 } });
    expect(await getSettings()).toMatchObject({ language: 'auto', theme: 'dark', stores: { jd: true, tmall: false }, feedRefreshHours: 6 });
    await fakeBrowser.storage.local.set({ settings: 'garbage' });
    expect(await getSettings()).toEqual(DEFAULT_SETTINGS);
    await fakeBrowser.storage.local.set({ settings: { stores: null } });
    expect((await getSettings()).stores).toEqual(DEFAULT_SETTINGS.stores);
  });

  it('notifies watchers with validated settings, and resets', async () => {
    const seen: string[] = [];
    const unwatch = watchSettings((settings) => seen.push(settings.theme));
    await updateSettings({ theme: 'light' });
    await resetSettings();
    unwatch();
    expect(seen).toEqual(['light', 'auto']);
    expect(await getSettings()).toEqual(DEFAULT_SETTINGS);
  });
});
