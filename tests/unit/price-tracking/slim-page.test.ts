import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { slimServedPage } from '../../../utils/price-tracking/slim-page';

const PRICE = '<span id="price">$9.99</span>';

describe('slimServedPage: what is left out', () => {
  it('drops the scripts a browser runs, styles, comments, noscript and svg; keeps JSON-LD and other data blocks', () => {
    const page = [
      '<script>var a = "<b>";</script>',
      '<script type="text/javascript">run()</script>',
      '<SCRIPT type=module>import x</SCRIPT >',
      '<script type="application/ld+json">{"@type":"Product"}</script>',
      '<script type="a-state">{"key":1}</script>',
      '<style>p{}</style>',
      '<!-- x -->',
      '<noscript><img src="pixel"></noscript>',
      '<svg viewBox="0 0 1 1"><path d="M0 0"/><svg><g></g></svg><title>icon</title></svg>',
      PRICE,
    ].join('');
    expect(slimServedPage(page)).toBe(`<script type="application/ld+json">{"@type":"Product"}</script><script type="a-state">{"key":1}</script>${PRICE}`);
  });

  it('ends a tag where the tokenizer does: a quoted value may hold ">"', () => {
    expect(slimServedPage(`<script data-x="a>b">code()</script>${PRICE}`)).toBe(PRICE);
    expect(slimServedPage(`<style media='a>b'>p{}</style>${PRICE}`)).toBe(PRICE);
  });

  it('follows script escapes: after <!--, a <script> makes the next </script> text', () => {
    expect(slimServedPage(`<script><!-- <script> </script> <p>text</p> --></script>${PRICE}`)).toBe(PRICE);
    // `<!-->` closes the escape at once, so `</script>` ends the script.
    expect(slimServedPage(`<script>a<!-->b</script>${PRICE}`)).toBe(PRICE);
    // Escaped but not double-escaped: `</script>` still ends it.
    expect(slimServedPage(`<script>if (a<!--b) x()</script>${PRICE}`)).toBe(PRICE);
    // Double-escaped, then `-->` goes back to plain script data, where `</script>` ends it.
    expect(slimServedPage(`<script><!--<script>--></script>${PRICE}`)).toBe(PRICE);
  });

  it('handles comment forms the tokenizer accepts', () => {
    expect(slimServedPage(`<!---->${PRICE}<!-->${PRICE}<!--->${PRICE}<!-- a --!>${PRICE}`)).toBe(PRICE.repeat(4));
  });
});

describe('slimServedPage cannot be fooled into dropping the price', () => {
  it.each([
    ['<script> in an attribute value', `<a title="<script>">${PRICE}</a><p>x</p></script>`],
    ['<!-- in an attribute value', `<img alt="<!--">${PRICE}<p>-->`],
    ['<style> in an unquoted attribute value', `<div data-x=<style>>${PRICE}</div></style>`],
    ['<script> in a <title>', `<title><script></title>${PRICE}</script>`],
    ['<!-- in a <textarea>', `<textarea><!--</textarea>${PRICE}-->`],
    ['<script> in an <iframe>', `<iframe><script></iframe>${PRICE}</script>`],
  ])('%s', (_what, page) => {
    expect(slimServedPage(page)).toContain(PRICE);
  });

  it.each([
    ['a script that never ends', `${PRICE}<script>var x = 1; ${PRICE}`],
    ['a comment that never ends', `${PRICE}<!-- ${PRICE}`],
    ['a tag that never ends', `${PRICE}<div title="${PRICE}`],
    ['svg content that leaves SVG', `<svg><p>${PRICE}</p></svg><script>x()</script>`],
    ['svg with CDATA', `<svg><![CDATA[ x ]]>${PRICE}</svg>`],
    ['<math>', `<math><mi>${PRICE}</mi></math><script>x()</script>`],
    ['<plaintext>', `<plaintext><script>${PRICE}</script>`],
  ])('where unsure (%s), the rest of the page is kept as it is', (_what, page) => {
    expect(slimServedPage(page)).toBe(page);
  });

  it('reads an unquoted value ending in "/" as a value, not as a self-closing <svg/>', () => {
    // The whole svg goes: with only its start tag dropped, its <title> would become the page's title.
    expect(slimServedPage(`<svg a=b/><title>icon</title></svg>${PRICE}`)).toBe(PRICE);
    expect(slimServedPage(`<svg/><title>T</title>`)).toBe('<title>T</title>');
  });

  it('keeps a script whose type it cannot read as written (a character reference)', () => {
    const page = '<script type="application&#47;ld+json">{}</script><script type="text/javascript&#32;">x</script>';
    expect(slimServedPage(page)).toBe(page);
  });
});

describe('slimServedPage on the real Amazon page', () => {
  it('leaves out about two thirds of it, and every element with an id the Amazon reader asks for stays', () => {
    const html = readFileSync(join(__dirname, '../../fixtures/pages/amazon-1937785734.html'), 'utf8');
    const slim = slimServedPage(html);
    expect(slim.length).toBeLessThan(html.length / 2);
    for (const id of ['productTitle', 'corePrice_feature_div', 'landingImage', 'merchant-info']) {
      expect(html.includes(`id="${id}"`) ? slim.includes(`id="${id}"`) : true).toBe(true);
    }
  });
});
