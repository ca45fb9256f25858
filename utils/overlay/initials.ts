/** Up to two letters for an avatar placeholder: first letters of the first two words, or the first two CJK characters. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return '?';
  const first = [...words[0]!];
  if (words.length === 1 || /\p{Script=Han}/u.test(first[0]!)) return first.slice(0, /\p{Script=Han}/u.test(first[0]!) ? 2 : 1).join('').toUpperCase();
  return ([...words[0]!][0]! + [...words[1]!][0]!).toUpperCase();
}
