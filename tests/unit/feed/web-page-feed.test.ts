import { describe, expect, it } from 'vitest';
import { describeFeedError, type Voice } from '../../../utils/feed/describe-status';
import { readJson, verifyFeed, WEB_PAGE_MESSAGE } from '../../../utils/feed/verify';
import { verifyCollection } from '../../../utils/feed/collection';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import { translate, type Language } from '../../../utils/i18n/translate';

// Issue 16: an address serving HTML was "not valid JSON … Download it again".
const voice = (language: Language): Voice => ({ t: (key, params) => translate(ALL_STRINGS, language, key, params), language });
const PAGE = '\uFEFF  <!doctype html><html><head><title>Mei’s window</title></head><body>Picks</body></html>';

describe('a web page where a feed was expected', () => {
  it('is said to be a web page, in English and Chinese, for a feed, a collection and a file', async () => {
    for (const result of [await verifyFeed(PAGE), await verifyCollection(PAGE), readJson(new TextEncoder().encode(PAGE), 100_000, 'file')]) {
      expect(result).toMatchObject({ ok: false, code: 'not-a-feed', params: { found: 'web-page' } });
      if (result.ok) continue;
      expect(result.reason).toBe(WEB_PAGE_MESSAGE);
      const info = { code: result.code, params: result.params! };
      expect(describeFeedError(voice('en'), info, null)).toBe(WEB_PAGE_MESSAGE);
      expect(describeFeedError(voice('zh'), info, null)).toContain('这是一个网页');
      expect(describeFeedError(voice('en'), info, null)).not.toMatch(/valid JSON|Download it again/);
    }
  });

  it('leaves damaged JSON said as damaged', async () => {
    expect(await verifyFeed('{"format": "haowu-feed", "vers')).toMatchObject({ ok: false, code: 'not-json' });
  });
});
