import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/I18n';
import { SettingsTab } from '../../../components/popup/SettingsTab';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import { DEFAULT_SETTINGS, type Settings } from '../../../utils/settings';
import { expert, fakeRequest, ok } from './fixtures';

// Issue 16, Settings as a new user reads it.
const mocked = vi.hoisted(() => ({ request: null as unknown as ReturnType<typeof import('./fixtures').fakeRequest> }));
vi.mock('../../../utils/messaging/client', () => ({ request: (...args: unknown[]) => (mocked.request as (...a: unknown[]) => unknown)(...args) }));
vi.mock('../../../utils/popup/permissions', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../utils/popup/permissions')>()),
  grantedOrigins: vi.fn(async () => []),
}));
afterEach(cleanup);

function show(settings: Settings) {
  mocked.request = fakeRequest({ listFollowedExperts: () => ok([expert()]) });
  render(
    <I18nProvider language="en" strings={ALL_STRINGS}>
      <SettingsTab settings={settings} />
    </I18nProvider>,
  );
}

describe('SettingsTab: the Amazon line', () => {
  it('says that turning it off gives the access back only while it is on', () => {
    show({ ...DEFAULT_SETTINGS, amazonOptIn: false });
    expect(screen.queryByText('Turning this off gives the access back to the browser.')).toBeNull();
    cleanup();
    show({ ...DEFAULT_SETTINGS, amazonOptIn: true });
    expect(screen.getByText('Turning this off gives the access back to the browser.')).toBeTruthy();
  });
});
