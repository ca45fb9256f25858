// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { announcedFeeds, announcedKind, decodeReferences, discoverFeeds, isHtmlResponse, scanLinks } from '../../../utils/feed/discovery';
import { buildCollectionWindow } from '../../../utils/window/collection-window';
import { buildExpertWindow } from '../../../utils/window/expert-window';
import { COLLECTION_LINK_TYPE, FEED_LINK_TYPE } from '../../../utils/window/files';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXPERT, FEED_TEXT, NOW, pickSource, textAt } from '../window/fixtures';

const PAGE = 'https://mei.example/picks/index.html';
const feedAt = (url: string) => ({ kind: 'feed' as const, url });

describe('discoverFeeds on real-looking pages', () => {
  it('finds the feed every page of an expert’s window announces, resolved against the page', async () => {
    const { files } = await buildExpertWindow({
      expert: EXPERT,
      picks: [pickSource('p-1', { recommendation: { tags: ['phones'] } })],
      feedText: FEED_TEXT,
      language: 'zh',
      publicBaseUrl: 'https://mei.example/picks/',
      now: NOW,
      timeZone: 'Asia/Shanghai',
    });
    const pages = files.filter((file) => file.path.endsWith('.html'));
    expect(pages.map((file) => file.path)).toEqual(expect.arrayContaining(['index.html', 'store/jd.html', 'tag/phones.html']));
    expect(pages.some((file) => file.path.startsWith('p/'))).toBe(true);
    for (const file of pages) {
      const pageUrl = `https://mei.example/picks/${file.path}`;
      const found = discoverFeeds(textAt(files, file.path), pageUrl);
      expect(found, file.path).toEqual({ announced: [feedAt('https://mei.example/picks/feed.json')], refused: [] });
    }
    // A shared pick link: the home page with a #pick-… anchor announces the same feed.
    expect(discoverFeeds(textAt(files, 'index.html'), 'https://mei.example/picks/index.html#pick-p-1').announced).toEqual([feedAt('https://mei.example/picks/feed.json')]);
  });

  it('finds a collection window’s collection', async () => {
    const collectionText = readFileSync(join(__dirname, '../../fixtures/feeds/demo-collection.json'), 'utf8');
    const { files } = await buildCollectionWindow({ collectionText, language: 'en', publicBaseUrl: 'https://packs.example/starter/', now: NOW });
    expect(discoverFeeds(textAt(files, 'index.html'), 'https://packs.example/starter/')).toEqual({
      announced: [{ kind: 'collection', url: 'https://packs.example/starter/collection.json' }],
      refused: [],
    });
  });

  it('reads a blog’s head written by hand: other links, attribute order, quoting and case vary', () => {
    const html = `<!DOCTYPE html>
<HTML><HEAD>
<meta charset=utf-8><title>Mei's <link> tips</title>
<link rel=stylesheet href=/style.css>
<link rel="alternate" type="application/rss+xml" href="/rss.xml">
<LINK HREF='/haowu/feed.json?v=2&amp;x=1' TYPE='Application/VND.Haowu.Feed+JSON; charset=utf-8' REL='ALTERNATE  me'>
</HEAD><body><p>1 < 2 and <b>bold</b></p></body></HTML>`;
    expect(discoverFeeds(html, 'https://mei.example/blog/post.html')).toEqual({ announced: [feedAt('https://mei.example/haowu/feed.json?v=2&x=1')], refused: [] });
  });

  it('ignores links in comments, scripts, styles, templates and text, and other rels and types', () => {
    const link = (href: string) => `<link rel="alternate" type="${FEED_LINK_TYPE}" href="${href}">`;
    const html = `<html><head>
<!-- ${link('/commented.json')} -->
<script>document.write('${link('/scripted.json')}'); if (a < b) {}</script>
<script type="text/template"></SCRIPT >${link('/after-script.json')}
<style>/* ${link('/styled.json')} */</style>
<template>${link('/template.json')}</template>
<textarea>${link('/textarea.json')}</textarea>
<link rel="stylesheet" type="${FEED_LINK_TYPE}" href="/not-alternate.json">
<link rel="alternate" type="application/json" href="/plain.json">
<link rel="alternate" href="/no-type.json">
<link rel="alternate" type="${FEED_LINK_TYPE}">
<meta content="a > b ${link('/in-attribute.json').replace(/"/g, "'")}">
</head><body>&lt;link rel="alternate" type="${FEED_LINK_TYPE}" href="/escaped.json"&gt;</body></html>`;
    expect(discoverFeeds(html, 'https://mei.example/').announced).toEqual([feedAt('https://mei.example/after-script.json')]);
  });

  it('several: every one in document order, each address once', () => {
    const html = `<head>
<link rel="alternate" type="${FEED_LINK_TYPE}" href="feed.json">
<link rel="alternate" type="${COLLECTION_LINK_TYPE}" href="https://packs.example/c.json">
<link rel="alternate" type="${FEED_LINK_TYPE}" href="./feed.json#again">
<link rel="alternate" type="${FEED_LINK_TYPE}" href="https://other.example/feed.json">
</head>`;
    expect(discoverFeeds(html, 'https://mei.example/a/b.html').announced).toEqual([
      feedAt('https://mei.example/a/feed.json'),
      { kind: 'collection', url: 'https://packs.example/c.json' },
      feedAt('https://other.example/feed.json'),
    ]);
  });

  it('refuses a link that is not https (or no usable address), and says which', () => {
    const html = `<link rel="alternate" type="${FEED_LINK_TYPE}" href="http://mei.example/feed.json">
<link rel="alternate" type="${FEED_LINK_TYPE}" href="javascript:alert(1)">
<link rel="alternate" type="${FEED_LINK_TYPE}" href="https://user:pw@mei.example/feed.json">
<link rel="alternate" type="${FEED_LINK_TYPE}" href="https://mei.example:8443/feed.json">`;
    expect(discoverFeeds(html, PAGE)).toEqual({
      announced: [],
      refused: [
        { kind: 'feed', href: 'http://mei.example/feed.json', reason: 'not-https' },
        { kind: 'feed', href: 'javascript:alert(1)', reason: 'not-https' },
        { kind: 'feed', href: 'https://user:pw@mei.example/feed.json', reason: 'bad-url' },
        { kind: 'feed', href: 'https://mei.example:8443/feed.json', reason: 'bad-url' },
      ],
    });
    // A relative link on an http page resolves to http: refused too.
    expect(discoverFeeds(`<link rel=alternate type="${FEED_LINK_TYPE}" href=feed.json>`, 'http://mei.example/').refused).toEqual([
      { kind: 'feed', href: 'http://mei.example/feed.json', reason: 'not-https' },
    ]);
  });

  it('none: a page without a discovery link, an empty or cut-off document', () => {
    expect(discoverFeeds('<!doctype html><html><head><title>Shop</title><link rel="icon" href="/f.ico"></head><body>Hi</body></html>', PAGE)).toEqual({ announced: [], refused: [] });
    expect(discoverFeeds('', PAGE)).toEqual({ announced: [], refused: [] });
    for (const cut of ['<link rel="alternate" type="', '<!-- <link', '<script>', '<link', '<', '</', '<!']) expect(discoverFeeds(cut, PAGE).announced, cut).toEqual([]);
  });

  it('honours the document’s <base href>, as the browser does', () => {
    const html = `<head><base href="https://cdn.example/mei/"><link rel="alternate" type="${FEED_LINK_TYPE}" href="feed.json"></head>`;
    expect(discoverFeeds(html, PAGE).announced).toEqual([feedAt('https://cdn.example/mei/feed.json')]);
  });
});

