import { z } from 'zod';
import { describe, expect, it, vi } from 'vitest';
import { describeFailure, describeThrown } from '../../../components/popup/describe-failure';
import { HaowuError, MAX_ISSUES_TEXT, encodeIssues, errorInfo, toErrorInfo, zodDetail } from '../../../utils/errors';
import { describeFeedError } from '../../../utils/feed/describe-status';
import { openFeed } from '../../../utils/feed/verify';
import { describeError } from '../../../utils/i18n/describe-error';
import { decodeIssues, type Issue } from '../../../utils/i18n/issue-detail';
import { ALL_STRINGS, type StringKey } from '../../../utils/i18n/strings';
import { translate, type Params } from '../../../utils/i18n/translate';
import { buildCollectionWindow } from '../../../utils/window/collection-window';
import { linkElsewhere, recommendationProblems, sayProblem, type RecommendationFields } from '../../../utils/expert/recommend-rules';
import { partnerLinkRefusal, type PartnerLinkProduct } from '../../../utils/partner-link-rules';
import { registrableDomainOf } from '../../../utils/registrable-domain';
import { askToTakeOver, TAKE_OVER_REASON } from '../../../utils/expert/identity-restore';
import type { ExpertRecord } from '../../../utils/db/schema';
import { PublishError, publishDetail } from '../../../utils/publish/outcome';
import { describeRequestFailure } from '../../../components/popup/window-form';
import { describeOmitted } from '../../../components/popup/StudioTab';

/*
 * Failures that used to reach a Chinese reader in English: zod's own messages inside `{detail}`, and
 * the collection window's refusal. Each is said here as the popup says it, in Chinese.
 */
const zh = { t: (key: StringKey, params?: Params) => translate(ALL_STRINGS, 'zh', key, params), language: 'zh' as const };
const en = { t: (key: StringKey, params?: Params) => translate(ALL_STRINGS, 'en', key, params), language: 'en' as const };

/** The Latin words left in `text` once the names given (field paths, addresses) are taken out. */
export const englishWords = (text: string, names: readonly string[] = []) =>
  names.reduce((rest, name) => rest.split(name).join(' '), text).match(/[A-Za-z]{2,}/g) ?? [];

const Pick = z.object({ name: z.string(), rating: z.number().int().max(5), link: z.url(), kind: z.enum(['a', 'b']), tags: z.array(z.string()).min(1) });
const badPick = () => Pick.safeParse({ rating: 9, link: 'not a url', kind: 'c', tags: [] }).error!;

describe('a zod error inside {detail}', () => {
  it('is said in Chinese, field by field, with no word of zod’s English', () => {
    const error = toErrorInfo(new HaowuError('invalid-input', 'settings.invalid', zodDetail(badPick())));
    const text = describeError(zh.t, error);
    expect(text).toBe('设置未更改：缺少name；rating：最多5；link无效；kind无效；tags：至少1');
    expect(englishWords(text, ['name', 'rating', 'link', 'kind', 'tags'])).toEqual([]);
    // The English message (logs, older versions) is said from the same issues and table.
    expect(error.message).toBe('Settings not changed: name is missing; rating: at most 5; link is not valid; kind is not valid; tags: at least 1');
  });

  it('is said in English in English, and counts the issues past the first five', () => {
    const error = Pick.extend({ a: z.string(), b: z.string() }).safeParse({}).error!;
    expect(describeError(en.t, errorInfo('invalid-input', 'request.invalid', zodDetail(error)))).toBe(
      'Haowu could not do this, so nothing was changed: name is missing; rating is missing; link is missing; kind is not valid; tags is missing; and 2 more',
    );
  });

  it('says the whole value when the issue has no path', () => {
    const error = z.string().safeParse(3).error!;
    expect(describeError(zh.t, errorInfo('invalid-input', 'profile.notSaved', zodDetail(error)))).toBe('资料未保存：数据无效');
  });

  it('keeps the stored English detail of an older record, which has no issues', () => {
    expect(describeError(zh.t, errorInfo('invalid-input', 'settings.invalid', { detail: 'rating: Too big' }))).toBe('设置未更改：rating: Too big');
  });

  it('stays under the stored parameter limit however long the paths, and reads back what it wrote', () => {
    const long = 'x'.repeat(200);
    const text = encodeIssues({ issues: Array.from({ length: 5 }, (_, i): Issue => [`${long}${i}`, 'invalid']), more: 0 });
    expect(text.length).toBeLessThanOrEqual(MAX_ISSUES_TEXT);
    expect(decodeIssues(text)?.more).toBeGreaterThan(0);
    expect(decodeIssues('{"issues":[["a","no-such-kind"]],"more":0}')).toBeNull();
    expect(decodeIssues('not json')).toBeNull();
  });

  it('of a damaged feed file is said in Chinese in the feed’s status', async () => {
    const rejected = await openFeed({ format: 'haowu-feed', version: 1, payload: 3 });
    expect(rejected.ok).toBe(false);
    if (rejected.ok) return;
    const text = describeFeedError(zh, { code: rejected.code, ...(rejected.params && { params: rejected.params }) }, rejected.reason);
    expect(text).toMatch(/^此订阅文件已损坏：/);
    expect(englishWords(text!, ['payload', 'signature', 'keyId', 'publicKey'])).toEqual([]);
  });
});

