// @vitest-environment node
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { PublishError } from '../../../utils/publish/outcome';
import { toBase64, zipWindow } from '../../../utils/publish/zip';
import { testExpert, testWindow } from './window';

const NOW = Date.UTC(2025, 5, 1, 8);

describe('the window as a zip', () => {
  it('holds every file at its path, unchanged', async () => {
    const files = await testWindow(await testExpert(), '2025-06-01T08:00:00.000Z');
    const zip = zipWindow(files, NOW);
    expect(zip.filename).toBe('haowu-window-2025-06-01.zip');
    const entries = unzipSync(zip.bytes);
    expect(Object.keys(entries).sort()).toEqual(files.map((file) => file.path).sort());
    for (const file of files) expect(strFromU8(entries[file.path]!), file.path).toBe(file.body);
  });

  it('refuses what an upload refuses: too large, no feed, unsafe paths', async () => {
    const files = await testWindow(await testExpert(), '2025-06-01T08:00:00.000Z');
    const big = [...files, { path: 'big.bin', contentType: 'application/octet-stream', cacheControl: '', body: new Uint8Array(20 * 1024 * 1024) }];
    expect(() => zipWindow(big, NOW)).toThrow(expect.objectContaining({ code: 'too-large' }));
    expect(() => zipWindow(files.filter((file) => file.path !== 'feed.json'), NOW)).toThrow(PublishError);
    expect(() => zipWindow([...files, { path: '/etc/passwd', contentType: '', cacheControl: '', body: '' }], NOW)).toThrow(expect.objectContaining({ code: 'invalid-window' }));
  });

  it('encodes bytes as base64 for a message, in chunks', () => {
    const bytes = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7) % 256);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(toBase64(new Uint8Array())).toBe('');
  });
});
