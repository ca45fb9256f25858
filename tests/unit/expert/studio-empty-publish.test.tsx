import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/I18n';
import { StudioTab } from '../../../components/popup/StudioTab';
import { createDbConnection, type DbConnection } from '../../../utils/db/open';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import { registerMessageHandlers } from '../../../utils/messaging/register';
import { updateSettings } from '../../../utils/settings';
import { resetIndexedDb } from '../db/helpers';

// Issue 16: publishing with zero picks went through without a word.
vi.mock('../../../utils/messaging/client', async () => {
  const wire = await import('../messaging/wire');
  return { request: (name: never, data: never) => wire.sendAs(wire.popupSender, name, data) };
});
vi.mock('../../../utils/popup/download', () => ({ downloadText: () => undefined }));

let connection: DbConnection;
let unregister: () => void;
beforeEach(async () => {
  resetIndexedDb();
  connection = createDbConnection();
  unregister = registerMessageHandlers(connection, undefined, () => Date.UTC(2025, 5, 1));
  await updateSettings({ expertMode: true });
});
afterEach(async () => {
  cleanup();
  unregister();
  await connection.close();
});

describe('StudioTab: publishing with no picks', () => {
  it('says the feed is empty and how to add a pick', async () => {
    render(
      <I18nProvider language="en" strings={ALL_STRINGS}>
        <StudioTab />
      </I18nProvider>,
    );
    await screen.findByRole('heading', { name: 'Create your expert profile' });
    fireEvent.input(screen.getByLabelText('Display name'), { target: { value: 'Mei' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create profile' }));
    await screen.findByText(/^Your expert id: ed25519:/);
    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    expect((await screen.findByText(/Your feed has no recommendations yet/)).textContent).toContain('Recommend');
  });
});
