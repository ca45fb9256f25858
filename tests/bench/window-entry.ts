// Bundled by the benchmark and evaluated in an extension page: the expert's profile and picks are
// written with the modules the extension ships, and the publish itself is the Studio's message, run
// by the background.
import '../../utils/zod-jitless';
export { openHaowuDb } from '../../utils/db/open';
export { mergeData } from '../../utils/db/backup';
export { createExpertProfile } from '../../utils/expert/profile';
export { request } from '../../utils/messaging/client';
export { updateSettings } from '../../utils/settings';
export { BENCH_EXPERT_NAME, benchWindowPicks } from './window-data';
// The publish figures' floor: signed PUTs of the same count, made directly with aws4fetch.
export { AwsClient } from 'aws4fetch';
