// Bundled and evaluated in an extension page by seed.ts: writes test data into Haowu's own database,
// through the same modules the extension ships.
import '../../utils/zod-jitless';
export { openHaowuDb } from '../../utils/db/open';
export { mergeData, readAllData } from '../../utils/db/backup';
