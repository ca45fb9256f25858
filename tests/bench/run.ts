// `npm run bench [-- --runs N] [-- --json FILE] [-- --only NAME]`: measures every speed and size
// budget in real Chromium with the built extension, prints one table, and optionally writes JSON.
// Sizes and most figures use the production build (.output/chrome-mv3); the product page's timings
// use the bench build (.output/chrome-mv3-bench), the same code with performance marks added.
// Timing figures with a floor (figure.ts) are budgeted as their ratio to it, measured in the same run.
// Budgets are reported, not asserted: the exit code is non-zero only when the harness itself fails.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { launchChromiumWithExtension, type ExtensionSession } from '../harness/chromium';
import { builtExtension } from '../harness/paths';
import { bundleSizeCases } from './cases/bundle-size';
import { contentScriptCases } from './cases/content-script';
import { databaseCases } from './cases/database';
import { detectionCases } from './cases/detection';
import { feedCases } from './cases/feeds';
import { picksCases } from './cases/picks';
import { popupCases } from './cases/popup';
import { priceTrackingCases } from './cases/price-tracking';
import { windowCases } from './cases/window';
import { copyWithFloorPages, type BuildWithFloorPages } from './floors/floor-pages';
import { summarise, type BenchCase, type BenchContext, type BenchResult } from './figure';

const ALL_CASES: BenchCase[] = [...bundleSizeCases, ...detectionCases, ...databaseCases, ...feedCases, ...contentScriptCases, ...popupCases, ...picksCases, ...windowCases, ...priceTrackingCases];

const { values } = parseArgs({
  options: { json: { type: 'string' }, runs: { type: 'string', default: '7' }, only: { type: 'string', multiple: true } },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a whole number, got ${values.runs}`);
const selected = values.only?.length ? ALL_CASES.filter((benchCase) => values.only!.some((name) => benchCase.name.includes(name))) : ALL_CASES;

// One browser at a time (the machines have 2 cores): asking for the other build closes the one open.
const sessions = new Map<string, Promise<ExtensionSession>>();
const sessionOf = async (extensionDir: string): Promise<ExtensionSession> => {
  for (const [dir, open] of sessions) {
    if (dir === extensionDir) continue;
    sessions.delete(dir);
    await (await open).close();
  }
  let open = sessions.get(extensionDir);
  if (!open) sessions.set(extensionDir, (open = launchChromiumWithExtension({ extensionDir })));
  return open;
};
// Each build is loaded from a copy that adds the first-rows floor page (floors/floor-pages.ts), so
// figures and their floors share one browser and one origin.
const copies = new Map<string, Promise<BuildWithFloorPages>>();
const withFloorPages = async (target: 'chrome-mv3' | 'chrome-mv3-bench'): Promise<string> => {
  let copy = copies.get(target);
  if (!copy) copies.set(target, (copy = copyWithFloorPages(builtExtension(target))));
  return (await copy).dir;
};
const context: BenchContext = {
  runs,
  chromium: async () => sessionOf(await withFloorPages('chrome-mv3')),
  chromiumBench: async () => sessionOf(await withFloorPages('chrome-mv3-bench')),
};

const results: BenchResult[] = [];
try {
  for (const benchCase of selected) {
    process.stderr.write(`measuring ${benchCase.name}…\n`);
    const result = summarise(benchCase, await benchCase.measure(context));
    results.push(result);
    // As it goes, so a later failure does not lose what was measured.
    process.stderr.write(`  ${result.median} ${result.unit}${result.floor ? ` (floor ${result.floor.median} ${result.unit}, ${result.ratio}×)` : ''}\n`);
  }
} finally {
  for (const open of sessions.values()) await (await open).close();
  for (const copy of copies.values()) (await copy).remove();
}

const figure = (value: number, unit: string) => `${value} ${unit}`;
const rows = results.map((result) => [
  result.name,
  figure(result.median, result.unit),
  `${result.min}–${result.max}`,
  String(result.runs),
  result.floor ? figure(result.floor.median, result.unit) : '–',
  result.ratio === null ? '–' : `${result.ratio}×`,
  // With a floor the ratio is the budget; the absolute budget is shown for information.
  result.ratioBudget === null
    ? `≤ ${result.budget} ${result.unit}`
    : `≤ ${result.ratioBudget}× (abs. ≤ ${result.budget} ${result.unit}${result.withinAbsoluteBudget ? '' : ', over'})`,
  result.pass ? 'pass' : 'FAIL',
]);
const header = ['figure', 'median', 'min–max', 'runs', 'floor', 'ratio', 'budget', 'result'];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
console.log([line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n'));
console.log(`\n${results.filter((result) => result.pass).length} of ${results.length} figures within budget`);
if (values.json) writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
