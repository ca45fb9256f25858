import type { ErrorReason } from '../error-info';

/**
 * The reason code of the question "this browser follows this identity's own feed: make it your
 * profile?" (utils/expert/identity-restore.ts), in the error's detail. Its own module: the Studio
 * recognises it without loading the background's code. A reason of the error table, so any page
 * that says it without asking says it in its language.
 */
export const TAKE_OVER_REASON = 'identity.takeOver' satisfies ErrorReason;
