import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/I18n';
import { ExpertAvatar } from '../../../components/popup/ExpertAvatar';
import { ExpertsTab } from '../../../components/popup/ExpertsTab';
import { FeedTools } from '../../../components/popup/FeedTools';
import { EMPTY_COLLECTION_STATUS } from '../../../utils/feed/followed-collections';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import { pngDataUrl, webpDataUrl } from '../avatar/images';
import { expert, fakeRequest, ok, type Handlers } from './fixtures';

const mocked = vi.hoisted(() => ({ request: null as unknown as ReturnType<typeof import('./fixtures').fakeRequest> }));
vi.mock('../../../utils/messaging/client', () => ({ request: (...args: unknown[]) => (mocked.request as (...a: unknown[]) => unknown)(...args) }));

const AVATAR = 'https://img.example/mei.png';
const WANG_AVATAR = 'https://img.example/wang.png';

function show(ui: preact.ComponentChild, handlers: Handlers) {
  mocked.request = fakeRequest(handlers);
  return render(<I18nProvider language="en" strings={ALL_STRINGS}>{ui}</I18nProvider>);
}
afterEach(cleanup);

const images = () => [...document.querySelectorAll('img')].map((img) => img.getAttribute('src'));
const attributeValues = () => [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.value)).join(' ');

const mei = expert({ avatarUrl: AVATAR, avatarCopy: { sourceUrl: AVATAR, dataUrl: webpDataUrl(), fetchedAt: 1 } });
const wang = expert({ id: 'fp-wang', displayName: 'Lao Wang', avatarUrl: WANG_AVATAR, followed: false, followedAt: null });

describe('ExpertAvatar (popup)', () => {
  it('shows the stored copy, else initials, never the address', () => {
    const { container, rerender } = render(<ExpertAvatar expert={mei} />);
    expect(container.querySelector('img')?.getAttribute('src')).toBe(webpDataUrl());
    rerender(<ExpertAvatar expert={wang} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toBe('LW');
    rerender(<ExpertAvatar expert={{ ...wang, avatarCopy: { sourceUrl: 'https://img.example/old.png', dataUrl: pngDataUrl(), fetchedAt: 1 } }} />);
    expect(container.querySelector('img')).toBeNull();
  });
});

describe('the popup’s expert lists', () => {
  it('the Experts tab shows stored copies and initials, and no avatar address', async () => {
    show(<ExpertsTab />, { listExpertSummaries: () => ok([{ expert: mei, picks: 1 }, { expert: { ...wang, followed: true, followedAt: 2 }, picks: 0 }]) });
    await waitFor(() => expect(screen.getByText('Lao Wang')).toBeTruthy());
    expect(images()).toEqual([webpDataUrl()]);
    expect(attributeValues()).not.toMatch(/https:\/\/img\.example/);
  });

  it('the experts known from a collection show the same', async () => {
    const collection = { id: 'https://feeds.example/pack.json', url: 'https://feeds.example/pack.json', name: 'Pack', description: null, curator: null, expertIds: ['fp-mei', 'fp-wang'], followedAt: 1, updatedAt: 1, status: EMPTY_COLLECTION_STATUS };
    show(<FeedTools onChange={() => undefined} />, { listFeedOverview: () => ok({ collections: [{ collection, experts: [{ expert: mei, picks: 1 }, { expert: wang, picks: 2 }] }] }) });
    await waitFor(() => expect(screen.getByText('Lao Wang')).toBeTruthy());
    expect(images()).toEqual([webpDataUrl()]);
    expect(attributeValues()).not.toMatch(/https:\/\/img\.example/);
  });
});
