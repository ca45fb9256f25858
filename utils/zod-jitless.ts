import { z } from 'zod';

/*
 * Import this first in an entrypoint. zod 4 probes `new Function` (blocked by extension CSP) when a
 * schema is *constructed*, and imported modules construct schemas before an entrypoint's body runs;
 * a side-effect import placed first sets jitless before any of them.
 */
z.config({ jitless: true });
