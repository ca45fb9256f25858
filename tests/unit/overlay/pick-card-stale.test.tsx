import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/I18n';
import { PickCard } from '../../../components/overlay/PickCard';
import { OVERLAY_STRINGS } from '../../../utils/i18n/overlay-strings';
import { expert, recommendation } from '../db/records';

afterEach(cleanup);

function card(props: Partial<Parameters<typeof PickCard>[0]> = {}, language: 'en' | 'zh' = 'en') {
  return render(
    <I18nProvider language={language} strings={OVERLAY_STRINGS}>
      <PickCard pick={{ recommendation: recommendation({ updatedAt: Date.UTC(2025, 10, 20) }), expert: expert({ displayName: 'Mei' }) }} priceNow={null} plainUrl="https://detail.tmall.com/item.htm?id=600001" onToggleFollow={() => undefined} {...props} />
    </I18nProvider>,
  );
}

describe('PickCard: fresh or stale, as the background says', () => {
  it('says nothing about freshness when the pick is current', () => {
    card();
    expect(screen.queryByText(/could not update/)).toBeNull();
  });

  it('says since when a stale pick’s feed could not update, in English and Chinese', () => {
    const stale = { recommendation: recommendation({ updatedAt: Date.UTC(2025, 10, 20) }), expert: expert({ displayName: 'Mei' }), staleSince: Date.UTC(2025, 11, 3, 12) };
    card({ pick: stale });
    expect(screen.getByText('From Dec 3, 2025 — could not update since')).toBeTruthy();
    cleanup();
    card({ pick: stale }, 'zh');
    expect(screen.getByText('来自2025年12月3日，此后未能更新')).toBeTruthy();
  });

  it('opens the expert’s page in Haowu from their name (only the shopper’s own clicks, through the panel’s guard)', () => {
    const open = vi.fn();
    card({ onOpenExpert: open });
    const name = screen.getByRole('button', { name: 'See all picks by Mei in Haowu' });
    expect(name.querySelector('bdi')?.textContent).toBe('Mei');
    fireEvent.click(name);
    expect(open).toHaveBeenCalledWith('fp-alice');
  });

  it('has no expert link for the user’s own pick', () => {
    card({ onOpenExpert: vi.fn(), pick: { recommendation: recommendation(), expert: expert({ kind: 'local', displayName: 'Me' }) } });
    expect(screen.queryByRole('button', { name: /See all picks/ })).toBeNull();
  });
});
