import { afterEach, describe, expect, it } from 'vitest';
import { loadedPanel, panelProvided, providePanel, type OverlayPanel } from '../../../utils/overlay/panel-api';

const panel: OverlayPanel = { mount: () => ({ update: () => {}, unmount: () => {} }), prepare: () => {} };

afterEach(() => {
  delete (globalThis as Record<string, unknown>).__haowuOverlayPanel;
  delete (globalThis as Record<string, unknown>).__haowuOverlayPanelWaiter;
});

describe('how the content script meets the panel’s script (issue 19)', () => {
  it('hands the panel to the waiting content script as the panel’s script runs, before any answer of the background', async () => {
    const provided = panelProvided();
    let got: OverlayPanel | null = null;
    void provided.then((value) => (got = value));
    await Promise.resolve();
    expect(got).toBeNull();
    providePanel(panel);
    expect(loadedPanel()).toBe(panel);
    await expect(provided).resolves.toBe(panel);
    // The waiter is used once and leaves nothing behind.
    expect(Object.keys(globalThis)).not.toContain('__haowuOverlayPanelWaiter');
  });

  it('answers at once when the panel’s script already ran', async () => {
    providePanel(panel);
    await expect(panelProvided()).resolves.toBe(panel);
  });
});
