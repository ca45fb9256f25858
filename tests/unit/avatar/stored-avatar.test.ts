import { describe, expect, it } from 'vitest';
import { isAvatarDataUrl, keptAvatarCopy, MAX_AVATAR_DATA_URL_LENGTH, storedAvatarSrc } from '../../../utils/avatar/stored-avatar';
import { pngDataUrl, webpDataUrl } from './images';

const AVATAR = 'https://img.example/mei.png';
const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64');

describe('isAvatarDataUrl', () => {
  it('accepts the PNG and WebP data URLs Haowu writes', () => {
    expect(isAvatarDataUrl(webpDataUrl())).toBe(true);
    expect(isAvatarDataUrl(pngDataUrl())).toBe(true);
  });

  it('refuses any other address or type, however it is dressed', () => {
    for (const value of [
      AVATAR,
      'javascript:alert(1)',
      `data:image/svg+xml;base64,${b64('<svg xmlns="http://www.w3.org/2000/svg"/>')}`,
      `data:text/html;base64,${b64('<script>alert(1)</script>')}`,
      `data:image/jpeg;base64,${b64(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0, 0, 0, 0, 0]))}`,
      // Not base64, or not in the prefix's exact form.
      pngDataUrl().replace(';base64,', ','),
      pngDataUrl().replace('data:image/png', 'DATA:image/png'),
      pngDataUrl().replace('data:image/png;base64,', 'data:image/png;charset=utf-8;base64,'),
      ` ${pngDataUrl()}`,
      `${pngDataUrl()}\n`,
      `${pngDataUrl().slice(0, 40)}"><script>${pngDataUrl().slice(40)}`,
      pngDataUrl().slice(0, -1), // length not a multiple of 4
      `${pngDataUrl()}=`,
      'data:image/png;base64,',
    ]) {
      expect(isAvatarDataUrl(value), value.slice(0, 60)).toBe(false);
    }
  });

  it('refuses bytes that are not the type the prefix names', () => {
    expect(isAvatarDataUrl(webpDataUrl().replace('data:image/webp', 'data:image/png'))).toBe(false);
    expect(isAvatarDataUrl(pngDataUrl().replace('data:image/png', 'data:image/webp'))).toBe(false);
    expect(isAvatarDataUrl(`data:image/png;base64,${b64('GIF89a\0\0\0\0\0\0\0\0\0\0')}`)).toBe(false);
  });

  it('refuses a data URL over the length limit', () => {
    const longest = webpDataUrl(Math.floor((MAX_AVATAR_DATA_URL_LENGTH - 23) / 4) * 3);
    expect(longest.length).toBeLessThanOrEqual(MAX_AVATAR_DATA_URL_LENGTH);
    expect(isAvatarDataUrl(longest)).toBe(true);
    expect(isAvatarDataUrl(webpDataUrl(Math.floor((MAX_AVATAR_DATA_URL_LENGTH - 23) / 4) * 3 + 3))).toBe(false);
  });
});

describe('storedAvatarSrc', () => {
  const copy = (overrides: object = {}) => ({ sourceUrl: AVATAR, dataUrl: webpDataUrl(), fetchedAt: 1, ...overrides });

  it('gives the stored copy of the current avatar address', () => {
    expect(storedAvatarSrc({ avatarUrl: AVATAR, avatarCopy: copy() })).toBe(webpDataUrl());
  });

  it('never gives the avatar address: no copy, a failed copy, a copy of another address, or no avatar at all mean initials', () => {
    expect(storedAvatarSrc({ avatarUrl: AVATAR })).toBeNull();
    expect(storedAvatarSrc({ avatarUrl: AVATAR, avatarCopy: copy({ dataUrl: null }) })).toBeNull();
    expect(storedAvatarSrc({ avatarUrl: 'https://img.example/new.png', avatarCopy: copy() })).toBeNull();
    expect(storedAvatarSrc({ avatarUrl: null, avatarCopy: copy() })).toBeNull();
  });

  it('shows nothing but a PNG or WebP data URL, whatever a record holds', () => {
    for (const dataUrl of [AVATAR, 'http://img.example/a.png', 'javascript:alert(1)', `data:image/svg+xml;base64,${b64('<svg/>')}`, 'blob:https://a.example/1']) {
      expect(storedAvatarSrc({ avatarUrl: AVATAR, avatarCopy: copy({ dataUrl }) }), dataUrl).toBeNull();
    }
  });
});

describe('keptAvatarCopy', () => {
  it('keeps a copy only for the same address', () => {
    const avatarCopy = { sourceUrl: AVATAR, dataUrl: webpDataUrl(), fetchedAt: 1 };
    expect(keptAvatarCopy({ avatarUrl: AVATAR, avatarCopy }, AVATAR)).toEqual({ avatarCopy });
    expect(keptAvatarCopy({ avatarUrl: AVATAR, avatarCopy }, 'https://img.example/new.png')).toEqual({});
    expect(keptAvatarCopy({ avatarUrl: AVATAR, avatarCopy }, null)).toEqual({});
    expect(keptAvatarCopy(undefined, AVATAR)).toEqual({});
  });
});
