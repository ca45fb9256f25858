// `npm run demo [-- --headless] [-- --out DIR] [-- --no-build] [-- --update-screenshots]`: builds Haowu, serves the demo store
// (a product page per partner store at its real URL, and the demo collection of made-up experts at an
// https address) inside Chromium, and follows the collection from the popup.
// With a display it leaves the browser open on the demo store for you. Headless (no display, or
// --headless) it walks the story in steps/index.ts, writes a screenshot per step, demo-log.txt and
// demo-steps.json to the output directory, and exits non-zero if any step failed.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromiumWithExtension } from '../harness/chromium';
import { extensionWithHostsGranted, followFromPopup } from '../harness/feed-follow';
import { PROJECT_ROOT } from '../harness/paths';
import { S3_KEY_ID, S3_ORIGIN, S3_SECRET, startPublishServers } from '../harness/publish-servers';
import { DEMO_COLLECTION_URL, DEMO_ORIGIN, DEMO_START_URL, demoSite } from './store';
import { formatResult, runSteps } from './story';
import { DEMO_STEPS } from './steps';
import { DEMO_WINDOW_BASE, DEMO_WINDOW_BUCKET } from './steps/expert-window';
import { WINDOW_ORIGIN } from '../harness/window-site';

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean', default: false },
    out: { type: 'string', default: 'demo-output' },
    'no-build': { type: 'boolean', default: false },
    // Headless: copy the README's pictures (readme-*.png, window-phone*.png) to tests/fixtures/screenshots/.
    'update-screenshots': { type: 'boolean', default: false },
  },
});
const headless = values.headless || !process.env.DISPLAY;
const outDir = resolve(PROJECT_ROOT, values.out!);

if (!values['no-build']) execFileSync('npm', ['run', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });

// The expert's window is published to a local S3-compatible server (s3rver) the demo starts, over
// https at https://s3.haowu.test inside the demo browser (tests/harness/publish-servers.ts: the host
// mapped to the server's port, its certificate trusted by this browser only).
const storage = await startPublishServers({ buckets: [DEMO_WINDOW_BUCKET] });
// The demo collection is followed through the popup, an expert followed from her window, and the
// window published to the local storage; their hosts are granted up front because the browser's
// permission prompt cannot be answered by a script, and the window's host stands in for the
// activeTab the toolbar button gives (see tests/harness/feed-follow.ts and popup-for-tab.ts).
const extension = extensionWithHostsGranted([DEMO_ORIGIN, S3_ORIGIN, WINDOW_ORIGIN]);
const session = await launchChromiumWithExtension({ headless, extensionDir: extension.dir, args: storage.chromiumArgs, networkHosts: storage.hosts });
session.context.setDefaultTimeout(10_000);
await session.serve(demoSite());
const close = async () => {
  await session.close();
  extension.remove();
  await storage.close();
};

if (!headless) {
  try {
    const popup = await session.openExtensionPage('popup.html');
    await popup.getByRole('tab', { name: 'Experts' }).click();
    console.log(await followFromPopup(popup, DEMO_COLLECTION_URL));
    await popup.close();
  } catch (error) {
    console.error(`Could not follow the demo collection: ${error instanceof Error ? error.message : String(error)}`);
  }
  const page = await session.context.newPage();
  await page.goto(DEMO_START_URL);
  console.log('Haowu demo store is open in Chromium. Close the browser window to end the demo.');
  console.log(
    `To publish your window from the Studio (expert mode): S3-compatible storage, endpoint ${S3_ORIGIN}, region us-east-1, bucket ${DEMO_WINDOW_BUCKET}, ` +
      `access key id ${S3_KEY_ID}, secret ${S3_SECRET}, public address ${DEMO_WINDOW_BASE} (a local server, reachable from this browser only).`,
  );
  await new Promise<void>((done) => session.context.on('close', () => done()));
  await close().catch(() => undefined);
  process.exit(0);
}

mkdirSync(outDir, { recursive: true });
const log: string[] = [];
const say = (text: string) => {
  console.log(text);
  log.push(text);
};
say(`Haowu demo, headless: ${new Date().toISOString()}`);
let results;
try {
  results = await runSteps(DEMO_STEPS, { session, outDir, state: {} }, (result) => say(formatResult(result)));
} finally {
  await close();
}
const windowStep = results.find((result) => result.id === 'expert-window');
const liveLine = windowStep?.lines.find((line) => line.startsWith('Live at '));
if (liveLine) say(`The demo expert's window: ${liveLine.slice('Live at '.length)} (served by the demo's local S3-compatible server, in the demo browser only)`);
const failed = results.filter((result) => !result.ok);
say(failed.length === 0 ? `All ${results.length} steps succeeded.` : `${failed.length} of ${results.length} steps FAILED: ${failed.map((result) => result.id).join(', ')}`);
if (values['update-screenshots']) {
  const shots = results.flatMap((result) => result.screenshots).filter((file) => /^\d+-(readme-|window-phone)/.test(file) && !file.includes('FAILED'));
  const into = join(PROJECT_ROOT, 'tests/fixtures/screenshots');
  for (const file of shots) copyFileSync(join(outDir, file), join(into, file.replace(/^\d+-/, '')));
  say(`Copied ${shots.length} README pictures to tests/fixtures/screenshots/`);
}
writeFileSync(join(outDir, 'demo-log.txt'), `${log.join('\n')}\n`);
writeFileSync(join(outDir, 'demo-steps.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nScreenshots, demo-log.txt and demo-steps.json are in ${outDir}`);
process.exit(failed.length === 0 ? 0 : 1);
