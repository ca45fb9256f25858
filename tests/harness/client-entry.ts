// Bundled and evaluated in an extension page (tests/harness/background-client.ts): the extension's
// own message client, to ask the background what the popup would, and its database reader.
import '../../utils/zod-jitless';
export { request } from '../../utils/messaging/client';
export { openHaowuDb } from '../../utils/db/open';
export { readAllData } from '../../utils/db/backup';
