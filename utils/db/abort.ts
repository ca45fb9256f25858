/**
 * Aborts a transaction so nothing it wrote lands, and waits until it has ended. Safe to call on one
 * that already ended or aborted (a failed write aborts it): abort() then throws, which is ignored.
 * Callers throw their own error afterwards.
 */
export async function abortTransaction(tx: { abort(): void; done: Promise<void> }): Promise<void> {
  try {
    tx.abort();
  } catch {
    // already finished or aborted
  }
  await tx.done.catch(() => undefined);
}
