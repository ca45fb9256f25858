import { describe, expect, it } from 'vitest';
import { absoluteUrl, cleanText, escapeHtml, html, httpsUrl, relativeUrl, styleElement } from '../../../utils/window/html';
import { slug } from '../../../utils/window/slug';
import { parsePage } from './fixtures';

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><script>alert(1)</script>',
  "' onmouseover='alert(1)",
  '" onerror="alert(1)',
  '<img src=x onerror=alert(1)>',
  '</textarea></title></style><svg onload=alert(1)>',
  '&lt;script&gt; already escaped',
  '<!-- comment --> <![CDATA[ x ]]>',
];

describe('escapeHtml', () => {
  it('turns every markup character into an entity', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('never lets hostile text become markup, in text or in a double-quoted attribute', () => {
    for (const text of HOSTILE) {
      const doc = parsePage(`<!doctype html><p title="${escapeHtml(text)}">${escapeHtml(text)}</p>`);
      const p = doc.querySelector('p');
      expect(p?.textContent, text).toBe(text);
      expect(p?.getAttribute('title'), text).toBe(text);
      expect(doc.body.querySelectorAll('*').length, text).toBe(1);
      expect(p?.attributes.length, text).toBe(1);
    }
  });
});

describe('cleanText', () => {
  it('removes bidi overrides and isolates, zero-width spaces, BOMs and controls', () => {
    expect(cleanText('a\u202Eb\u202Ac\u2066d\u2069e')).toBe('abcde');
    expect(cleanText('Wang\u200B\u2060\uFEFF')).toBe('Wang');
    expect(cleanText('bell\u0007 esc\u001B del\u007F c1\u0085')).toBe('bell esc del c1');
  });

  it('keeps what real text needs: line breaks, tabs, ZWJ emoji, ZWNJ, LRM/RLM, right-to-left letters', () => {
    const text = 'line 1\nline\t2 👩\u200D👩\u200D👧 می\u200Cخواهم \u200Eא\u200F שלום';
    expect(cleanText(text)).toBe(text);
  });

  it('replaces a lone surrogate, which UTF-8 cannot carry', () => {
    expect(cleanText('a\uD800b\uDC00c😀')).toBe('a\uFFFDb\uFFFDc😀');
  });
});

describe('html', () => {
  it('escapes strings, leaves markup built with html as it is, and skips null, undefined and false', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${'a&b'}${inner}${null}${undefined}${false}${[1, ' ', 'x<y']}</p>`.text).toBe('<p>a&amp;b<b>&lt;i&gt;</b>1 x&lt;y</p>');
  });

  it('refuses a plain string where a URL goes, so an unchecked link cannot get in', () => {
    expect(() => html`<a href="${'javascript:alert(1)'}">x</a>`).toThrow(TypeError);
    expect(() => html`<img src="${'https://example.com/a.png'}">`).toThrow(TypeError);
    const url = httpsUrl('https://example.com/a?b="c"&d=<e>');
    expect(url).not.toBeNull();
    expect(html`<a href="${url}">x</a>`.text).toBe('<a href="https://example.com/a?b=%22c%22&amp;d=%3Ce%3E">x</a>');
  });

  it('refuses numbers that are not finite', () => {
    expect(() => html`${Number.NaN}`).toThrow(TypeError);
  });
});

describe('httpsUrl', () => {
  it('accepts https only, without user name or password', () => {
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'http://item.jd.com/1.html',
      'https://user:pass@item.jd.com/1.html',
      'https://item.jd.com@evil.example/',
      '//evil.example/x',
      '/relative',
      'not a url',
      '',
      null,
      undefined,
    ]) {
      expect(httpsUrl(url), String(url)).toBeNull();
    }
  });

  it('gives the parser’s serialization: ASCII, hosts in punycode', () => {
    expect(httpsUrl('https://例子.测试/路径 x')?.href).toBe('https://xn--fsqu00a.xn--0zwm56d/%E8%B7%AF%E5%BE%84%20x');
  });
});

describe('relativeUrl and absoluteUrl', () => {
  it('accept window paths only', () => {
    for (const path of ['index.html', '../feed.json', 'p/p-1.html', '../index.html#pick-p-1', 'tag/_e5_8e_a8.html']) {
      expect(relativeUrl(path).href).toBe(path);
    }
    for (const path of ['javascript:alert(1)', '/etc/passwd', 'a/../../b', './x', 'https://evil.example/', 'p/X.html', 'a b.html', 'x.html#"']) {
      expect(() => relativeUrl(path), path).toThrow(TypeError);
    }
  });

  it('resolve against the window’s folder', () => {
    const base = httpsUrl('https://win.example/laowang/');
    expect(base && absoluteUrl(base, 'p/p-1.html').href).toBe('https://win.example/laowang/p/p-1.html');
  });
});

describe('styleElement', () => {
  it('refuses a style sheet that could close its element', () => {
    expect(() => styleElement('a{}</style><script>alert(1)</script>')).toThrow(TypeError);
    expect(styleElement('a{color:red}').text).toBe('<style>a{color:red}</style>');
  });
});

describe('slug', () => {
  it('keeps lowercase letters, digits and "-", and writes every other byte as _xx', () => {
    expect(slug('p-3f2a9c1e-0b4d')).toBe('p-3f2a9c1e-0b4d');
    expect(slug('Lw_Huawei.6')).toBe('_4cw_5f_48uawei_2e6');
    expect(slug('厨房')).toBe('_e5_8e_a8_e6_88_bf');
    expect(slug('a/b c?#')).toBe('a_2fb_20c_3f_23');
  });

  it('gives different slugs to different ids, even ones differing only by case', () => {
    const ids = ['A', 'a', '_41', '_', 'x_2e', 'x.', 'x-', 'X-'];
    expect(new Set(ids.map(slug)).size).toBe(ids.length);
    for (const id of ids) expect(slug(id)).toMatch(/^[a-z0-9_-]+$/);
  });
});
