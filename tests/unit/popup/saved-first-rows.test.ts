import { afterEach, describe, expect, it, vi } from 'vitest';
import { SAVED_FIRST_PAGE, askSavedFirstRows, takeSavedFirstRows } from '../../../utils/popup/saved-first-rows';

const request = vi.hoisted(() => vi.fn((name: string, data: unknown) => Promise.resolve({ ok: true, value: { name, data } })));
vi.mock('../../../utils/messaging/client', () => ({ request }));

afterEach(() => {
  // Nothing left over for the next test (taking when none was asked for asks: forgotten too).
  takeSavedFirstRows();
  request.mockClear();
});

describe('the Saved tab’s first rows, asked for by the popup’s first module', () => {
  it('asks once for the newest page, and the tab takes that request instead of asking again', async () => {
    askSavedFirstRows();
    askSavedFirstRows();
    expect(request).toHaveBeenCalledExactlyOnceWith('listSaved', { limit: SAVED_FIRST_PAGE });
    expect(await takeSavedFirstRows()).toEqual({ ok: true, value: { name: 'listSaved', data: { limit: SAVED_FIRST_PAGE } } });
    expect(request).toHaveBeenCalledOnce();
  });

  it('hands the early request over once: a second take (a retry, the full tab) asks anew', () => {
    askSavedFirstRows();
    void takeSavedFirstRows();
    void takeSavedFirstRows();
    expect(request).toHaveBeenCalledTimes(2);
    void takeSavedFirstRows();
    expect(request).toHaveBeenCalledTimes(3);
  });
});
