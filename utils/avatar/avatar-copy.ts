import { readCapped, type FetchLike } from '../feed/fetch-feed';
import { AVATAR_DATA_URL_PREFIX, AVATAR_SIZE, isAvatarDataUrl, MAX_AVATAR_DATA_URL_LENGTH, type AvatarCopyType } from './stored-avatar';
import { imageSize, sniffImageType, type ImageType } from './image-bytes';

/*
 * Fetching an expert's avatar once, in the background, and keeping a small re-encoded copy.
 *
 * Why: the overlay panel runs inside store pages. Loading the avatar's address there would tell the
 * expert's server (or whoever hosts the image) when and on which product page the shopper opened
 * Haowu. Instead the background fetches it once, with no cookies and no referrer, and every UI shows
 * the copy (or initials). The file is decoded and redrawn at most 96×96, then encoded as WebP or
 * PNG: nothing of the original file (metadata, an odd format, a polyglot) survives, and what is
 * stored is small and of a known kind.
 *
 * Everything that touches the outside is injected (fetch, the decoder and encoder, the timer), so the
 * whole path runs in unit tests without network, without real time and without a canvas.
 */

/** The download limit: far above any sensible avatar; a larger answer is cut off while streaming. */
export const MAX_AVATAR_DOWNLOAD_BYTES = 1024 * 1024;
export const AVATAR_FETCH_TIMEOUT_MS = 10_000;
/**
 * Largest image, in pixels, that is decoded. A decoded bitmap takes 4 bytes a pixel: this keeps it
 * under 64 MB in the service worker, whatever a 1 MB file declares.
 */
export const MAX_AVATAR_PIXELS = 4096 * 4096;

/**
 * Content-Types accepted for an avatar (`image/jpg` is a common mislabel of JPEG). The bytes must
 * then also be one of the decoded types. Never SVG.
 */
const ACCEPTED_CONTENT_TYPES = new Set(['image/png', 'image/jpeg', 'image/jpg', 'image/gif', 'image/webp', 'image/avif']);

/** Why no copy was made. The record keeps only "failed" (dataUrl null); the code is for callers and tests. */
export type AvatarCopyFailure =
  /** The address, or where it redirected, is not https. */
  | 'not-https'
  /** Offline, refused, or not readable from the background (no host permission and no CORS headers). */
  | 'network'
  | 'timeout'
  /** The server answered something other than 2xx. */
  | 'http-status'
  /** Over MAX_AVATAR_DOWNLOAD_BYTES, by Content-Length or while streaming. */
  | 'too-large'
  /** The Content-Type is missing or not an accepted raster image type (SVG included). */
  | 'content-type'
  /** The bytes are not a PNG, JPEG, GIF, WebP or AVIF file, or their header cannot be read. */
  | 'bad-bytes'
  /** The header declares more than MAX_AVATAR_PIXELS: not decoded. */
  | 'too-many-pixels'
  | 'decode'
  | 'encode'
  /** The re-encoded copy is longer than MAX_AVATAR_DATA_URL_LENGTH. */
  | 'result-too-large';

export type AvatarCopyResult = { ok: true; dataUrl: string; type: AvatarCopyType } | { ok: false; code: AvatarCopyFailure };

/** A decoded image: the real codec's is an ImageBitmap. */
export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  close(): void;
}

/** The square of the source that is drawn, and the side of the copy. */
export interface Crop {
  sx: number;
  sy: number;
  side: number;
  size: number;
}

/** Decoding and re-encoding, injected: happy-dom has neither createImageBitmap nor OffscreenCanvas. */
export interface ImageCodec {
  /** Decodes the bytes (of the type their magic bytes showed); throws when they do not decode. */
  decode(bytes: Uint8Array, type: ImageType): Promise<DecodedImage>;
  /** Draws `crop` of the image onto a `crop.size` square and encodes it; the type is what the encoder produced. */
  encode(image: DecodedImage, crop: Crop): Promise<{ type: string; bytes: Uint8Array }>;
}

export interface AvatarFetchDeps {
  fetch: FetchLike;
  codec: ImageCodec;
  /** Starts the time limit; returns what cancels it. setTimeout by default; tests fire it by hand. */
  startTimer?: (onTimeout: () => void, ms: number) => () => void;
  timeoutMs?: number;
}

const fail = (code: AvatarCopyFailure): AvatarCopyResult => ({ ok: false, code });

const isHttps = (url: string) => URL.canParse(url) && new URL(url).protocol === 'https:';

/**
 * The centred square of a `width`×`height` image (cover crop: the avatar is shown round, so the
 * middle matters), drawn at `maxSize` pixels or the square's own size if smaller: never upscaled.
 */
export function coverCrop(width: number, height: number, maxSize = AVATAR_SIZE): Crop {
  const side = Math.min(width, height);
  return { sx: Math.floor((width - side) / 2), sy: Math.floor((height - side) / 2), side, size: Math.min(maxSize, side) };
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  // In chunks: String.fromCharCode with too many arguments overflows the stack.
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary);
}

const cancelBody = (response: Response) => void response.body?.cancel().catch(() => undefined);

