import { zipWindow as zipFiles } from '../window/zip';
import { prepareWindowFiles, type WindowFile } from './window-files';

/*
 * The window as one zip file, for any static host (GitHub Pages, Netlify, a web server): unzip it
 * into the folder that is served. The same checks and size caps as an upload; the zip itself is the
 * window builder's (utils/window/zip.ts: deterministic, safe paths only).
 */

export interface WindowZip {
  filename: string;
  bytes: Uint8Array;
}

/** Throws a PublishError (`too-large`, `invalid-window`) when the files cannot be published. */
export function zipWindow(files: readonly WindowFile[], now: number): WindowZip {
  prepareWindowFiles(files);
  return { filename: `haowu-window-${new Date(now).toISOString().slice(0, 10)}.zip`, bytes: zipFiles(files) };
}

/** Bytes as base64, for a message (runtime messages carry JSON, not bytes). Chunked: no call-stack limit. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
