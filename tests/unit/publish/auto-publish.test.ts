// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUTO_PUBLISH_DELAY_MS, createAutoPublisher, timerScheduler } from '../../../utils/publish/auto-publish';

/** A publish the test finishes when it wants, counting how many run at once. */
function controlledPublish() {
  const runs: { finish: () => void; fail: (error: Error) => void }[] = [];
  let running = 0;
  let most = 0;
  const publish = () =>
    new Promise<void>((resolve, reject) => {
      running++;
      most = Math.max(most, running);
      runs.push({
        finish: () => {
          running--;
          resolve();
        },
        fail: (error) => {
          running--;
          reject(error);
        },
      });
    });
  return { publish, runs, most: () => most };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const publisherWith = (publish: () => Promise<unknown>, onError?: (error: unknown) => void) =>
  createAutoPublisher({ publish, scheduler: timerScheduler({ setTimeout, clearTimeout }), onError });

describe('auto-publish', () => {
  it('publishes once, 30 seconds after the last of a burst of changes', async () => {
    const { publish, runs } = controlledPublish();
    const publisher = publisherWith(publish);
    publisher.changed();
    await vi.advanceTimersByTimeAsync(10_000);
    publisher.changed();
    await vi.advanceTimersByTimeAsync(20_000);
    publisher.changed();
    expect(publisher.state).toBe('scheduled');
    await vi.advanceTimersByTimeAsync(AUTO_PUBLISH_DELAY_MS - 1);
    expect(runs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toHaveLength(1);
    expect(publisher.state).toBe('publishing');
    runs[0]!.finish();
    await vi.runAllTimersAsync();
    expect(runs).toHaveLength(1);
    expect(publisher.state).toBe('idle');
  });

  it('runs one upload at a time; changes during an upload schedule exactly one more', async () => {
    const { publish, runs, most } = controlledPublish();
    const publisher = publisherWith(publish);
    publisher.changed();
    await vi.advanceTimersByTimeAsync(AUTO_PUBLISH_DELAY_MS);
    expect(runs).toHaveLength(1);
    publisher.changed();
    publisher.changed();
    // Even far past the delay, nothing starts while the upload is under way.
    await vi.advanceTimersByTimeAsync(5 * AUTO_PUBLISH_DELAY_MS);
    expect(runs).toHaveLength(1);
    runs[0]!.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(publisher.state).toBe('scheduled');
    await vi.advanceTimersByTimeAsync(AUTO_PUBLISH_DELAY_MS - 1);
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toHaveLength(2);
    runs[1]!.finish();
    await vi.runAllTimersAsync();
    expect(runs).toHaveLength(2);
    expect(most()).toBe(1);
  });

  it('fired again while publishing, waits for the run under way and publishes once more after it', async () => {
    const { publish, runs, most } = controlledPublish();
    const publisher = publisherWith(publish);
    void publisher.fire();
    const second = publisher.fire();
    expect(runs).toHaveLength(1);
    runs[0]!.finish();
    await second;
    await vi.advanceTimersByTimeAsync(AUTO_PUBLISH_DELAY_MS);
    expect(runs).toHaveLength(2);
    runs[1]!.finish();
    expect(most()).toBe(1);
  });

  it('keeps going after a failed publish, and cancels a pending one', async () => {
    const errors: unknown[] = [];
    const { publish, runs } = controlledPublish();
    const publisher = publisherWith(publish, (error) => errors.push(error));
    publisher.changed();
    await vi.advanceTimersByTimeAsync(AUTO_PUBLISH_DELAY_MS);
    runs[0]!.fail(new Error('offline'));
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toEqual([new Error('offline')]);
    expect(publisher.state).toBe('idle');

    publisher.changed();
    publisher.cancel();
    expect(publisher.state).toBe('idle');
    await vi.advanceTimersByTimeAsync(10 * AUTO_PUBLISH_DELAY_MS);
    expect(runs).toHaveLength(1);

    publisher.changed();
    await vi.advanceTimersByTimeAsync(AUTO_PUBLISH_DELAY_MS);
    expect(runs).toHaveLength(2);
  });
});
