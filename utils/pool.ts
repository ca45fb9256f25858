/**
 * Runs `items` with at most `size` running at once, and returns their results in order. Used where
 * many network requests wait on round trips: enough at once to hide them, few enough for a
 * phone-class machine and for the servers asked.
 */
export async function inPool<T>(items: readonly (() => Promise<T>)[], size: number): Promise<T[]> {
  const results: T[] = new Array<T>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await items[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return results;
}
