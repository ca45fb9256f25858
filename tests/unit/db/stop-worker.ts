import { IDBDatabase, IDBIndex, IDBObjectStore } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing/fake-browser';

/*
 * Stopping the service worker in a unit test. Every IndexedDB request (each one is awaited, directly
 * or through its transaction), every storage.local call and every call wrapped with `step` counts as
 * one step. At the chosen step the worker "stops": every write transaction still open aborts (its writes
 * never land, as when the browser kills the worker), and from then on every request throws, because
 * nothing runs after a stop. Counting the steps of a clean run gives every point to stop at.
 */

export class WorkerStopped extends Error {
  constructor() {
    super('service worker stopped');
  }
}

type Method = (...args: unknown[]) => unknown;

const STORE_METHODS = ['get', 'getAll', 'getAllKeys', 'getKey', 'put', 'add', 'delete', 'clear', 'count', 'openCursor', 'openKeyCursor'];
const INDEX_METHODS = ['get', 'getAll', 'getAllKeys', 'getKey', 'count', 'openCursor', 'openKeyCursor'];
const STORAGE_METHODS = ['get', 'set', 'remove', 'clear'] as const;

export interface StopRun {
  /** Steps taken (up to the stop, when there was one). */
  steps: number;
  stopped: boolean;
  /** What `work` threw or returned, when the worker did not stop. */
  result?: unknown;
}

/** Counts a step of `work` that is not a request (a fetch): wrap it with the run's `step`. */
export type Step = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * Runs `work`, stopping the worker at step `stopAt` (1-based; Infinity: never). Resolves when the
 * stopped transactions have ended, so the database then holds exactly what a restarted worker finds.
 */
export async function runStoppingAt(stopAt: number, work: (step: Step) => Promise<unknown>): Promise<StopRun> {
  let steps = 0;
  let stopped = false;
  const open = new Set<IDBTransaction>();
  const restore: (() => void)[] = [];

  const count = () => {
    if (stopped) throw new WorkerStopped();
    steps++;
    if (steps === stopAt) {
      stopped = true;
      // Writes in flight never land. (A read-only transaction has nothing to undo; aborting it would
      // only leave its `done` promise rejecting where no code is left to hear it.)
      for (const tx of open) {
        if (tx.mode === 'readonly') continue;
        try {
          tx.abort();
        } catch {
          // already committed or aborted
        }
      }
      throw new WorkerStopped();
    }
  };
  const patch = (target: Record<string, unknown>, name: string, wrap: (original: Method) => Method) => {
    const original = target[name] as Method | undefined;
    if (typeof original !== 'function') return;
    target[name] = wrap(original);
    restore.push(() => (target[name] = original));
  };
  const counted = (original: Method): Method =>
    function (this: unknown, ...args: unknown[]) {
      count();
      return original.apply(this, args);
    };

  for (const name of STORE_METHODS) patch(IDBObjectStore.prototype as unknown as Record<string, unknown>, name, counted);
  for (const name of INDEX_METHODS) patch(IDBIndex.prototype as unknown as Record<string, unknown>, name, counted);
  patch(IDBDatabase.prototype as unknown as Record<string, unknown>, 'transaction', (original) =>
    function (this: unknown, ...args: unknown[]) {
      if (stopped) throw new WorkerStopped();
      const tx = original.apply(this, args) as IDBTransaction;
      open.add(tx);
      const forget = () => open.delete(tx);
      tx.addEventListener('complete', forget);
      tx.addEventListener('abort', forget);
      tx.addEventListener('error', forget);
      return tx;
    },
  );
  const local = fakeBrowser.storage.local as unknown as Record<string, unknown>;
  for (const name of STORAGE_METHODS) patch(local, name, (original) => async (...args: unknown[]) => (count(), original.apply(fakeBrowser.storage.local, args)));

  const step: Step = async (work) => {
    count();
    return work();
  };
  // After a stop, the requests and `done` promises of the aborted transactions reject with nobody left
  // to hear them (in a real stop no code is). Those rejections are the stop's, not the code's: they
  // are let pass here; any other unhandled rejection still goes to the test runner.
  const runnerListeners = process.listeners('unhandledRejection');
  const onRejection = (reason: unknown, promise: Promise<unknown>) => {
    const name = (reason as { name?: unknown } | null)?.name;
    if (stopped && (reason instanceof WorkerStopped || name === 'AbortError')) return;
    for (const listener of runnerListeners) listener(reason, promise);
  };
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', onRejection);
  restore.push(() => {
    process.off('unhandledRejection', onRejection);
    for (const listener of runnerListeners) process.on('unhandledRejection', listener);
  });
  try {
    const result = await work(step);
    return { steps, stopped, result };
  } catch (error) {
    if (!stopped) throw error;
    return { steps, stopped };
  } finally {
    // The aborted transactions end asynchronously: wait until none is left open.
    while ([...open].some((tx) => tx.mode !== 'readonly')) await new Promise((resolve) => setTimeout(resolve, 0));
    // Let the rejections of the stop surface while they are still recognised as the stop's.
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    for (const undo of restore.reverse()) undo();
  }
}
