import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ExtensionSession } from '../harness/chromium';
import { overlayOf, type OverlayDriver } from '../harness/overlay';

/** What one step of the demo walk did: written to demo-log.txt, stdout and demo-steps.json. */
export interface StepResult {
  number: number;
  id: string;
  title: string;
  ok: boolean;
  /** What was shown, one line each. */
  lines: string[];
  /** File names in the output directory. */
  screenshots: string[];
  error?: string;
}

/** Pages and facts later steps build on (a step that needs one missing opens its own or fails clearly). */
export interface DemoState {
  tmall?: Page;
  popup?: Page;
}

export interface StepContext {
  session: ExtensionSession;
  outDir: string;
  state: DemoState;
  /** Screenshot of `page` as `NN-name.png` for this step; returns the file name. */
  shoot: (page: Page, name: string) => Promise<string>;
  /** Opens a page at `url` in the demo browser, remembered for a screenshot if the step fails. */
  open: (url: string) => Promise<Page>;
  /** Opens an extension page (`popup.html`, `checkout.html`) in a tab of the given size. */
  openExtensionPage: (path: string, size?: { width: number; height: number }) => Promise<Page>;
  /** Marks `page` as the one to screenshot if the step fails. */
  using: (page: Page) => Page;
  /** Haowu's overlay on `page`, read and driven as a person would (tests/harness/overlay.ts). */
  overlay: (page: Page) => OverlayDriver;
}

export interface DemoStep {
  id: string;
  title: string;
  /** Returns what was shown, as log lines; throws (with a plain sentence) when the feature failed. */
  run: (context: StepContext) => Promise<string | string[]>;
}

/** Popup pages are screenshot at roughly the size the toolbar popup has. */
export const POPUP_SIZE = { width: 420, height: 680 };
const STEP_TIMEOUT_MS = 45_000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs every step in order. A failing step is logged with its error (and a screenshot of the page it
 * was on) and the walk goes on, so one broken feature does not hide the others.
 */
export async function runSteps(
  steps: DemoStep[],
  base: { session: ExtensionSession; outDir: string; state: DemoState },
  report: (result: StepResult) => void,
): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const [index, step] of steps.entries()) {
    const number = index + 1;
    const prefix = String(number).padStart(2, '0');
    const screenshots: string[] = [];
    let current: Page | null = null;
    const using = (page: Page) => (current = page);
    const shoot = async (page: Page, name: string) => {
      const file = `${prefix}-${name}.png`;
      await page.screenshot({ path: join(base.outDir, file) });
      screenshots.push(file);
      return file;
    };
    const context: StepContext = {
      ...base,
      shoot,
      using,
      overlay: (page) => overlayOf(base.session, page),
      open: async (url) => {
        const page = using(await base.session.context.newPage());
        await page.goto(url);
        return page;
      },
      openExtensionPage: async (path, size = POPUP_SIZE) => {
        const page = using(await base.session.context.newPage());
        await page.setViewportSize(size);
        await page.goto(`chrome-extension://${base.session.extensionId}/${path}`);
        return page;
      },
    };
    let result: StepResult;
    try {
      const shown = await withTimeout(step.run(context), STEP_TIMEOUT_MS, step.title);
      result = { number, id: step.id, title: step.title, ok: true, lines: typeof shown === 'string' ? [shown] : shown, screenshots };
    } catch (failure) {
      const error = describeFailure(failure);
      const page = current as Page | null;
      if (page && !page.isClosed()) await shoot(page, `${step.id}-FAILED`).catch(() => undefined);
      result = { number, id: step.id, title: step.title, ok: false, lines: [], screenshots, error };
    }
    results.push(result);
    report(result);
  }
  return results;
}

const ANSI_COLOURS = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** The first line of the error; for a Playwright timeout, also what it was waiting for. */
function describeFailure(failure: unknown): string {
  if (!(failure instanceof Error)) return String(failure);
  const [first, ...rest] = failure.message.replace(ANSI_COLOURS, '').split('\n');
  const waitingFor = rest.map((line) => line.trim()).find((line) => line.includes('waiting for '));
  return waitingFor ? `${first} (${waitingFor.replace(/^-\s*/, '')})` : first!;
}

export function formatResult(result: StepResult): string {
  const head = `${String(result.number).padStart(2, '0')} ${result.ok ? 'OK  ' : 'FAIL'} ${result.title}`;
  const body = result.ok ? result.lines : [`FAILED: ${result.error}`];
  const shots = result.screenshots.length > 0 ? [`screenshots: ${result.screenshots.join(', ')}`] : [];
  return [head, ...[...body, ...shots].map((line) => `        ${line}`)].join('\n');
}
