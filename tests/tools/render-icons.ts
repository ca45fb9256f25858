// Renders tests/tools/icon.svg to the PNG sizes the stores ask for (public/icon/SIZE.png), in headless
// Chromium so no image toolchain is needed. Run after editing the SVG: `npx tsx tests/tools/render-icons.ts`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { findChromium } from '../harness/find-browser';
import { PROJECT_ROOT } from '../harness/paths';

const SIZES = [16, 32, 48, 96, 128];
const svg = readFileSync(join(PROJECT_ROOT, 'tests/tools/icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
    await page.screenshot({ path: join(PROJECT_ROOT, `public/icon/${size}.png`), omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(`wrote public/icon/{${SIZES.join(',')}}.png`);
