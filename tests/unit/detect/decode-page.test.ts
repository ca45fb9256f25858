import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePage } from '../../tools/decode-page';
import { PAGES_DIR } from './load-page';

const utf8 = (text: string): number[] => [...new TextEncoder().encode(text)];
// GBK bytes of 天猫价格你好 (CC EC C3 A8 BC DB B8 F1 C4 E3 BA C3).
const GBK_CHINESE = [0xcc, 0xec, 0xc3, 0xa8, 0xbc, 0xdb, 0xb8, 0xf1, 0xc4, 0xe3, 0xba, 0xc3];
const page = (head: string, body: number[]): Uint8Array => new Uint8Array([...utf8(`<html><head>${head}</head><body><p>`), ...body, ...utf8('</p></body></html>')]);

describe('decoding a saved page whose declared charset is wrong', () => {
  it('reads UTF-8 bytes as UTF-8 although the page says gbk (the shared Tmall page)', () => {
    const decoded = decodePage(readFileSync(join(PAGES_DIR, 'tmall-605258110430.html')));
    expect(decoded).toMatchObject({ charset: 'utf-8', source: 'utf-8' });
    expect(decoded.text).toContain('天猫');
  });

  it('reads GBK bytes as GBK although the page says utf-8', () => {
    const decoded = decodePage(page('<meta charset="utf-8">', GBK_CHINESE));
    expect(decoded).toMatchObject({ charset: 'gb18030', source: 'fallback' });
    expect(decoded.text).toContain('<p>天猫价格你好</p>');
  });

  it('keeps UTF-8 when a stray byte breaks one character among many (a page cut short, a bad byte)', () => {
    const body = [...utf8('天猫价格'.repeat(40)), 0xff, ...utf8('你好')];
    const decoded = decodePage(page('<meta charset="gbk">', body));
    expect(decoded).toMatchObject({ charset: 'utf-8', source: 'utf-8' });
    expect(decoded.text).toContain('\ufffd你好');
  });

  it('reads GBK bytes that declare gbk by the declaration', () => {
    const decoded = decodePage(page('<meta http-equiv="Content-Type" content="text/html; charset=gbk">', GBK_CHINESE));
    expect(decoded).toMatchObject({ charset: 'gbk', source: 'meta' });
    expect(decoded.text).toContain('天猫价格你好');
  });

  it('falls back to GB18030 past an unknown declared charset', () => {
    expect(decodePage(page('<meta charset="x-klingon">', GBK_CHINESE))).toMatchObject({ charset: 'gb18030', source: 'fallback' });
  });
});
