import { describe, expect, it } from 'vitest';
import { imageSize, sniffImageType } from '../../../utils/avatar/image-bytes';
import { avif, bytesOf, gif, jpeg, png, webp } from './images';

describe('sniffImageType', () => {
  it('names each raster type by its magic bytes', () => {
    expect(sniffImageType(png(10, 10))).toBe('image/png');
    expect(sniffImageType(jpeg(10, 10))).toBe('image/jpeg');
    expect(sniffImageType(gif(10, 10))).toBe('image/gif');
    expect(sniffImageType(webp(10, 10))).toBe('image/webp');
    expect(sniffImageType(avif(10, 10))).toBe('image/avif');
  });

  it('refuses SVG, HTML, JSON, empty and truncated files, and a RIFF that is not WebP', () => {
    expect(sniffImageType(bytesOf('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
    expect(sniffImageType(bytesOf('<?xml version="1.0"?><svg/>'))).toBeNull();
    expect(sniffImageType(bytesOf('<!doctype html><title>404</title>'))).toBeNull();
    expect(sniffImageType(bytesOf('{"error":"not found"}'))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
    expect(sniffImageType(png(1, 1).subarray(0, 7))).toBeNull();
    expect(sniffImageType(bytesOf('RIFF\0\0\0\0WAVEfmt '))).toBeNull();
    // An ISO-BMFF file of another brand (an MP4) is not AVIF.
    const mp4 = avif(1, 1);
    mp4.set(bytesOf('isom'), 8);
    mp4.set(bytesOf('mp41'), 16);
    mp4.set(bytesOf('mp42'), 20);
    expect(sniffImageType(mp4)).toBeNull();
  });
});

describe('imageSize', () => {
  it('reads the size each header declares', () => {
    expect(imageSize(png(300, 200), 'image/png')).toEqual({ width: 300, height: 200 });
    expect(imageSize(jpeg(640, 480), 'image/jpeg')).toEqual({ width: 640, height: 480 });
    expect(imageSize(gif(48, 32), 'image/gif')).toEqual({ width: 48, height: 32 });
    expect(imageSize(webp(120, 80, 'VP8 '), 'image/webp')).toEqual({ width: 120, height: 80 });
    expect(imageSize(webp(120, 80, 'VP8L'), 'image/webp')).toEqual({ width: 120, height: 80 });
    expect(imageSize(webp(5000, 7000, 'VP8X'), 'image/webp')).toEqual({ width: 5000, height: 7000 });
    expect(imageSize(avif(512, 256), 'image/avif')).toEqual({ width: 512, height: 256 });
    // The huge sizes a decompression bomb declares are read as they are, to be refused by the caller.
    expect(imageSize(png(100_000, 100_000), 'image/png')).toEqual({ width: 100_000, height: 100_000 });
  });

  it('is null for a header it cannot read or a zero size', () => {
    expect(imageSize(png(0, 10), 'image/png')).toBeNull();
    expect(imageSize(png(10, 10).subarray(0, 20), 'image/png')).toBeNull();
    // A JPEG with no frame header, or a broken segment chain.
    expect(imageSize(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xd9]), 'image/jpeg')).toBeNull();
    expect(imageSize(new Uint8Array([0xff, 0xd8, 0x00, 0x00, 0, 4, 0, 0]), 'image/jpeg')).toBeNull();
    expect(imageSize(avif(10, 10).subarray(0, 24), 'image/avif')).toBeNull();
    const badVp8 = webp(10, 10, 'VP8 ');
    badVp8[23] = 0;
    expect(imageSize(badVp8, 'image/webp')).toBeNull();
  });

  it('takes the largest AVIF extent, so a small thumbnail cannot hide a large image', () => {
    const file = new Uint8Array(200);
    const small = avif(64, 64, 96);
    file.set(small);
    const big = avif(20_000, 20_000, 96).subarray(24, 24 + 28); // the meta box with its ispe
    file.set(big, 120);
    expect(imageSize(file, 'image/avif')).toEqual({ width: 20_000, height: 20_000 });
  });
});
