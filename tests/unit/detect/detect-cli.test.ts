import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { declaredCharset, decodePage } from '../../tools/decode-page';
import { runDetect } from '../../tools/detect-cli';
import { PAGES_DIR } from './load-page';

const ENCODED_DIR = join(PAGES_DIR, '..', 'encoded');
const bytes = (text: string) => new TextEncoder().encode(text);

/** A real page of the set (tests/fixtures/real-pages) saved as a plain .html file, as a shopper would save it. */
function realPageFile(name: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'haowu-detect-')), `${name}.html`);
  writeFileSync(file, gunzipSync(readFileSync(join(PAGES_DIR, '..', 'real-pages', `${name}.html.gz`))));
  return file;
}

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runDetect(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('decoding saved pages', () => {
  it('takes UTF-8 when the bytes are valid UTF-8, whatever the meta says (the real Tmall page)', () => {
    const page = decodePage(readFileSync(join(PAGES_DIR, 'tmall-605258110430.html')));
    expect(declaredCharset(readFileSync(join(PAGES_DIR, 'tmall-605258110430.html')))).toBe('gbk');
    expect(page).toMatchObject({ charset: 'utf-8', source: 'utf-8' });
    expect(page.text).toContain('苏宁易购官方旗舰店');
  });

  it('falls back to the declared charset for GBK and EUC-JP pages', () => {
    const gbk = decodePage(readFileSync(join(ENCODED_DIR, 'jd-priced-gbk.html')));
    expect(gbk).toMatchObject({ charset: 'gbk', source: 'meta' });
    expect(gbk.text).toContain('小米京东自营旗舰店');
    const eucJp = decodePage(readFileSync(join(ENCODED_DIR, 'amazon-jp-euc-jp.html')));
    expect(eucJp).toMatchObject({ charset: 'euc-jp', source: 'meta' });
    expect(eucJp.text).toContain('象印 電気ケトル');
  });

  it('lets a byte-order mark win, then --charset', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(new Uint16Array([...'<p>价格</p>'].map((c) => c.charCodeAt(0))).buffer)]);
    expect(decodePage(utf16, 'gbk')).toMatchObject({ text: '<p>价格</p>', charset: 'utf-16le', source: 'bom' });
    expect(decodePage(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('<p>x</p>')]))).toMatchObject({ text: '<p>x</p>', source: 'bom' });
    const gbkBytes = readFileSync(join(ENCODED_DIR, 'jd-priced-gbk.html'));
    expect(decodePage(gbkBytes, 'gb18030')).toMatchObject({ charset: 'gb18030', source: 'option' });
    expect(() => decodePage(gbkBytes, 'klingon')).toThrow(/unknown charset "klingon"/);
  });

  it('uses GB18030 for undeclared bytes that are not UTF-8', () => {
    const page = decodePage(new Uint8Array([0x3c, 0x70, 0x3e, 0xc4, 0xe3, 0xba, 0xc3]));
    expect(page).toMatchObject({ text: '<p>你好', charset: 'gb18030', source: 'fallback' });
  });
});

describe('npm run detect', () => {
  it('prints the product of a GBK page as JSON and exits 0', async () => {
    const { code, stdout } = await run(join(ENCODED_DIR, 'jd-priced-gbk.html'), '--url', 'https://item.jd.com/100012043978.html?utm_source=x');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ key: 'jd:100012043978', shopName: '小米京东自营旗舰店', price: { currency: 'CNY', minMinor: 27900 } });
  });

  it('runs the opt-in detectors too', async () => {
    const { code, stdout } = await run(join(ENCODED_DIR, 'amazon-jp-euc-jp.html'), '--url', 'https://www.amazon.co.jp/dp/B07ZPKN6YR');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ platform: 'amazon', price: { currency: 'JPY', minMinor: 4980 } });
    const site = await run(join(PAGES_DIR, 'hand-site-opengraph.html'), '--url', 'https://www.example-ceramics.com.au/shop/speckled-mug');
    expect(JSON.parse(site.stdout)).toMatchObject({ platform: 'site', storeDomain: 'example-ceramics.com.au' });
  });

  it('reads an other store without structured data with the page model, and says so', async () => {
    const { code, stdout, stderr } = await run(realPageFile('tmon-subscription'), '--url', 'https://www.tmon.co.kr/deal/4548094738');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ platform: 'site', price: { currency: 'KRW', minMinor: 30000 } });
    expect(stderr).toMatch(/price\s+model\s/);
  }, 60_000);

  it('says which fields the page as shown gave over its structured data (a net price in the markup, 5,95 € shown)', async () => {
    const { code, stdout, stderr } = await run(realPageFile('toralin-xado-grease'), '--url', 'https://www.toralin.de/schmierfett-reparierend-verschlei-y-910.html');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ platform: 'site', price: { currency: 'EUR', minMinor: 595 } });
    expect(stderr).toMatch(/price\s+model\s/);
    expect(stderr).toMatch(/title\s+microdata\s/);
  }, 60_000);

  it('prints null with the reason on stderr and exits 1 when nothing is detected', async () => {
    const { code, stdout, stderr } = await run(join(PAGES_DIR, 'negative-jd-homepage.html'), '--url', 'https://www.jd.com/');
    expect(code).toBe(1);
    expect(stdout.trim()).toBe('null');
    expect(stderr).toMatch(/no enabled store module accepts www\.jd\.com\//);
  });

  it.each([
    [[], /Give the saved page file/],
    [['page.html'], /Give the page address with --url/],
    [['a.html', 'b.html', '--url', 'https://item.jd.com/1.html'], /Only one page at a time/],
    [['page.html', '--url', 'not a url'], /--url is not a valid address/],
    [['/nonexistent/page.html', '--url', 'https://item.jd.com/1.html'], /Cannot read \/nonexistent\/page\.html/],
    [['page.html', '--url', 'https://item.jd.com/1.html', '--bogus'], /Unknown option '--bogus'/],
  ])('exits 2 on usage and file errors (%j)', async (argv, message) => {
    const { code, stderr, stdout } = await run(...argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  it('exits 2 for an unknown --charset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'haowu-detect-'));
    writeFileSync(join(dir, 'p.html'), '<title>x</title>');
    const { code, stderr } = await run(join(dir, 'p.html'), '--url', 'https://item.jd.com/1.html', '--charset', 'nope');
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown charset/);
  });

  it('works as a command with the exit codes it documents', () => {
    const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const found = spawnSync(tsx, ['tests/tools/detect.ts', join(PAGES_DIR, 'taobao-562283240178.html'), '--url', 'https://item.taobao.com/item.htm?id=562283240178'], { encoding: 'utf8' });
    expect(found.status).toBe(0);
    expect(JSON.parse(found.stdout)).toMatchObject({ key: 'taobao:562283240178' });
    const none = spawnSync(tsx, ['tests/tools/detect.ts', join(PAGES_DIR, 'negative-tmall-home.html'), '--url', 'https://www.tmall.com/'], { encoding: 'utf8' });
    expect(none.status).toBe(1);
    expect(none.stdout.trim()).toBe('null');
    const usage = spawnSync(tsx, ['tests/tools/detect.ts'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
  }, 30_000);
});
