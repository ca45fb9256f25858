import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLauncher, type LauncherView } from '../../../components/overlay/launcher';
import { acceptUserEvents, userClick } from './as-user';

const view = (overrides: Partial<LauncherView> = {}): LauncherView => ({ language: 'en', count: 0, saved: false, collapsed: false, error: null, ...overrides });

function setUp() {
  const handlers = { open: vi.fn(), toggleSaved: vi.fn(async () => {}), accept: acceptUserEvents };
  const launcher = createLauncher(document, handlers);
  document.body.append(launcher.element);
  const byLabel = (label: string | RegExp) =>
    [...launcher.element.querySelectorAll('button')].find((b) => !b.hidden && (typeof label === 'string' ? b.getAttribute('aria-label') === label : label.test(b.getAttribute('aria-label') ?? '')));
  return { launcher, handlers, byLabel };
}

afterEach(() => document.body.replaceChildren());

describe('the launcher', () => {
  it('counts the picks and opens the panel', () => {
    const { launcher, handlers, byLabel } = setUp();
    launcher.update(view({ count: 2 }));
    const open = byLabel('Open Haowu: 2 expert picks')!;
    expect(open.textContent).toBe('Haowu2 expert picks');
    expect(open.getAttribute('aria-expanded')).toBe('false');
    userClick(open);
    expect(handlers.open).toHaveBeenCalledOnce();
    launcher.update(view({ count: 1 }));
    expect(byLabel('Open Haowu: 1 expert pick')).toBeTruthy();
  });

  it('is quiet without picks: no count, and a save button that toggles and shows its state', async () => {
    const { launcher, handlers, byLabel } = setUp();
    launcher.update(view({ count: 0 }));
    expect(byLabel('Open Haowu: Save with Haowu')!.textContent).toBe('Haowu');
    const save = byLabel('Save this product')!;
    expect(save.getAttribute('aria-pressed')).toBe('false');
    userClick(save);
    // A second press while the first is under way does nothing.
    userClick(save);
    expect(handlers.toggleSaved).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(save.getAttribute('aria-disabled')).toBe('false'));
    launcher.update(view({ count: 0, saved: true }));
    expect(byLabel('Saved. Press to remove from saved items')!.getAttribute('aria-pressed')).toBe('true');
    // Issue 16: the launcher itself no longer offers to save what is saved.
    expect(byLabel('Open Haowu: Save with Haowu')).toBeUndefined();
    expect(byLabel('Open Haowu: Saved in Haowu')).toBeTruthy();
    launcher.update(view({ count: 0, saved: true, language: 'zh' }));
    expect(byLabel('打开好物：已收藏到好物')).toBeTruthy();
  });

  it('drops the save button once there are picks, and shows only the number when collapsed', () => {
    const { launcher, byLabel } = setUp();
    launcher.update(view({ count: 3 }));
    expect(byLabel(/Save/)).toBeUndefined();
    launcher.update(view({ count: 3, collapsed: true }));
    expect(byLabel('Open Haowu: 3 expert picks')!.textContent).toBe('Haowu3');
    launcher.update(view({ count: 0, collapsed: true }));
    expect(byLabel(/Save this product/)).toBeUndefined();
  });

  it('shows a failure as an alert, as text', () => {
    const { launcher } = setUp();
    launcher.update(view({ error: '<b>Haowu</b> could not open here.' }));
    const alert = launcher.element.querySelector('[role="alert"]') as HTMLElement;
    expect(alert.hidden).toBe(false);
    expect(alert.textContent).toBe('<b>Haowu</b> could not open here.');
    expect(alert.querySelector('b')).toBeNull();
    launcher.update(view());
    expect(alert.hidden).toBe(true);
  });

  it('ignores clicks a page script makes, on both buttons', () => {
    const { launcher, handlers, byLabel } = setUp();
    launcher.update(view({ count: 0 }));
    byLabel('Save this product')!.click();
    byLabel('Open Haowu: Save with Haowu')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(handlers.toggleSaved).not.toHaveBeenCalled();
    expect(handlers.open).not.toHaveBeenCalled();
  });

  it('refuses untrusted events by default, without a guard given', () => {
    const open = vi.fn();
    const launcher = createLauncher(document, { open, toggleSaved: vi.fn(async () => {}) });
    document.body.append(launcher.element);
    launcher.update(view({ count: 2 }));
    userClick(launcher.element.querySelector('.hw-launcher')!);
    expect(open).not.toHaveBeenCalled();
  });

  it('shows a product the page moved to by itself as a neutral button, no count, no save', () => {
    const { launcher, handlers, byLabel } = setUp();
    launcher.update(view({ pending: true, count: 3, saved: true }));
    const open = byLabel('Open Haowu: Show picks for this product')!;
    expect(open.textContent).toBe('HaowuShow picks for this product');
    expect(byLabel(/Save/)).toBeUndefined();
    userClick(open);
    expect(handlers.open).toHaveBeenCalledOnce();
  });

  it('speaks Chinese, hides while the panel is open and takes focus back', () => {
    const { launcher, byLabel } = setUp();
    launcher.update(view({ language: 'zh', count: 1 }));
    const open = byLabel('打开好物：1条达人推荐')!;
    expect(open.textContent).toBe('好物1条达人推荐');
    launcher.setHidden(true);
    expect(launcher.element.hidden).toBe(true);
    launcher.setHidden(false);
    launcher.focus();
    expect(document.activeElement).toBe(open);
  });
});
