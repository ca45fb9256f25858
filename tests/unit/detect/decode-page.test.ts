import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePage } from '../../tools/decode-page';
import { PAGES_DIR } from './load-page';

const utf8 = (text: string): number[] => [...new TextEncoder().encode(text)];
// GBK bytes of 天猫价格你好 (CC EC C3 A8 BC DB B8 F1 C4 E3 BA C3).
const GBK_CHINESE = [0xcc, 0xec, 0xc3, 0xa8, 0xbc, 0xdb, 0xb8, 0xf1, 0xc4, 0xe3, 0xba, 0xc3];
const page = (head: string, body: number[]): Uint8Array => new Uint8Array([...utf8(`<html><head>${head}</head><body><p>`), ...body, ...utf8('</p></body></html>')]);

const cases: [string, Uint8Array, string, string, string][] = [
  ['reads UTF-8 bytes as UTF-8 although the page says gbk (the shared Tmall page)', readFileSync(join(PAGES_DIR, 'tmall-605258110430.html')), 'utf-8', 'utf-8', '天猫'],
  ['reads GBK bytes as GBK although the page says utf-8', page('<meta charset="utf-8">', GBK_CHINESE), 'gb18030', 'fallback', '<p>天猫价格你好</p>'],
  [
    'keeps UTF-8 when a stray byte breaks one character among many (a page cut short, a bad byte)',
    page('<meta charset="gbk">', [...utf8('天猫价格'.repeat(40)), 0xff, ...utf8('你好')]),
    'utf-8',
    'utf-8',
    '\ufffd你好',
  ],
  ['reads GBK bytes that declare gbk by the declaration', page('<meta http-equiv="Content-Type" content="text/html; charset=gbk">', GBK_CHINESE), 'gbk', 'meta', '天猫价格你好'],
  ['falls back to GB18030 past an unknown declared charset', page('<meta charset="x-klingon">', GBK_CHINESE), 'gb18030', 'fallback', '天猫价格你好'],
];

describe('decoding a saved page whose declared charset is wrong', () => {
  it.each(cases)('%s', (_name, bytes, charset, source, text) => {
    const decoded = decodePage(bytes);
    expect(decoded).toMatchObject({ charset, source });
    expect(decoded.text).toContain(text);
  });
});
