import type { Result } from './result';

/**
 * Retries a request while the background is unreachable (a service worker waking up or restarting
 * after an update), so a click is not lost; any other failure is returned at once.
 */
export async function withRetry<T>(send: () => Promise<Result<T>>, delaysMs: readonly number[] = [150, 600, 1500]): Promise<Result<T>> {
  let result = await send();
  for (const delay of delaysMs) {
    if (result.ok || result.error.code !== 'unavailable') return result;
    await new Promise((resolve) => setTimeout(resolve, delay));
    result = await send();
  }
  return result;
}
