import { unhomoglyph } from './homoglyphs';
import { cleanDisplayName } from './display-name';

/*
 * Warnings about an expert's name, shown before a new expert is followed (the follow preview, for a
 * feed and for each expert a collection brings) and wherever a collection's expert is listed:
 * - `looks-like`: the name looks like the name of an expert the user follows under another key.
 *   Two names look alike when their UTS #39 skeletons are equal: every character mapped to its
 *   prototype by Unicode's confusables.txt (the `unhomoglyph` package, Unicode's own data: Cyrillic
 *   "а" and Latin "a", "rn" and "m", "0" and "O"…), compared once as written and once in lower case,
 *   without white space, punctuation or verification claims (so "Mei ✓ official" looks like "Mei").
 * - `claims-verified`: the name claims a verification Haowu never gives a name ("✓", "✔", "verified",
 *   "official", "官方", "认证", also in look-alike letters). Haowu's own verified mark is for a feed
 *   whose signature this browser checked (utils/expert/verified.ts), never for what a name says.
 * Only this background-side module and the follow preview load the confusables data (about 100 KB);
 * product pages and the popup get the warnings as codes.
 */

export type NameWarning =
  /** `expertId` (followed, another key) is called `name`, which looks like this expert's name. */
  | { code: 'looks-like'; expertId: string; name: string }
  | { code: 'claims-verified' };

/** An expert as far as names go. */
export interface NamedExpert {
  id: string;
  name: string;
}

/** Check marks: ☑ ✅ ✓ ✔ 🗸 🗹. */
const CHECK_MARKS = /[\u2611\u2705\u2713\u2714\u{1F5F8}\u{1F5F9}]/u;
/** Words that claim a verification ("verified", "verification", "official", 官方, 官网, 认证, 認證), matched in folded text. */
const CLAIM_WORDS = /verifi\p{L}*|official|官方|官网|认证|認證/iu;
const CLAIMS = new RegExp(`${CHECK_MARKS.source}|${CLAIM_WORDS.source}`, 'giu');
const SEPARATORS = /[\p{White_Space}\p{P}]/gu;

/** The name folded so that width, look-alike letters and case do not matter (for the claim check). */
const folded = (name: string): string => unhomoglyph(cleanDisplayName(name).normalize('NFKC').toLowerCase()).toLowerCase();

/** Whether the name claims a verification (see above). */
export function claimsVerification(name: string): boolean {
  const text = folded(name);
  return CHECK_MARKS.test(name) || CHECK_MARKS.test(text) || CLAIM_WORDS.test(text);
}

/** UTS #39's skeleton: NFD, each character to its prototype, NFD again. */
const skeleton = (text: string): string => unhomoglyph(text.normalize('NFD')).normalize('NFD');

/** Without claims, white space and punctuation: "Mei (official) ✓" and "Mei" compare equal. */
const bare = (text: string) => text.replace(CLAIMS, '').replace(SEPARATORS, '');

/**
 * The two keys two names are compared on: the skeleton of the name as written, and of the name in
 * lower case (confusables.txt maps "I" and "l" alike, but "M" and "m" differently). Empty keys (a name of
 * nothing but punctuation and claims) match nothing.
 */
export function nameKeys(name: string): [string, string] {
  const clean = cleanDisplayName(name).normalize('NFKC');
  return [bare(skeleton(clean)), bare(skeleton(clean.toLowerCase()).toLowerCase())];
}

/** Whether two names look alike (see above). */
export function namesLookAlike(a: string, b: string): boolean {
  const [a1, a2] = nameKeys(a);
  const [b1, b2] = nameKeys(b);
  return (a1 !== '' && a1 === b1) || (a2 !== '' && a2 === b2);
}

/** At most this many look-alikes are named: one is enough to make a person look twice. */
const MAX_LOOK_ALIKES = 3;

/**
 * What to warn about `expert`'s name, given the experts the user follows: each followed expert under
 * another key whose name looks like it, and a claimed verification. Built for many calls against the
 * same followed list (a collection's experts): `nameWarner(followed)(expert)`.
 */
export function nameWarner(followed: readonly NamedExpert[]): (expert: NamedExpert) => NameWarning[] {
  const keyed = followed.map((other) => ({ other, keys: nameKeys(other.name) }));
  return (expert) => {
    const [k1, k2] = nameKeys(expert.name);
    const warnings: NameWarning[] = keyed
      .filter(({ other, keys }) => other.id !== expert.id && ((k1 !== '' && keys[0] === k1) || (k2 !== '' && keys[1] === k2)))
      .slice(0, MAX_LOOK_ALIKES)
      .map(({ other }) => ({ code: 'looks-like', expertId: other.id, name: other.name }));
    if (claimsVerification(expert.name)) warnings.push({ code: 'claims-verified' });
    return warnings;
  };
}