describe('the collection window', () => {
  it('refuses a file that is not a collection with a failure the popup says in Chinese', async () => {
    const thrown = await buildCollectionWindow({ collectionText: '{"format":"haowu-feed","version":1}', language: 'zh', publicBaseUrl: null, now: 0 }).catch((error: unknown) => error);
    const text = describeFailure(zh, toErrorInfo(thrown));
    expect(englishWords(text)).toEqual([]);
    expect(text).toMatch(/\p{Script=Han}/u);
  });

  it('says a damaged collection’s zod issues in Chinese', async () => {
    const thrown = await buildCollectionWindow({ collectionText: '{"format":"haowu-collection","version":1,"feeds":"x"}', language: 'zh', publicBaseUrl: null, now: 0 }).catch(
      (error: unknown) => error,
    );
    const text = describeFailure(zh, toErrorInfo(thrown));
    expect(text).toMatch(/^此合集文件已损坏：/);
    expect(englishWords(text, ['name', 'feeds'])).toEqual([]);
  });
});

describe('a partner link’s problem', () => {
  const tmall: PartnerLinkProduct = { platform: 'tmall', url: 'https://detail.tmall.com/item.htm?id=1' };
  const site: PartnerLinkProduct = { platform: 'site', url: 'https://kettles.example/p/1' };
  const fields = (partnerLink: string): RecommendationFields => ({ reason: 'A very good kettle.', rating: 5, stockNote: '', tags: [], expiresAt: null, partnerLink });
  const cases: [string, PartnerLinkProduct, string][] = [
    ['not a link', tmall, 'invalid-url'],
    ['http://s.click.taobao.com/x', tmall, 'not-https'],
    ['https://user@s.click.taobao.com/x', tmall, 'credentials'],
    ['https://s.click.taobao.com:8443/x', tmall, 'port'],
    ['https://other.example/x', { platform: 'site', url: 'http://kettles.example/p/1' }, 'no-store'],
    ['https://evil.example/x', site, 'not-on-site'],
    ['https://login.taobao.com/x', tmall, 'not-store-page'],
    ['https://u.jd.com/abc', tmall, 'not-store-host'],
    ['https://s.click.taobao.com/x?url=https://evil.example/', tmall, 'carries-address'],
    [`https://s.click.taobao.com/${'x'.repeat(3000)}`, tmall, 'too-long'],
  ];

  it.each(cases)('%s is refused with a code (%s), said in Chinese with only the host in Latin letters', (link, product, code) => {
    if (code !== 'too-long') expect(partnerLinkRefusal(link, product, registrableDomainOf)?.problem).toBe(code);
    const problems = recommendationProblems(fields(link), product, 0, registrableDomainOf);
    expect(problems).toHaveLength(1);
    const text = sayProblem(zh.t, problems[0]!);
    expect(englishWords(text, ['https://', 'https', ...(problems[0]!.params?.['host'] ? [String(problems[0]!.params['host'])] : [])])).toEqual([]);
    expect(text).toMatch(/^推广链接|^无法检查推广链接/);
  });

  it('names the store in the UI language', () => {
    const [problem] = recommendationProblems(fields('https://u.jd.com/abc'), tmall, 0, null);
    expect(sayProblem(zh.t, problem!)).toBe('推广链接指向u.jd.com，不是天猫的链接域名。');
    expect(sayProblem(en.t, problem!)).toBe('The partner link goes to u.jd.com, which is not one of Tmall’s link hosts.');
  });

  it('refused by the background (an other store’s domain, which only it judges) is a reason of the error table, said in Chinese on every page', () => {
    for (const link of ['https://evil.example/x', 'https://kettles.example/go?to=https://evil.example/']) {
      const problems = recommendationProblems(fields(link), site, 0, registrableDomainOf);
      expect(recommendationProblems(fields(link), site, 0, null)).toEqual([]);
      expect(linkElsewhere(problems)).toBe('evil.example');
      expect(describeError(zh.t, errorInfo('invalid-input', 'recommend.linkElsewhere', { host: 'evil.example' }))).toBe('推荐未保存：推广链接会通往evil.example，那不在商品所在的店铺。');
    }
    // Any other problem the form says itself, before anything is sent.
    expect(linkElsewhere(recommendationProblems({ ...fields('https://evil.example/x'), rating: 0 }, site, 0, registrableDomainOf))).toBeNull();
  });
});

