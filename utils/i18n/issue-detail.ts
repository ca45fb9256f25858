import type { StringKey } from './strings';
import type { Params } from './translate';

/*
 * What is wrong with checked data (a zod error), said in the UI's language: zod's own messages are
 * English, so a failure carries its issues as data (utils/errors.ts `zodDetail`: the param `issues`,
 * beside the English `detail`, which an older version shows) and this module says each one as its
 * field path and a phrase from the error table. No zod here: the popup's first load has it.
 */

/** What kind of problem an issue is; each has a phrase in utils/i18n/strings/errors.ts. Add, never rename. */
export const ISSUE_KEYS = {
  missing: 'error.issue.missing',
  tooSmall: 'error.issue.tooSmall',
  tooBig: 'error.issue.tooBig',
  invalid: 'error.issue.invalid',
} as const satisfies Record<string, StringKey>;
export type IssueKind = keyof typeof ISSUE_KEYS;

/** One issue: its field path ('' for the whole value), its kind, and the bound a size issue names. */
export type Issue = [path: string, kind: IssueKind, bound?: number];

/** The `issues` parameter: the first issues and how many more there were. */
export interface IssueList {
  issues: Issue[];
  more: number;
}

/** The list in an `issues` parameter, or null when it is not one (an older or newer Haowu's). */
export function decodeIssues(text: unknown): IssueList | null {
  try {
    const list = JSON.parse(String(text)) as IssueList;
    const valid = list.issues.every(([path, kind, bound]) => typeof path === 'string' && Object.hasOwn(ISSUE_KEYS, kind) && (bound ?? 0) === +(bound ?? 0));
    return valid && list.more >= 0 ? list : null;
  } catch {
    return null;
  }
}

type Translate = (key: StringKey, params?: Params) => string;

/** "rating: at most 5; name is missing", in the UI's language. */
export const describeIssues = (t: Translate, { issues, more }: IssueList): string =>
  [...issues.map(([path, kind, bound = '?']) => t(ISSUE_KEYS[kind], { path: path || t('error.issue.whole'), bound })), ...(more > 0 ? [t('error.issue.more', { count: more })] : [])].join(
    t('error.issue.separator'),
  );

/**
 * The parameters with `detail` said in the UI's language when they carry `issues`; as they were
 * otherwise (a record stored before issues were, whose English detail is all there is).
 */
export function localizeDetail(t: Translate, params: Params | undefined): Params | undefined {
  const list = params?.['issues'] === undefined ? null : decodeIssues(params['issues']);
  return list ? { ...params, detail: describeIssues(t, list) } : params;
}
