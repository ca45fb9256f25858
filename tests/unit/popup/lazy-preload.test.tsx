import { render, screen } from '@testing-library/preact';
import type { ComponentType } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/I18n';
import { lazyComponent } from '../../../components/popup/lazy';
import { POPUP_STRINGS } from '../../../utils/i18n/popup-strings';

const part = () => ({ component: ({ name }: { name: string }) => <p>Hello {name}</p> });
const draw = (Lazy: ComponentType<{ name: string }>, name: string) =>
  render(
    <I18nProvider language="en" strings={POPUP_STRINGS}>
      <Lazy name={name} />
    </I18nProvider>,
  );

describe('a lazily loaded part, loaded before it is shown (issue 19: the Picks tab after the Saved rows)', () => {
  it('loads once when preloaded, and is drawn at once, with no loading line, when then shown', async () => {
    const load = vi.fn(async () => part());
    const Lazy = lazyComponent(load);
    Lazy.preload();
    Lazy.preload();
    expect(load).toHaveBeenCalledOnce();
    await vi.waitFor(async () => expect(await load.mock.results[0]!.value).toBeTruthy());
    await Promise.resolve();
    draw(Lazy, 'Ann');
    expect(screen.getByText('Hello Ann')).toBeTruthy();
    expect(screen.queryByText('Loading…')).toBeNull();
    expect(load).toHaveBeenCalledOnce();
  });

  it('draws a part a page provides (the full tab carries the expert page) in its first render, never loading it', () => {
    const load = vi.fn(async () => part());
    const Lazy = lazyComponent(load);
    Lazy.provide(part());
    draw(Lazy, 'Cy');
    // Synchronously, in the first render: no loading line, no effect, no promise between.
    expect(screen.getByText('Hello Cy')).toBeTruthy();
    expect(screen.queryByText('Loading…')).toBeNull();
    expect(load).not.toHaveBeenCalled();
  });

  it('forgets a preload that failed, so showing the part loads it again', async () => {
    const load = vi.fn<() => Promise<ReturnType<typeof part>>>().mockRejectedValueOnce(new Error('chunk missing')).mockResolvedValue(part());
    const Lazy = lazyComponent(load);
    Lazy.preload();
    await vi.waitFor(() => expect(load).toHaveBeenCalledOnce());
    await new Promise((resolve) => setTimeout(resolve, 0));
    draw(Lazy, 'Bo');
    expect(await screen.findByText('Hello Bo')).toBeTruthy();
    expect(load).toHaveBeenCalledTimes(2);
  });
});
