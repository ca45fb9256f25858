import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../harness/paths';
import type { StepResult } from '../demo/story';
import { DEMO_STEPS } from '../demo/steps';
import { PUBLISHED_FEED_FILE } from '../demo/steps/expert-publish';

/*
 * Smoke test of `npm run demo`: the headless walk runs end to end on the build `npm test` just made,
 * every step succeeds and every screenshot it names is a PNG on disk, so the demo cannot rot unseen.
 */

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function runDemo(outDir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'npx',
      ['tsx', 'tests/demo/run.ts', '--headless', '--no-build', '--out', outDir],
      { cwd: PROJECT_ROOT, timeout: 110_000, maxBuffer: 10 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}\n${stderr}` }),
    );
  });
}

describe('npm run demo (headless)', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'haowu-demo-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('walks every step successfully and writes each screenshot, the log and the published feed', async () => {
    const { code, output } = await runDemo(outDir);
    const resultsFile = join(outDir, 'demo-steps.json');
    expect(existsSync(resultsFile), output).toBe(true);
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as StepResult[];

    expect(results.map((result) => result.id)).toEqual(DEMO_STEPS.map((step) => step.id));
    // Failed steps with their errors, so a broken feature is named in the test output.
    expect(results.filter((result) => !result.ok).map((result) => `${result.id}: ${result.error}`)).toEqual([]);
    expect(code, output).toBe(0);

    for (const result of results) {
      expect(result.screenshots.length, `${result.id} took no screenshot`).toBeGreaterThan(0);
      expect(result.lines.join(' ').length, `${result.id} logged nothing`).toBeGreaterThan(0);
      for (const file of result.screenshots) {
        const path = join(outDir, file);
        expect(existsSync(path), `${file} is missing`).toBe(true);
        expect(readFileSync(path).subarray(0, 8).equals(PNG_SIGNATURE), `${file} is not a PNG`).toBe(true);
        expect(statSync(path).size).toBeGreaterThan(5_000);
      }
    }

    const log = readFileSync(join(outDir, 'demo-log.txt'), 'utf8');
    expect(log).toContain(`All ${DEMO_STEPS.length} steps succeeded.`);
    expect(log).toMatch(/Tmall iPhone 11: \d+ expert picks? — Demo · 小美 \(demo data\)/);
    expect(existsSync(join(outDir, PUBLISHED_FEED_FILE))).toBe(true);
  }, 120_000);
});
