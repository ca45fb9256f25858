// Bundled into an extension page by db-upgrade.e2e.ts: the upgrade and the readers run in Chromium's
// own IndexedDB, as the extension ships them.
import '../../utils/zod-jitless';
export { openHaowuDb } from '../../utils/db/open';
export { readAllData } from '../../utils/db/backup';
export { countRecommendationsByExpert, getPicksForProduct, getRecommendation, getRecommendationsByExpert } from '../../utils/db/recommendations';
export { readTimeline } from '../../utils/db/picks';
export { RELEASED_VERSIONS, createLegacyDatabase } from '../unit/db/legacy';
export { generateDataset } from '../fixtures/generate-dataset';
export { expertCardOf } from '../../utils/db/schema';
export { listSaved } from '../../utils/db/saved';
export { fillMissingCards } from '../../utils/db/pick-chunks';