describe('the identity take-over question', () => {
  const expert = { id: 'ed25519:0123456789abcdef0123456789abcdef', kind: 'feed', displayName: 'Mei', feedUrl: null, followed: false } as unknown as ExpertRecord;

  it('travels as a reason with parameters (no “a file” as an address), its message the Studio table’s own question', () => {
    const sent = toErrorInfo(askToTakeOver(expert, 3));
    expect(sent.detail).toEqual({ reason: TAKE_OVER_REASON, params: { name: 'Mei', address: '', picks: 3, followed: 0 } });
    expect(sent.message).toBe(en.t('studio.identity.takeOver.known', sent.detail!.params));
    const asked = zh.t('studio.identity.takeOver.known', sent.detail!.params);
    expect(englishWords(asked, ['Mei'])).toEqual([]);
    expect(asked).toContain('3条推荐');
  });
});

describe('a store page Haowu would not show', () => {
  it('is said in Chinese; which check failed stays in the parameters, for logs', () => {
    const sent = toErrorInfo(new HaowuError('invalid-input', 'page.notShown', { problem: 'the product is not the one this page shows' }));
    expect(englishWords(describeError(zh.t, sent))).toEqual([]);
    expect(sent.detail?.params).toEqual({ problem: 'the product is not the one this page shows' });
  });
});

describe('the window zip refused by the publisher’s checks', () => {
  it('travels as the publisher’s code and is said in Chinese by the Studio', () => {
    const refused = new PublishError('too-large', 'build', 'The window is 12 MB, above the 10 MB limit.', undefined, { limit: '10 MB' });
    const sent = toErrorInfo(new HaowuError('too-large', refused.message, publishDetail(refused)));
    expect(sent.detail).toEqual({ reason: 'publish:too-large', params: { limit: '10 MB', step: 'build' } });
    const text = describeRequestFailure(zh.t, sent, null);
    expect(text).toBe(zh.t('studio.window.error.too-large', { limit: '10 MB' }));
    expect(englishWords(text, ['MB'])).toEqual([]);
    // Any other failure of the request is said from the error table.
    expect(describeRequestFailure(zh.t, errorInfo('not-found', 'profile.none'), null)).toBe(zh.t('error.profile.none'));
  });
});

describe('a pick left out of the published feed', () => {
  it('is said in Chinese for every reason, a pick that fails the format check by its fields', () => {
    const invalid = Pick.safeParse({ name: 'x', rating: 9, link: 'https://x.example/', kind: 'a', tags: ['t'] }).error!;
    const items = [
      { why: 'product-unknown', reason: 'the product it is for is no longer in your data' },
      { why: 'no-link', reason: 'it has no partner link' },
      { why: 'too-many', params: { max: 5000 }, reason: 'a feed holds at most 5,000 recommendations' },
      { why: 'invalid', params: zodDetail(invalid), reason: 'rating: Too big' },
    ] as const;
    const said = items.map((item) => describeOmitted(zh.t, item));
    for (const text of said) expect(englishWords(text, ['rating'])).toEqual([]);
    expect(said[2]).toContain('5,000');
    expect(said[3]).toBe('rating：最多5');
    // From a newer Haowu: its English.
    expect(describeOmitted(zh.t, { why: 'something-new' as never, reason: 'New reason' })).toBe('New reason');
  });
});

describe('something thrown in a page', () => {
  it('is said in Chinese: a browser API’s refusal as Haowu’s internal failure, a HaowuError by its reason', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(describeThrown(zh.t, new DOMException('Write permission denied.', 'NotAllowedError'))).toBe(zh.t('error.internal'));
    quiet.mockRestore();
    const invalid = z.object({ language: z.enum(['en', 'zh']) }).safeParse({ language: 'fr' }).error!;
    expect(describeThrown(zh.t, new HaowuError('invalid-input', 'settings.invalid', zodDetail(invalid)))).toBe('设置未更改：language无效');
  });
});
