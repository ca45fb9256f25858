// `npm run demo [-- --headless] [-- --out DIR]`: opens Chromium with the built extension on the demo
// store. With a display it leaves the browser open for you; headless (no display, or --headless) it
// walks the pages, prints what the overlay showed on each, and writes a screenshot of every step.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromiumWithExtension } from '../harness/chromium';
import { PROJECT_ROOT } from '../harness/paths';
import { DEMO_PAGES, DEMO_START_URL, demoStartPage } from './store';

const { values } = parseArgs({ options: { headless: { type: 'boolean', default: false }, out: { type: 'string', default: 'demo-output' } } });
const headless = values.headless || !process.env.DISPLAY;
const outDir = resolve(PROJECT_ROOT, values.out!);

const session = await launchChromiumWithExtension({ headless });
await session.serve([demoStartPage(DEMO_PAGES), ...DEMO_PAGES]);

if (!headless) {
  const page = await session.context.newPage();
  await page.goto(DEMO_START_URL);
  console.log('Haowu demo store is open in Chromium. Close the browser window to end the demo.');
  await new Promise<void>((done) => session.context.on('close', () => done()));
  process.exit(0);
}

mkdirSync(outDir, { recursive: true });
const log: string[] = [];
const say = (line: string) => {
  console.log(line);
  log.push(line);
};
let step = 0;
const shoot = async (page: import('playwright-core').Page, name: string) => {
  const file = join(outDir, `${String(++step).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  return file;
};

try {
  for (const demoPage of DEMO_PAGES) {
    const page = await session.context.newPage();
    await page.goto(demoPage.url);
    const launcher = page.locator('haowu-overlay .hw-launcher');
    const shown = await launcher
      .waitFor({ state: 'visible', timeout: 10_000 })
      .then(async () => (await launcher.textContent())?.trim() ?? '')
      .catch(() => null);
    const file = await shoot(page, demoPage.label.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
    say(`${demoPage.label}\n  ${demoPage.url}\n  overlay: ${shown === null ? '(none shown)' : shown}\n  screenshot: ${file}`);
    await page.close();
  }
  const popup = await session.openExtensionPage('popup.html');
  await popup.setViewportSize({ width: 400, height: 560 });
  say(`Popup\n  screenshot: ${await shoot(popup, 'popup')}`);
} finally {
  await session.close();
}
writeFileSync(join(outDir, 'demo-log.txt'), `${log.join('\n')}\n`);
console.log(`\nScreenshots and demo-log.txt are in ${outDir}`);
