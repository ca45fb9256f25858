import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/I18n';
import { CheckoutPage } from '../../../components/popup/CheckoutPage';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import { cartLine, cny, fakeRequest, ok } from './fixtures';

const mocked = vi.hoisted(() => ({ request: null as unknown as ReturnType<typeof import('./fixtures').fakeRequest> }));
vi.mock('../../../utils/messaging/client', () => ({ request: (...args: unknown[]) => (mocked.request as (...a: unknown[]) => unknown)(...args) }));
afterEach(cleanup);

describe('CheckoutPage: the Open all hint', () => {
  it('is said once for the page, not under every store (issue 16)', async () => {
    mocked.request = fakeRequest({
      listCheckout: () => ok([cartLine('tmall:1', 'tmall', 1, 300, { title: 'Apple iPhone 11', lastPrice: cny(4999) }), cartLine('jd:2', 'jd', 1, 200, { title: 'Huawei', lastPrice: cny(699) })]),
      listPurchases: () => ok([]),
    });
    render(
      <I18nProvider language="en" strings={ALL_STRINGS}>
        <CheckoutPage />
      </I18nProvider>,
    );
    await waitFor(() => expect(document.querySelectorAll('section.store-group')).toHaveLength(2));
    expect(screen.getAllByText('Opens each product in a new tab, through the expert link where there is one.')).toHaveLength(1);
  });
});
