import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtExtension, PROJECT_ROOT } from '../harness/paths';
import { partnerStoreMatchPatterns } from '../../utils/stores/partner-hosts';

// Checks the built manifests (this suite runs after `npm run build` and `build:firefox`).
const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8'));
const targets = ['chrome-mv3', 'firefox-mv2'] as const;

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe.each(targets)('built manifest for %s', (target) => {
  const dir = builtExtension(target);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));

  it('takes version from package.json and name/description from the locales', () => {
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.name).toBe('__MSG_extName__');
    expect(manifest.description).toBe('__MSG_extDescription__');
    expect(manifest.default_locale).toBe('en');
    for (const locale of ['en', 'zh_CN']) {
      const messages = JSON.parse(readFileSync(join(dir, '_locales', locale, 'messages.json'), 'utf8'));
      expect(messages.extName.message).toMatch(/\S/);
      expect(messages.extDescription.message).toMatch(/\S/);
    }
  });

  it('ships every icon at the size its key names', () => {
    const sizes = Object.keys(manifest.icons ?? {});
    expect(sizes).toEqual(expect.arrayContaining(['16', '32', '48', '96', '128']));
    for (const size of sizes) {
      expect(pngSize(join(dir, manifest.icons[size]))).toEqual({ width: Number(size), height: Number(size) });
    }
  });

  it('asks for the least: storage, plus host access to partner stores only', () => {
    const required = [...(manifest.permissions ?? []), ...(manifest.host_permissions ?? [])];
    // Host access is exactly the partner stores the content script runs on (for injecting the panel),
    // so it adds no install warning beyond the content script's own.
    const hosts = required.filter((permission: string) => permission.includes('://'));
    expect(hosts.sort()).toEqual(partnerStoreMatchPatterns().sort());
    expect(required.filter((permission: string) => !permission.includes('://')).sort()).toEqual(
      ['activeTab', 'alarms', 'contextMenus', 'storage', 'unlimitedStorage', ...(manifest.manifest_version === 3 ? ['scripting', 'offscreen'] : [])].sort(),
    );
    // Two content scripts on the same pages: the settings' read at document_start, the product page script at idle.
    const scriptMatches = manifest.content_scripts.map((script: { matches: string[] }) => [...script.matches].sort());
    expect(scriptMatches).toEqual([partnerStoreMatchPatterns().sort(), partnerStoreMatchPatterns().sort()]);
    // Nothing for a page to probe the extension by.
    expect(manifest.web_accessible_resources).toBeUndefined();
    const optional = manifest.optional_host_permissions ?? manifest.optional_permissions;
    expect(optional).toContain('https://www.amazon.com/*');
    // Price alerts' notifications are asked for when the user first sets one (issue 17), never at install.
    expect(manifest.optional_permissions).toContain('notifications');
    expect(required).not.toContain('notifications');
  });
});
