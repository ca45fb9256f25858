import { afterEach, describe, expect, it, vi } from 'vitest';
import { HOST_TAG, MAX_RESTORES, attachShadowHost as attach, type ShadowHost } from '../../../utils/overlay/shadow-host';

// Every host made here is removed for good after its test (a removed node would otherwise come back).
const made: ShadowHost[] = [];
const attachShadowHost = (...args: Parameters<typeof attach>) => {
  const host = attach(...args);
  made.push(host);
  return host;
};

afterEach(() => {
  for (const host of made.splice(0)) host.remove();
  document.head.replaceChildren();
  document.body.replaceChildren();
});

/** Lets the host's MutationObserver run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the overlay’s host on a store page', () => {
  it('keeps its content in a closed root the page cannot reach', () => {
    const { container, root } = attachShadowHost(document, '.x{}');
    container.textContent = 'picks';
    const host = document.querySelector(HOST_TAG)!;
    expect(host.shadowRoot).toBeNull();
    expect(root.mode).toBe('closed');
    expect(document.body.textContent).not.toContain('picks');
    expect(root.querySelector('style')?.textContent).toBe('.x{}');
  });

  it('comes back when the page removes it, and undoes the page’s attributes and styles', async () => {
    const host = () => document.querySelector(HOST_TAG) as HTMLElement | null;
    attachShadowHost(document, '');
    const style = host()!.getAttribute('style');
    expect(style).toContain('display: block !important');
    host()!.remove();
    await settle();
    expect(host()?.isConnected).toBe(true);
    host()!.hidden = true;
    host()!.setAttribute('inert', '');
    host()!.style.display = 'none';
    await settle();
    expect(host()!.getAttributeNames()).toEqual(['style']);
    expect(host()!.getAttribute('style')).toBe(style);
  });

  it('gives up after a bounded number of restores, so a page fighting it cannot loop forever', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    attachShadowHost(document, '');
    for (let i = 0; i <= MAX_RESTORES; i++) {
      document.querySelector(HOST_TAG)?.remove();
      await settle();
    }
    expect(document.querySelector(HOST_TAG)).toBeNull();
    expect(warn).toHaveBeenCalledOnce();
  });

  it('replaces a host left behind (an older copy of the script, or a decoy) and goes for good when removed', async () => {
    const decoy = document.createElement(HOST_TAG);
    document.body.append(decoy);
    const host = attachShadowHost(document, '');
    expect(document.querySelectorAll(HOST_TAG)).toHaveLength(1);
    expect(decoy.isConnected).toBe(false);
    host.remove();
    await settle();
    expect(document.querySelector(HOST_TAG)).toBeNull();
  });
});
