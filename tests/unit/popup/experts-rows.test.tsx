import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/I18n';
import { ExpertsTab } from '../../../components/popup/ExpertsTab';
import type { ExpertRecord } from '../../../utils/db/schema';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import { expert, fakeRequest, ok } from './fixtures';

// Issue 16: an expert's row after a failed refresh said "Feed refreshed <date>" and the old success
// line beside "Last refresh failed", and never showed the feed's address.
const mocked = vi.hoisted(() => ({ request: null as unknown as ReturnType<typeof import('./fixtures').fakeRequest> }));
vi.mock('../../../utils/messaging/client', () => ({ request: (...args: unknown[]) => (mocked.request as (...a: unknown[]) => unknown)(...args) }));
afterEach(cleanup);

function show(record: ExpertRecord, language: 'en' | 'zh' = 'en') {
  mocked.request = fakeRequest({ listExpertSummaries: () => ok([{ expert: record, picks: 3 }]) });
  render(
    <I18nProvider language={language} strings={ALL_STRINGS}>
      <ExpertsTab />
    </I18nProvider>,
  );
}

const T = Date.UTC(2025, 0, 2, 8, 30);
const row = () => document.querySelector('li.expert')!.textContent!;

describe('ExpertsTab rows', () => {
  it('after a failed refresh: when the feed was last read, the failure, and no old success line', async () => {
    show(expert({ feedStatus: { lastFetchedAt: T, lastError: 'The feed could not be reached', etag: null, summary: '3 recommendations' } as ExpertRecord['feedStatus'] }));
    await waitFor(() => expect(document.querySelector('li.expert')).not.toBeNull());
    expect(row()).toContain('Last refresh failed');
    expect(row()).toContain('Last read successfully');
    expect(row()).not.toContain('Feed refreshed');
    expect(row()).not.toContain('Last feed:');
    expect(screen.getByText('https://feeds.example/mei.json')).toBeTruthy();
  });

  it('after a good refresh: when, and what the feed held', async () => {
    show(expert({ feedStatus: { lastFetchedAt: T, lastError: null, etag: null, summary: '3 recommendations' } as ExpertRecord['feedStatus'] }), 'zh');
    await waitFor(() => expect(document.querySelector('li.expert')).not.toBeNull());
    expect(row()).toContain('订阅更新于');
    expect(row()).not.toContain('上次成功读取于');
    expect(row()).toContain('https://feeds.example/mei.json');
  });
});
