import { describe, expect, it } from 'vitest';
import { balancedSlice, inlineScriptContaining, jsLiteralField, jsonAfter, unescapeJsString } from '../../../utils/script-data';
import { parsePage } from './load-page';

describe('reading data from inline scripts', () => {
  it('finds the first inline script with the marker, skipping external ones and mere mentions', () => {
    const doc = parsePage(
      '<script src="https://cdn.example.com/rawData.js"></script><script>if (window.rawData) go()</script><script>window.rawData = {"a":1}</script><script>window.rawData = {"a":2}</script>',
    );
    const script = inlineScriptContaining(doc, 'rawData', /rawData\s*=/);
    expect(jsonAfter(script!, /rawData\s*=\s*/)).toEqual({ a: 1 });
    expect(inlineScriptContaining(doc, 'pageConfig')).toBeNull();
  });

  it('slices balanced JSON even with braces inside strings', () => {
    const text = 'TShop.Setup({"t":"a } b","n":{"x":[1,{"y":"]"}]}}); more();';
    expect(jsonAfter(text, 'TShop.Setup(')).toEqual({ t: 'a } b', n: { x: [1, { y: ']' }] } });
    expect(balancedSlice('x = {"never": "closed"', 0)).toBeNull();
    expect(jsonAfter('x = {not json}', 'x =')).toBeNull();
  });

  it('reads fields of JavaScript object literals with escapes', () => {
    const text = "var g_config = { itemId : '562283240178', shopName : '\\u6021\\u79D1KBD', note: \"it\\'s \\\"q\\\"\", skuid: 3888216, 'quoted': 'x' };";
    expect(jsLiteralField(text, 'itemId')).toBe('562283240178');
    expect(jsLiteralField(text, 'shopName')).toBe('怡科KBD');
    expect(jsLiteralField(text, 'note')).toBe('it\'s "q"');
    expect(jsLiteralField(text, 'skuid')).toBe('3888216');
    expect(jsLiteralField(text, 'quoted')).toBe('x');
    expect(jsLiteralField(text, 'missing')).toBeNull();
    expect(jsLiteralField(text, 'd')).toBeNull();
  });

  it('decodes JavaScript string escapes', () => {
    expect(unescapeJsString('\\u534e\\u4e3a\\x41\\n\\u{1F600}')).toBe('华为A\n😀');
  });
});
