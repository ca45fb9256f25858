import { afterEach, describe, expect, it, vi } from 'vitest';
import { askExpertFirstRows, takeExpertFirstRows } from '../../../utils/popup/expert-first-rows';

const request = vi.hoisted(() => vi.fn((name: string, data: unknown) => Promise.resolve({ ok: true, value: { name, data } })));
vi.mock('../../../utils/messaging/client', () => ({ request }));

const ID = 'ed25519:ab12ef00000000000000000000cdcd34';

afterEach(() => {
  // Nothing left over for the next test (taking for someone else asks anew: forgotten too).
  takeExpertFirstRows('nobody');
  request.mockClear();
});

describe('an expert page’s first rows, asked for by the full tab’s first script', () => {
  it('asks once, at the address’s expert, and the app takes that request instead of asking again', async () => {
    askExpertFirstRows(`#expert=${encodeURIComponent(ID)}`);
    expect(request).toHaveBeenCalledExactlyOnceWith('getExpertPage', { expertId: ID, limit: 40 });
    const taken = takeExpertFirstRows(ID);
    expect(taken.expertId).toBe(ID);
    expect(await taken.answer).toEqual({ ok: true, value: { name: 'getExpertPage', data: { expertId: ID, limit: 40 } } });
    expect(request).toHaveBeenCalledOnce();
  });

  it('asks nothing for an address that names no expert', () => {
    askExpertFirstRows('#tab=picks');
    askExpertFirstRows('');
    expect(request).not.toHaveBeenCalled();
  });

  it('asks anew when the script did not ask, or asked for another expert, and hands a request over only once', () => {
    expect(takeExpertFirstRows(ID).expertId).toBe(ID);
    expect(request).toHaveBeenCalledOnce();
    askExpertFirstRows('#expert=someone-else');
    takeExpertFirstRows(ID);
    expect(request).toHaveBeenLastCalledWith('getExpertPage', { expertId: ID, limit: 40 });
    askExpertFirstRows(`#expert=${encodeURIComponent(ID)}`);
    takeExpertFirstRows(ID);
    takeExpertFirstRows(ID);
    expect(request).toHaveBeenCalledTimes(5);
  });
});
