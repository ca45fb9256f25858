import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { injectOverlayPanel } from '../../../utils/background/inject-overlay-panel';
import { HaowuError } from '../../../utils/errors';

type Fake = { scripting?: unknown; tabs: { executeScript?: unknown } };
const fake = fakeBrowser as unknown as Fake;

afterEach(() => {
  delete fake.scripting;
  delete fake.tabs.executeScript;
});

describe('injecting the overlay panel', () => {
  it('injects into the sender’s own tab and frame with scripting (Chrome)', async () => {
    const executeScript = vi.fn(async () => []);
    fake.scripting = { executeScript };
    await injectOverlayPanel({ id: fakeBrowser.runtime.id, tab: { id: 12 }, frameId: 3 });
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 12, frameIds: [3] }, files: ['/overlay-panel.js'] });
  });

  it('uses tabs.executeScript where there is no scripting API (Firefox MV2)', async () => {
    const executeScript = vi.fn(async () => []);
    fake.tabs.executeScript = executeScript;
    await injectOverlayPanel({ id: fakeBrowser.runtime.id, tab: { id: 5 } });
    expect(executeScript).toHaveBeenCalledWith(5, { file: '/overlay-panel.js', frameId: 0 });
  });

  it('refuses a sender without a tab, and explains a refusal by the browser', async () => {
    fake.scripting = { executeScript: vi.fn(async () => Promise.reject(new Error('Cannot access contents of the page.'))) };
    await expect(injectOverlayPanel({ id: fakeBrowser.runtime.id })).rejects.toMatchObject({ code: 'forbidden' });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const refused = await injectOverlayPanel({ id: fakeBrowser.runtime.id, tab: { id: 1 }, frameId: 0 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HaowuError);
    expect(refused).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/site access/) });
  });
});
