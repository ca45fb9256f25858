import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The trainer (tests/tools/train-page-model.ts) rewrites utils/page-model/weights.ts when run without
 * flags. `--help`, or a mistyped flag, must print its usage and write nothing: before, both fell
 * through to that default and refitted the weights.
 */

const tsx = join('node_modules', '.bin', 'tsx');
const WEIGHTS = join('utils', 'page-model', 'weights.ts');

describe('the page model trainer', () => {
  it('prints its usage for --help and refuses an unknown flag, writing nothing either way', () => {
    const before = readFileSync(WEIGHTS);
    const help = spawnSync(tsx, ['tests/tools/train-page-model.ts', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--cv [--folds 5]');
    const typo = spawnSync(tsx, ['tests/tools/train-page-model.ts', '--cv5'], { encoding: 'utf8' });
    expect(typo.status).toBe(2);
    expect(typo.stdout).toContain('Unknown argument --cv5: nothing was written.');
    expect(readFileSync(WEIGHTS).equals(before)).toBe(true);
  }, 60_000);
});
