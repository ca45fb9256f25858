// Bundled by the benchmark and evaluated in an extension page, so the database figures are taken in
// the extension's own origin with real IndexedDB, running the modules the extension ships.
import '../../utils/zod-jitless';
export { openHaowuDb } from '../../utils/db/open';
export { mergeData, importBackup, exportBackup, deleteAllData } from '../../utils/db/backup';
export { getPicksForProduct } from '../../utils/db/recommendations';
export { listSaved } from '../../utils/db/saved';
export { generateDataset } from '../fixtures/generate-dataset';
