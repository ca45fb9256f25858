import { config } from 'zod/mini';

/*
 * Import this first in an entrypoint. zod 4 probes `new Function` (blocked by extension CSP) when a
 * schema is *constructed*, and imported modules construct schemas before an entrypoint's body runs;
 * a side-effect import placed first sets jitless before any of them.
 */
// zod/mini and classic zod share one global config.
config({ jitless: true });
