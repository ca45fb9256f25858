import { vi } from 'vitest';
import type { Crop, DecodedImage, ImageCodec } from '../../../utils/avatar/avatar-copy';
import { imageSize, type ImageType } from '../../../utils/avatar/image-bytes';
import { webp } from './images';

/*
 * A fake image codec: Node has neither createImageBitmap nor OffscreenCanvas, and happy-dom's stand-ins
 * decode nothing. It reports the size the file's header declares, and records what it was asked.
 */

/** What a fake encoder answers: a small WebP unless told otherwise. */
export interface Encoded {
  type: string;
  bytes: Uint8Array;
}

export interface FakeCodec extends ImageCodec {
  decodes: { bytes: Uint8Array; type: ImageType }[];
  crops: Crop[];
  closed: ReturnType<typeof vi.fn>;
}

/**
 * A codec that "decodes" to the size the header declares (or `decodedSize`), and "encodes" to
 * `output` (a 96×96 WebP by default); `decode`/`encode` fail when told to.
 */
export function fakeCodec(
  options: { output?: Encoded | ((crop: Crop) => Encoded); failDecode?: boolean; failEncode?: boolean; decodedSize?: { width: number; height: number } } = {},
): FakeCodec {
  const decodes: FakeCodec['decodes'] = [];
  const crops: Crop[] = [];
  const closed = vi.fn();
  return {
    decodes,
    crops,
    closed,
    async decode(bytes, type): Promise<DecodedImage> {
      decodes.push({ bytes, type });
      if (options.failDecode) throw new Error('InvalidStateError: The source image could not be decoded.');
      const size = options.decodedSize ?? imageSize(bytes, type)!;
      return { ...size, close: closed };
    },
    async encode(_image, crop) {
      crops.push(crop);
      if (options.failEncode) throw new Error('encoding failed');
      if (typeof options.output === 'function') return options.output(crop);
      return options.output ?? { type: 'image/webp', bytes: webp(crop.size, crop.size, 'VP8 ', 200) };
    },
  };
}
