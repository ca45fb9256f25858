import { describe, expect, it } from 'vitest';
import { cleanDisplayName, isolateName } from '../../../utils/expert/display-name';
import { DisplayNameText } from '../../../utils/expert/display-name-schema';
import { claimsVerification, namesLookAlike, nameWarner } from '../../../utils/expert/name-warnings';
import { shortFingerprint } from '../../../utils/expert/short-fingerprint';
import { Collection, FeedExpert } from '../../../utils/feed/schema';
import { verifyFeed } from '../../../utils/feed/verify';
import { ProfileInput } from '../../../utils/expert/profile';
import { newExpert, payloadFor, recommendation, signRaw } from '../feed/helpers';

const RLO = '\u202E';

describe('cleanDisplayName', () => {
  it('takes out bidi controls, zero-width and other invisible characters', () => {
    for (const bidi of ['\u202A', '\u202B', '\u202C', '\u202D', RLO, '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C']) {
      expect(cleanDisplayName(`Mei${bidi}`)).toBe('Mei');
      expect(cleanDisplayName(`M${bidi}ei`)).toBe('Mei');
    }
    for (const invisible of ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u034F', '\u3164', '\uFFA0', '\u180E', '\uFE0F', '\u{E0041}', '\uE000', '\u0007', '\u009B']) {
      expect(cleanDisplayName(`M${invisible}ei`)).toBe('Mei');
    }
  });

  it('turns every run of white space (line breaks, ideographic space, blank braille) into one space and trims', () => {
    expect(cleanDisplayName('  Lao\t\n Wang\u3000\u2800老王 \u2028')).toBe('Lao Wang 老王');
  });

  it('normalises to NFC and cuts stacks of combining marks to four', () => {
    expect(cleanDisplayName('Me\u0301i')).toBe('Méi');
    expect(cleanDisplayName(`a${'\u0301'.repeat(30)}b`)).toBe(`a${'\u0301'.repeat(4)}b`.normalize('NFC'));
  });

  it('keeps what emoji need: a joiner between pictographs, the presentation selector after an emoji', () => {
    expect(cleanDisplayName('Mei 👩\u200D💻')).toBe('Mei 👩\u200D💻');
    expect(cleanDisplayName('Mei 👩🏽\u200D💻')).toBe('Mei 👩🏽\u200D💻');
    expect(cleanDisplayName('Mei ❤\uFE0F')).toBe('Mei ❤\uFE0F');
    expect(cleanDisplayName('Me\u200Di')).toBe('Mei');
  });

  it('leaves ordinary names in every script alone', () => {
    for (const name of ['Demo · 老王 (demo data)', 'Zoë', 'محمد', 'שרה', 'Ирина', 'ताजमहल', 'Nguyễn Thị Minh Khai']) expect(cleanDisplayName(name)).toBe(name.normalize('NFC'));
  });

  it('a name of nothing visible is refused at a boundary', () => {
    expect(cleanDisplayName('\u200B\u202E \u3164\u2800')).toBe('');
    const parsed = DisplayNameText(80).safeParse('\u200B\u202E ');
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('must have a visible character');
    expect(DisplayNameText(80).parse(` Mei${RLO}\u200B `)).toBe('Mei');
    // The limit counts the cleaned name.
    expect(DisplayNameText(3).parse('M\u200Be\u200Bi\u200B')).toBe('Mei');
  });

  it('isolateName wraps a name in first-strong isolate … pop directional isolate', () => {
    expect(isolateName('Mei')).toBe('\u2068Mei\u2069');
  });
});

describe('names at each boundary', () => {
  it('a feed expert name is stored cleaned: the signed feed still verifies, the RLO is gone', async () => {
    const expert = await newExpert();
    const payload = payloadFor(expert, [recommendation('a')]);
    payload.expert.name = `Mei\u200B ${RLO}`;
    const result = await verifyFeed(await signRaw(expert, JSON.stringify(payload)));
    if (!result.ok) throw new Error(result.reason);
    expect(result.expert.name).toBe('Mei');
  });

  it('a feed whose expert name has nothing visible is refused whole, with the field named', async () => {
    const expert = await newExpert();
    const payload = payloadFor(expert, [recommendation('a')]);
    payload.expert.name = '\u200B\u200D\u202E';
    const result = await verifyFeed(await signRaw(expert, JSON.stringify(payload)));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/expert\.name: at least 1/);
  });

  it('FeedExpert (and so identity files) and collections clean their names; an invisible curator is none', () => {
    expect(FeedExpert.parse({ publicKey: 'A'.repeat(43), name: `\u2066Mei\u2069` }).name).toBe('Mei');
    const collection = Collection.parse({ format: 'haowu-collection', version: 1, name: `Picks${RLO}`, curator: '\u200B', feeds: [] });
    expect(collection.name).toBe('Picks');
    expect(collection.curator).toBeUndefined();
  });

  it('the Studio profile form stores the cleaned name and refuses an invisible one', () => {
    expect(ProfileInput.parse({ name: ` Mei${RLO} ` }).name).toBe('Mei');
    expect(ProfileInput.safeParse({ name: '\u200B' }).success).toBe(false);
  });
});

describe('look-alike names (UTS #39 skeletons through unhomoglyph)', () => {
  it('Cyrillic for Latin, zero-width characters, case, width, spacing and verification claims look alike', () => {
    for (const name of ['Mei', 'Меі', 'MEI', 'm\u200Bei', 'Ｍｅｉ', 'rnei', 'Mei ✓', 'Mei (official)', `Mei${RLO}`]) expect(namesLookAlike(name, 'Mei')).toBe(true);
    expect(namesLookAlike('Lao  Wang 老王', 'Lao Wang老王')).toBe(true);
    expect(namesLookAlike('Meilin', 'Mei')).toBe(false);
    expect(namesLookAlike('小美', '老王')).toBe(false);
    // Names of nothing but claims and punctuation match nothing.
    expect(namesLookAlike('✓!', 'official')).toBe(false);
  });

  it('claims of verification are found, also in look-alike letters and Chinese', () => {
    for (const name of ['Mei ✓', 'Mei ✔', 'Verified Mei', 'Mei official', 'ОFFICIAL Mei', '官方小美', '小美认证', 'ｏｆｆｉｃｉａｌ']) expect(claimsVerification(name)).toBe(true);
    for (const name of ['Mei', '老王', 'Office chairs by Mei']) expect(claimsVerification(name)).toBe(false);
  });

  it('nameWarner names the followed experts under another key whose names look alike, never the same key', () => {
    const warn = nameWarner([
      { id: 'ed25519:aaaa', name: 'Mei' },
      { id: 'ed25519:bbbb', name: 'Lao Wang' },
    ]);
    expect(warn({ id: 'ed25519:cccc', name: 'Меі ✓' })).toEqual([{ code: 'looks-like', expertId: 'ed25519:aaaa', name: 'Mei' }, { code: 'claims-verified' }]);
    expect(warn({ id: 'ed25519:aaaa', name: 'Mei' })).toEqual([]);
    expect(warn({ id: 'ed25519:dddd', name: 'Xiao Mei' })).toEqual([]);
  });
});

it('shortFingerprint shows the first and last four hex digits', () => {
  expect(shortFingerprint('ed25519:d052bfcfed28308bfabff97096162f15')).toBe('ed25519:d052…2f15');
  expect(shortFingerprint('local-1')).toBe('local-1');
});
