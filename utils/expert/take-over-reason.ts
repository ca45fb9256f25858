/**
 * The reason code of the question "this browser follows this identity's own feed: make it your
 * profile?" (utils/expert/identity-restore.ts), in the error's detail. Its own module: the Studio
 * recognises it without loading the background's code, and asks in its own words (the Studio's
 * table, studio.identity.takeOver.*); the English message is the same question, from that table.
 */
export const TAKE_OVER_REASON = 'identity.takeOver';
