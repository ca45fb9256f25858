import { describe, expect, it } from 'vitest';
import { en, zh } from '../../../utils/i18n/strings/window';
import { html } from '../../../utils/window/html';
import { storeLabel, windowHtml, windowText } from '../../../utils/window/text';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('the window’s strings', () => {
  it('have the same keys and placeholders in English and Chinese, none empty', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
      expect(zh[key], key).toMatch(/\S/);
      expect(en[key], key).toMatch(/\S/);
    }
  });

  it('are filled like translate fills them: a missing parameter stays visible', () => {
    expect(windowText('en', 'window.pick.buy', { name: 'Mei' })).toBe('Buy via Mei');
    expect(windowText('zh', 'window.pick.buy', { name: 'Mei' })).toBe('通过Mei购买');
    expect(windowText('en', 'window.pick.buy')).toBe('Buy via {name}');
  });

  it('escape the text around markup they are filled with', () => {
    expect(windowHtml('en', 'window.pick.buy', { name: html`<bdi>${'<Mei>'}</bdi>` }).text).toBe('Buy via <bdi>&lt;Mei&gt;</bdi>');
    expect(windowHtml('en', 'window.pick.buy', { name: '<i>' }).text).toBe('Buy via &lt;i&gt;');
  });

  it('name the stores in the window’s language, and other stores by their domain', () => {
    expect(storeLabel('jd', 'zh')).toBe('京东');
    expect(storeLabel('tmall', 'en')).toBe('Tmall');
    expect(storeLabel('example-shop.de', 'zh')).toBe('example-shop.de');
  });
});
