import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

function onPath(command: string): string | null {
  try {
    return execFileSync('which', [command], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Chromium for the e2e tests, benchmark and demo. Browsers cannot be downloaded by npm here. */
export function findChromium(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, which does not exist.`);
    return fromEnv;
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const command of ['chromium', 'chromium-browser', 'google-chrome-for-testing']) {
    const path = onPath(command);
    if (path) return path;
  }
  throw new Error(
    'No Chromium found (looked at $CHROMIUM_PATH, /usr/bin/chromium, chromium-browser, google-chrome-for-testing).\n' +
      'Install one with:  sudo apt-get install -y chromium\n' +
      'or point CHROMIUM_PATH at a Chromium or Chrome for Testing binary.',
  );
}

export function findFirefox(): string {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`FIREFOX_PATH is set to ${fromEnv}, which does not exist.`);
    return fromEnv;
  }
  for (const command of ['firefox-esr', 'firefox']) {
    const path = onPath(command);
    if (path) return path;
  }
  throw new Error(
    'No Firefox found (looked at $FIREFOX_PATH, firefox-esr, firefox).\n' +
      'Install one with:  sudo apt-get install -y firefox-esr\n' +
      'or point FIREFOX_PATH at a Firefox binary.',
  );
}
