import { browser } from 'wxt/browser';

/*
 * Publishing on its own after the expert's picks or profile change (an option of the target):
 * debounced, 30 seconds after the last change, and one upload at a time. A change during an upload
 * schedules one more publish after it (debounced again), so the last change always gets published
 * and a burst of edits costs one upload.
 */

export const AUTO_PUBLISH_DELAY_MS = 30_000;
export const AUTO_PUBLISH_ALARM = 'haowu-auto-publish';

/** Runs `fire` once, `delayMs` from now; scheduling again replaces the pending run. */
export interface Scheduler {
  schedule(delayMs: number): void;
  cancel(): void;
}

export interface AutoPublisher {
  /** Something the window shows changed. */
  changed(): void;
  /** The debounce ran out (the scheduler calls this). */
  fire(): Promise<void>;
  /** Cancels a pending publish (the upload under way, if any, finishes). */
  cancel(): void;
  /** For the Studio and tests. */
  readonly state: 'idle' | 'scheduled' | 'publishing';
}

export interface AutoPublisherOptions {
  /** One publish; it decides itself whether there is anything to do (target saved, option on). */
  publish: () => Promise<unknown>;
  /** Made with the publisher's `fire`. */
  scheduler: (fire: () => void) => Scheduler;
  delayMs?: number;
  onError?: (error: unknown) => void;
}

export function createAutoPublisher({ publish, scheduler: makeScheduler, delayMs = AUTO_PUBLISH_DELAY_MS, onError }: AutoPublisherOptions): AutoPublisher {
  let scheduled = false;
  let running: Promise<void> | null = null;
  /** A change came while publishing: publish once more afterwards. */
  let again = false;

  const schedule = () => {
    scheduled = true;
    scheduler.schedule(delayMs);
  };

  const fire = async (): Promise<void> => {
    scheduled = false;
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        await publish();
      } catch (error) {
        onError?.(error);
      } finally {
        running = null;
        if (again) {
          again = false;
          schedule();
        }
      }
    })();
    return running;
  };

  const scheduler = makeScheduler(() => void fire());

  return {
    changed() {
      if (running) again = true;
      else schedule();
    },
    fire,
    cancel() {
      scheduled = false;
      again = false;
      scheduler.cancel();
    },
    get state() {
      return running ? 'publishing' : scheduled ? 'scheduled' : 'idle';
    },
  };
}

/** A scheduler on the page's timers (tests inject fake ones). */
export function timerScheduler(timers: { setTimeout: (fn: () => void, ms: number) => unknown; clearTimeout: (handle: never) => void } = globalThis) {
  return (fire: () => void): Scheduler => {
    let handle: unknown = null;
    const cancel = () => {
      if (handle !== null) timers.clearTimeout(handle as never);
      handle = null;
    };
    return {
      schedule(delayMs) {
        cancel();
        handle = timers.setTimeout(() => {
          handle = null;
          fire();
        }, delayMs);
      },
      cancel,
    };
  };
}

/**
 * A scheduler on `browser.alarms`, for the background: Chrome stops an idle service worker after
 * about 30 seconds, which would take a plain timer with it; an alarm wakes the worker again.
 * Re-creating the alarm replaces it, which is the debounce. Its listener is added at once, so a
 * worker woken by the alarm has it before its first turn ends. Chrome runs alarms no sooner than 30 s.
 */
export function alarmScheduler(name = AUTO_PUBLISH_ALARM) {
  return (fire: () => void): Scheduler & { stop: () => void } => {
    const onAlarm = (alarm: { name: string }) => {
      if (alarm.name === name) fire();
    };
    browser.alarms.onAlarm.addListener(onAlarm);
    return {
      schedule(delayMs) {
        void browser.alarms.create(name, { when: Date.now() + delayMs });
      },
      cancel() {
        void browser.alarms.clear(name);
      },
      stop() {
        browser.alarms.onAlarm.removeListener(onAlarm);
      },
    };
  };
}
