import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { readSavedFirstRowsEarly } from '../utils/popup/saved-here';

/*
 * The popup's first script (entrypoints/popup/index.html, a classic script before the app's modules):
 * reads the Saved tab's first rows from the database at once, so the read runs while the app's module
 * files are fetched, parsed and run, as the floor's page reads as soon as it starts (issue 19). The app
 * checks and takes the rows (utils/popup/saved-first-rows.ts). Self-contained and small: the database
 * read only; no zod, no messenger, no Preact (tests/unit/bundles/saved-here.test.ts).
 */
export default defineUnlistedScript(() => readSavedFirstRowsEarly());
