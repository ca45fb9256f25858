/**
 * Up to two letters for an avatar placeholder: first letters of the first two words, or the first two
 * CJK characters. Words are runs of letters and digits, so separators and brackets in a name ("Dana ·
 * Kitchen", "Mei (demo)") never become an "initial" (issue 16: avatars showed "D·").
 */
export function initials(name: string): string {
  const words = name.split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean);
  if (words.length === 0) return '?';
  const first = [...words[0]!];
  if (words.length === 1 || /\p{Script=Han}/u.test(first[0]!)) return first.slice(0, /\p{Script=Han}/u.test(first[0]!) ? 2 : 1).join('').toUpperCase();
  return ([...words[0]!][0]! + [...words[1]!][0]!).toUpperCase();
}
