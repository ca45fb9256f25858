import type { z } from 'zod';
import type { ExpertRecord } from '../db/schema';
import { cleanDisplayName } from './display-name';

/**
 * An expert record as a backup restores it (utils/db/backup.ts). The name is cleaned like every
 * name (utils/expert/display-name.ts), and a name with nothing visible is refused with the record
 * named. The feed state of the browser that wrote the backup is not this browser's: when its feed was
 * last read, checked or attempted, and the HTTP validators, are reset. So the expert shows as not
 * verified here (utils/expert/verified.ts), is due for a refresh at once, and that refresh reads and
 * verifies the whole feed (no validator, so no 304 can stand in for a verification). The rest of the
 * status (the last error, the summary) stays as information.
 */
export function restoredExpert(record: ExpertRecord, ctx: z.core.$RefinementCtx<ExpertRecord>): ExpertRecord {
  const displayName = cleanDisplayName(record.displayName);
  if (displayName === '') {
    ctx.addIssue({ code: 'custom', path: ['displayName'], message: 'must have a visible character', input: record.displayName });
    return record;
  }
  if (record.kind !== 'feed') return { ...record, displayName };
  return {
    ...record,
    displayName,
    feedStatus: { ...record.feedStatus, lastFetchedAt: null, lastCheckedAt: null, lastAttemptAt: null, etag: null, lastModified: null },
  };
}
