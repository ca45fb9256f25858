import type { StringKey } from './strings';
import type { Params } from './translate';

/*
 * What is wrong with checked data (a zod error), said in the UI's language: zod's own messages are
 * English, so a failure carries its issues as data (utils/errors.ts `zodDetail`: the param `issues`,
 * beside the English `detail` kept for logs and for older versions) and this module says each one
 * as its field path and a phrase from the error table. No zod here: the popup's first load has it.
 */

/** What kind of problem an issue is; each has a phrase in utils/i18n/strings/errors.ts. Add, never rename. */
export const ISSUE_KEYS = {
  missing: 'error.issue.missing',
  type: 'error.issue.type',
  tooSmall: 'error.issue.tooSmall',
  tooBig: 'error.issue.tooBig',
  format: 'error.issue.format',
  value: 'error.issue.value',
  unknownKeys: 'error.issue.unknownKeys',
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

/** Stored data and backups carry the text, so it stays under FeedErrorParams' 500 characters. */
export const MAX_ISSUES_TEXT = 480;

export function encodeIssues(list: IssueList): string {
  const issues = [...list.issues];
  let more = list.more;
  let text = JSON.stringify({ issues, more });
  while (text.length > MAX_ISSUES_TEXT && issues.length > 0) {
    issues.pop();
    more++;
    text = JSON.stringify({ issues, more });
  }
  return text;
}

const isIssue = (value: unknown): value is Issue =>
  Array.isArray(value) &&
  typeof value[0] === 'string' &&
  typeof value[1] === 'string' &&
  Object.hasOwn(ISSUE_KEYS, value[1]) &&
  (value[2] === undefined || typeof value[2] === 'number');

/** The list in an `issues` parameter, or null when it is not one (an older or newer Haowu's). */
export function decodeIssues(text: unknown): IssueList | null {
  if (typeof text !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { issues, more } = value as { issues?: unknown; more?: unknown };
  if (!Array.isArray(issues) || !issues.every(isIssue) || typeof more !== 'number') return null;
  return { issues, more };
}

type Translate = (key: StringKey, params?: Params) => string;

/** "rating: must be at most 5; name: missing", in the UI's language. */
export function describeIssues(t: Translate, list: IssueList): string {
  const texts = list.issues.map(([path, kind, bound]) =>
    t(ISSUE_KEYS[kind], { path: path || t('error.issue.whole'), bound: bound === undefined ? '?' : bound }),
  );
  if (list.more > 0) texts.push(t('error.issue.more', { count: list.more }));
  return texts.join(t('error.issue.separator'));
}

/**
 * The parameters with `detail` said in the UI's language when they carry `issues`; as they were
 * otherwise (a record stored before issues were, whose English detail is all there is).
 */
export function localizeDetail(t: Translate, params: Params | undefined): Params | undefined {
  const list = params && decodeIssues(params['issues']);
  return list ? { ...params, detail: describeIssues(t, list) } : params;
}

/** A `platform` parameter said as its store's name (`store.<platform>`, in every page's common table). */
export function withStoreName(t: Translate, params: Params | undefined): Params | undefined {
  const platform = params?.['platform'];
  return typeof platform === 'string' ? { ...params, store: t(`store.${platform}` as StringKey) } : params;
}

/** Keys whose sentences a failure may carry to be said in the page's language: the Recommend form's problems. */
const SAID_PREFIX = 'recommend.problem.';

/** The `problemKeys` parameter: each sentence as its key and parameters (JSON). */
export const encodeProblems = (list: readonly (readonly [StringKey, Params?])[]): string => JSON.stringify(list);

/**
 * The parameters with `problems` said in the UI's language from `problemKeys`, when every key is
 * one this page has loaded; as they were otherwise (the English `problems` the message was made of).
 */
export function localizeProblems(t: Translate, params: Params | undefined): Params | undefined {
  let list: unknown;
  try {
    list = JSON.parse(String(params?.['problemKeys']));
  } catch {
    return params;
  }
  if (!Array.isArray(list) || list.length === 0) return params;
  const said: string[] = [];
  for (const entry of list) {
    const [key, values] = Array.isArray(entry) ? (entry as unknown[]) : [];
    if (typeof key !== 'string' || !key.startsWith(SAID_PREFIX) || (values !== undefined && (typeof values !== 'object' || values === null))) return params;
    const text = t(key as StringKey, withStoreName(t, values as Params | undefined));
    if (text === key) return params;
    said.push(text);
  }
  return { ...params, problems: said.join(t('error.issue.problemSeparator')) };
}
