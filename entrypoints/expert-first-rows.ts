import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { askExpertFirstRows } from '../utils/popup/expert-first-rows';

/*
 * The full tab's first script (entrypoints/options/index.html, a classic script before the app's
 * modules): opened at an expert's page, it asks for their first rows at once, so the background
 * reads them while the app loads (utils/popup/expert-first-rows.ts). Self-contained and small: the
 * messenger and the route, no zod, no Preact (tests/unit/bundles/expert-first-rows.test.ts).
 */
export default defineUnlistedScript(() => askExpertFirstRows(location.hash));
