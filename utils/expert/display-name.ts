/*
 * What an expert's (or a collection's, or a curator's) name may contain: the one rule, used wherever a
 * name comes in (the feed and collection schemas in utils/feed/schema.ts, so every feed, collection
 * and identity file; backups, in utils/db/backup.ts; the Studio's profile form, utils/expert/profile.ts)
 * and again where a name is shown (components/ExpertName.tsx), for records stored before this rule.
 * The zod schemas are in ./display-name-schema.ts, so pages that only show names carry no validator.
 *
 * A name is text a person reads, so whatever a person cannot see is taken out rather than refused:
 * a feed is signed as it is, and refusing the whole feed for an invisible character would only punish
 * followers. Taken out:
 * - control characters (C0, C1), line and paragraph separators;
 * - format characters (Unicode category Cf): the bidi embeddings, overrides and isolates
 *   (U+202A–202E, U+2066–2069), LRM/RLM/ALM (U+200E, U+200F, U+061C), zero-width space, joiners and
 *   word joiner (U+200B–200D, U+2060), BOM (U+FEFF), soft hyphen, tag characters…;
 * - every other default-ignorable code point (Hangul fillers U+3164/U+FFA0, variation selectors,
 *   the combining grapheme joiner…), private-use characters and unpaired surrogates;
 * except the two emoji need: a zero-width joiner between two pictographs (👩‍💻) and an emoji
 * presentation selector right after an emoji (❤️).
 * Every run of white space (and U+2800, the blank braille pattern used as an invisible letter)
 * becomes one space, the ends are trimmed, stacks of more than four combining marks are cut to four,
 * and the result is in NFC. A name with nothing left is refused.
 */

/** Characters a name never keeps. `\p{Cf}` covers the bidi controls and zero-width characters. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;
const SPACE = /[\p{White_Space}\u2800]+/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const EMOJI = /\p{Emoji}/u;
/** Skin tones and the presentation selector may sit between a pictograph and a following joiner. */
const EMOJI_TAIL = /^(?:[\u{1F3FB}-\u{1F3FF}]|\uFE0F)$/u;
const ZWJ = '\u200D';
const MARKS = /\p{M}{5,}/gu;
const MAX_MARKS = 4;

/** The pictograph a joiner at `index` follows (skipping a skin tone or a presentation selector), if any. */
function joinsPictographs(points: readonly string[], index: number): boolean {
  let before = index - 1;
  while (before >= 0 && EMOJI_TAIL.test(points[before]!)) before--;
  return before >= 0 && PICTOGRAPH.test(points[before]!) && index + 1 < points.length && PICTOGRAPH.test(points[index + 1]!);
}

function keeps(points: readonly string[], index: number): boolean {
  const point = points[index]!;
  if (!INVISIBLE.test(point)) return true;
  if (point === ZWJ) return joinsPictographs(points, index);
  if (point === '\uFE0F') return index > 0 && EMOJI.test(points[index - 1]!);
  return false;
}

/** The name as it may be stored and shown (see above); '' when nothing visible is left. */
export function cleanDisplayName(raw: string): string {
  // Spaces first, so a tab or a line break between two words still separates them.
  const points = Array.from(raw.replace(LONE_SURROGATE, '').replace(SPACE, ' '));
  const kept = points.filter((_, index) => keeps(points, index)).join('');
  return kept
    .replace(SPACE, ' ')
    .replace(MARKS, (marks) => Array.from(marks).slice(0, MAX_MARKS).join(''))
    .normalize('NFC')
    .trim();
}

/** Whether a name would come through `cleanDisplayName` as it is. */
export const isCleanDisplayName = (name: string): boolean => name !== '' && cleanDisplayName(name) === name;

/**
 * A name inside a plain-text string (an aria-label, a title, a notification) where no `<bdi>` can
 * wrap it: between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, so a right-to-left name cannot
 * reorder the words after it. In markup, use `<bdi>` (components/ExpertName.tsx) instead.
 */
export const isolateName = (name: string): string => `\u2068${name}\u2069`;
