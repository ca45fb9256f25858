import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { listenForToggleOverlayCommand } from '../../../utils/background/toggle-overlay-command';

type CommandListener = (command: string, tab?: { id?: number }) => void;

/** WXT's fake browser has no commands API: capture the listener the module registers. */
function registeredListener(): CommandListener {
  let listener: CommandListener | undefined;
  (fakeBrowser as unknown as { commands: unknown }).commands = { onCommand: { addListener: (added: CommandListener) => (listener = added) } };
  listenForToggleOverlayCommand();
  if (!listener) throw new Error('no command listener was registered');
  return listener;
}

describe('the toggle-overlay keyboard command', () => {
  it('asks the content script of the tab it was pressed in to toggle the panel', async () => {
    const sendMessage = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);
    registeredListener()('toggle-overlay', { id: 42 });
    await vi.waitFor(() => expect(sendMessage).toHaveBeenCalledOnce());
    const [tabId, message] = sendMessage.mock.calls[0]!;
    expect(tabId).toBe(42);
    expect(message).toMatchObject({ type: 'toggleOverlay' });
  });

  it('is quiet on a tab without Haowu (no content script to answer)', async () => {
    const sendMessage = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    registeredListener()('toggle-overlay', { id: 7 });
    await vi.waitFor(() => expect(sendMessage).toHaveBeenCalledOnce());
    await new Promise((resolve) => setTimeout(resolve, 10));
    process.off('unhandledRejection', unhandled);
    expect(unhandled).not.toHaveBeenCalled();
  });

  it('ignores other commands', async () => {
    const sendMessage = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);
    registeredListener()('something-else', { id: 42 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sendMessage).not.toHaveBeenCalled();
  });
});
