import { describe, expect, it, vi } from 'vitest';
import { withRetry } from '../../../utils/messaging/retry';
import type { Result } from '../../../utils/messaging/result';

const unavailable: Result<number> = { ok: false, error: { code: 'unavailable', message: 'asleep' } };

describe('withRetry', () => {
  it('retries while the background is unavailable, then returns its answer', async () => {
    const send = vi.fn<() => Promise<Result<number>>>().mockResolvedValueOnce(unavailable).mockResolvedValueOnce(unavailable).mockResolvedValue({ ok: true, value: 7 });
    await expect(withRetry(send, [1, 1, 1])).resolves.toEqual({ ok: true, value: 7 });
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('gives up after the last delay with the unavailable error', async () => {
    const send = vi.fn(async () => unavailable);
    await expect(withRetry(send, [1, 1])).resolves.toEqual(unavailable);
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('does not retry other failures', async () => {
    const invalid: Result<number> = { ok: false, error: { code: 'invalid-input', message: 'bad' } };
    const send = vi.fn(async () => invalid);
    await expect(withRetry(send, [1, 1])).resolves.toEqual(invalid);
    expect(send).toHaveBeenCalledOnce();
  });
});
