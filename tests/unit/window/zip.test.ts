import { unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { buildExpertWindow } from '../../../utils/window/expert-window';
import { zipWindow } from '../../../utils/window/zip';
import { EXPERT, FEED_TEXT, NOW, pickSource } from './fixtures';

const windowFiles = async () =>
  (
    await buildExpertWindow({
      expert: EXPERT,
      picks: [pickSource('a', { recommendation: { tags: ['厨房'] } }), pickSource('B')],
      feedText: FEED_TEXT,
      language: 'zh',
      publicBaseUrl: null,
      now: NOW,
      timeZone: 'UTC',
    })
  ).files;

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

describe('zipWindow', () => {
  it('keeps every file at its path with its exact bytes', async () => {
    const files = await windowFiles();
    const unzipped = unzipSync(zipWindow(files));
    expect(Object.keys(unzipped)).toEqual(files.map((f) => f.path));
    expect(Object.keys(unzipped)).toEqual(expect.arrayContaining(['index.html', 'feed.json', 'store/jd.html', 'tag/_e5_8e_a8_e6_88_bf.html', 'p/a.html', 'p/_42.html']));
    for (const file of files) {
      const bytes = typeof file.body === 'string' ? new TextEncoder().encode(file.body) : file.body;
      expect(unzipped[file.path], file.path).toEqual(bytes);
    }
  });

  it('keeps binary bodies as they are', () => {
    const body = new Uint8Array([0, 255, 1, 2]);
    expect(unzipSync(zipWindow([{ path: 'a.bin', contentType: 'application/octet-stream', cacheControl: 'no-cache', body }]))['a.bin']).toEqual(body);
  });

  it('gives the same bytes for the same files, in any time zone', async () => {
    const files = await windowFiles();
    // Zip times are local times: with the current time, the two zones would give different bytes.
    process.env.TZ = 'America/Los_Angeles';
    const first = zipWindow(files);
    process.env.TZ = 'Asia/Shanghai';
    const second = zipWindow(files);
    expect(second).toEqual(first);
  });

  it('takes any plain file name, even one an object has as a property', () => {
    const files = ['constructor', 'toString.html', 'p/hasOwnProperty'].map((path) => ({ path, contentType: 'text/plain', cacheControl: '', body: path }));
    expect(Object.keys(unzipSync(zipWindow(files)))).toEqual(['constructor', 'toString.html', 'p/hasOwnProperty']);
  });

  it('refuses a path that could escape the folder, and two files at one path', () => {
    for (const path of ['../evil.html', '/etc/passwd', 'a/../../b', 'a//b', '', 'C:\\x', '__proto__', 'p/__proto__']) {
      expect(() => zipWindow([{ path, contentType: 'text/plain', cacheControl: '', body: 'x' }]), path).toThrow(/unusable path/);
    }
    const file = { path: 'index.html', contentType: 'text/html', cacheControl: '', body: 'x' };
    expect(() => zipWindow([file, file])).toThrow(/two files/);
  });
});
