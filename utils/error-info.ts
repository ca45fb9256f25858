import type { ErrorCode, ErrorInfo } from './errors';
import { en as ERROR_STRINGS } from './i18n/strings/errors';

/*
 * Reasons and the ErrorInfo made from them, without zod: the content script (utils/messaging/client.ts)
 * builds its own failures with these, and zod (utils/errors.ts's schemas) is not in its bundle.
 */

/** Why something failed, as a key of the error table (utils/i18n/strings/errors.ts) without `error.`. */
export type ErrorReason = keyof typeof ERROR_STRINGS extends `error.${infer Reason}` ? Reason : never;
export type ErrorParams = Record<string, string | number>;

/** True for a reason this version's error table has. */
export const isErrorReason = (text: string): text is ErrorReason => Object.hasOwn(ERROR_STRINGS, `error.${text}`);

/** The English sentence for a reason, from the same table the UI translates. */
export function englishError(reason: ErrorReason, params?: ErrorParams): string {
  const template: string = ERROR_STRINGS[`error.${reason}`];
  return params ? template.replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in params ? String(params[name]) : placeholder)) : template;
}

/** The ErrorInfo for a reason: its code, the English sentence and the reason itself. */
export const errorInfo = <C extends ErrorCode>(code: C, reason: ErrorReason, params?: ErrorParams): ErrorInfo & { code: C } => ({
  code,
  message: englishError(reason, params),
  detail: { reason, ...(params && { params }) },
});
