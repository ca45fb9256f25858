import { afterEach, describe, expect, it, vi } from 'vitest';
import { SAVED_FIRST_PAGE, askSavedFirstRows, savedReadHereDone, takeSavedFirstRows } from '../../../utils/popup/saved-first-rows';

// No database in this page (fake-indexeddb, empty): every read is asked of the background
// (tests/unit/popup/saved-here.test.ts covers the read in the page itself).
const request = vi.hoisted(() => vi.fn((name: string, data: unknown) => Promise.resolve({ ok: true, value: { name, data } })));
vi.mock('../../../utils/messaging/client', () => ({ request }));

afterEach(async () => {
  // Nothing left over for the next test (taking when none was asked for reads: forgotten too).
  await takeSavedFirstRows();
  request.mockClear();
});

describe('the Saved tab’s first rows, asked for by the popup’s first module', () => {
  it('asks once for the newest page, and the tab takes that answer instead of asking again', async () => {
    askSavedFirstRows();
    askSavedFirstRows();
    expect(await takeSavedFirstRows()).toEqual({ ok: true, value: { name: 'listSaved', data: { limit: SAVED_FIRST_PAGE } } });
    expect(request).toHaveBeenCalledExactlyOnceWith('listSaved', { limit: SAVED_FIRST_PAGE });
  });

  it('hands the early answer over once: a second take (a retry, the full tab) asks anew', async () => {
    askSavedFirstRows();
    await takeSavedFirstRows();
    await takeSavedFirstRows();
    expect(request).toHaveBeenCalledTimes(2);
    await takeSavedFirstRows();
    expect(request).toHaveBeenCalledTimes(3);
  });

  it('tells when the read in the page is done, without waiting for the background’s answer that follows it (the first render waits for the former only)', async () => {
    request.mockReturnValueOnce(new Promise(() => undefined) as never);
    askSavedFirstRows();
    await savedReadHereDone();
    expect(request).toHaveBeenCalledExactlyOnceWith('listSaved', { limit: SAVED_FIRST_PAGE });
    // The background's answer never comes here: handed over (not awaited), so the next test starts afresh.
    void takeSavedFirstRows();
  });
});