/** Downloads, checks, decodes and re-encodes. Throws only for fetch/stream failures (network, abort). */
async function download(url: string, deps: AvatarFetchDeps, signal: AbortSignal): Promise<AvatarCopyResult> {
  const response = await deps.fetch(url, {
    signal,
    // No cookies, no referrer: the image's server learns nothing but that someone fetched it.
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
    // Redirects are followed, and the final address must still be https (checked below).
    redirect: 'follow',
    // The copy is what is kept; the original is not left in the browser's cache.
    cache: 'no-store',
    headers: { accept: 'image/avif,image/webp,image/png,image/jpeg,image/gif' },
  });
  if (response.url && !isHttps(response.url)) {
    cancelBody(response);
    return fail('not-https');
  }
  if (!response.ok) {
    cancelBody(response);
    return fail('http-status');
  }
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!ACCEPTED_CONTENT_TYPES.has(contentType)) {
    cancelBody(response);
    return fail('content-type');
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_AVATAR_DOWNLOAD_BYTES) {
    cancelBody(response);
    return fail('too-large');
  }
  const bytes = await readCapped(response, MAX_AVATAR_DOWNLOAD_BYTES);
  if (!bytes) return fail('too-large');
  return reencode(bytes, deps.codec);
}

/** Checks the bytes, decodes them and redraws them small. Never throws. */
async function reencode(bytes: Uint8Array, codec: ImageCodec): Promise<AvatarCopyResult> {
  const type = sniffImageType(bytes);
  if (!type) return fail('bad-bytes');
  const declared = imageSize(bytes, type);
  if (!declared) return fail('bad-bytes');
  if (declared.width * declared.height > MAX_AVATAR_PIXELS) return fail('too-many-pixels');

  let image: DecodedImage;
  try {
    image = await codec.decode(bytes, type);
  } catch {
    return fail('decode');
  }
  let encoded: { type: string; bytes: Uint8Array };
  try {
    if (!(image.width > 0 && image.height > 0)) return fail('decode');
    // The decoder's own figures count too, should they differ from the header's.
    if (image.width * image.height > MAX_AVATAR_PIXELS) return fail('too-many-pixels');
    encoded = await codec.encode(image, coverCrop(image.width, image.height));
  } catch {
    return fail('encode');
  } finally {
    image.close();
  }

  // Only what Haowu stores may come out: a PNG or WebP (that its bytes are one is checked with the data URL below).
  const outType = encoded.type === 'image/png' || encoded.type === 'image/webp' ? encoded.type : null;
  if (!outType) return fail('encode');
  // Base64 is 4 characters per 3 bytes: an encoding that cannot fit is refused before building it.
  if (AVATAR_DATA_URL_PREFIX[outType].length + Math.ceil(encoded.bytes.length / 3) * 4 > MAX_AVATAR_DATA_URL_LENGTH) return fail('result-too-large');
  const dataUrl = AVATAR_DATA_URL_PREFIX[outType] + base64(encoded.bytes);
  // The very check the database schema applies (prefix, base64, length, magic bytes), so what is
  // written here is always accepted there.
  if (!isAvatarDataUrl(dataUrl)) return fail('encode');
  return { ok: true, dataUrl, type: outType };
}

const defaultTimer = (onTimeout: () => void, ms: number) => {
  const timer = setTimeout(onTimeout, ms);
  return () => clearTimeout(timer);
};

/**
 * Fetches the avatar at `url` and returns a small stored copy as a data URL, or why not. Never
 * throws. https only; no cookies or referrer; redirects must stay on https; at most
 * MAX_AVATAR_DOWNLOAD_BYTES (by Content-Length, and again while streaming); PNG, JPEG, GIF, WebP or
 * AVIF by Content-Type and by magic bytes; redrawn at most 96×96; the whole within the time limit.
 */
export async function fetchAvatarCopy(url: string, deps: AvatarFetchDeps): Promise<AvatarCopyResult> {
  if (!isHttps(url)) return fail('not-https');
  const controller = new AbortController();
  let timedOut = false;
  let cancelTimer = () => {};
  // The time limit covers the download and the decoding: whichever ends first decides.
  const timeout = new Promise<AvatarCopyResult>((resolve) => {
    cancelTimer = (deps.startTimer ?? defaultTimer)(() => {
      timedOut = true;
      controller.abort();
      resolve(fail('timeout'));
    }, deps.timeoutMs ?? AVATAR_FETCH_TIMEOUT_MS);
  });
  const work = download(url, deps, controller.signal).catch(() => fail(timedOut ? 'timeout' : 'network'));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    cancelTimer();
    // Stops a download still streaming (the body of a response that was refused, or a late one).
    controller.abort();
  }
}

/**
 * The real decoder and encoder: createImageBitmap and OffscreenCanvas, which Chrome's MV3 service
 * worker and Firefox's background page both have. Null where they are missing: then nothing is
 * fetched at all, as nothing could be re-encoded.
 */
export function browserImageCodec(): ImageCodec | null {
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') return null;
  return {
    decode: (bytes, type) => createImageBitmap(new Blob([new Uint8Array(bytes)], { type })),
    async encode(image, crop) {
      const canvas = new OffscreenCanvas(crop.size, crop.size);
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2d context');
      context.imageSmoothingEnabled = true;
      context.imageSmoothingQuality = 'high';
      context.drawImage(image as ImageBitmap, crop.sx, crop.sy, crop.side, crop.side, 0, 0, crop.size, crop.size);
      // WebP keeps a photo small; a browser that cannot encode it answers PNG, which is accepted too.
      const blob = await canvas.convertToBlob({ type: 'image/webp', quality: 0.85 });
      return { type: blob.type, bytes: new Uint8Array(await blob.arrayBuffer()) };
    },
  };
}