describe('the pieces', () => {
  it('announcedKind: rel tokens and types, case-insensitive', () => {
    expect(announcedKind({ rel: 'alternate', type: FEED_LINK_TYPE })).toBe('feed');
    expect(announcedKind({ rel: ' me\tAlternate\n', type: ` ${COLLECTION_LINK_TYPE.toUpperCase()} ` })).toBe('collection');
    expect(announcedKind({ rel: 'alternates', type: FEED_LINK_TYPE })).toBeNull();
    expect(announcedKind({ rel: null, type: FEED_LINK_TYPE })).toBeNull();
    expect(announcedKind({ rel: 'alternate', type: 'application/vnd.haowu.feed+jsonx' })).toBeNull();
  });

  it('announcedFeeds: the attributes the popup reads from a tab’s DOM, by the same rule', () => {
    expect(
      announcedFeeds(
        [
          { rel: 'alternate', type: FEED_LINK_TYPE, href: ' ../feed.json ' },
          { rel: 'alternate', type: FEED_LINK_TYPE, href: null },
          { rel: 'alternate', type: FEED_LINK_TYPE, href: '   ' },
        ],
        'https://mei.example/p/x.html',
      ),
    ).toEqual({ announced: [feedAt('https://mei.example/feed.json')], refused: [] });
  });

  it('scanLinks: the first of a repeated attribute wins; unquoted and valueless attributes', () => {
    expect(scanLinks('<link rel=alternate rel=stylesheet disabled type=x href=a/b.json/>').links).toEqual([{ rel: 'alternate', type: 'x', href: 'a/b.json/' }]);
  });

  it('decodeReferences', () => {
    expect(decodeReferences('a&amp;b&#38;c&#x26;d&quot;&lt;&unknown;&#0;')).toBe('a&b&c&d"<&unknown;\ufffd');
  });

  it('isHtmlResponse: by the first character, else by Content-Type', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    // A feed served as text/html (a misconfigured host) is still a feed.
    expect(isHtmlResponse('text/html; charset=utf-8', bytes('{"format":"haowu-feed"}'))).toBe(false);
    expect(isHtmlResponse('text/html; charset=utf-8', bytes('Hello'))).toBe(true);
    expect(isHtmlResponse('application/xhtml+xml', bytes(''))).toBe(true);
    expect(isHtmlResponse(null, bytes('not json'))).toBe(false);
    expect(isHtmlResponse('application/json', bytes('{"a":1}'))).toBe(false);
    expect(isHtmlResponse(null, bytes('\uFEFF \n <!doctype html>'))).toBe(true);
    expect(isHtmlResponse('text/plain', bytes('<html>'))).toBe(true);
    expect(isHtmlResponse('application/octet-stream', bytes('  [1]'))).toBe(false);
  });
});
