import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { providePageModel } from '../utils/page-model/api';
import { pageModelFields } from '../utils/page-model/page-fields';

/*
 * The page model, injected by the background into an enabled other store's page (the content script's
 * isolated world) before the page is first read (see utils/page-model/api.ts): it reads pages without
 * structured data, and sets what a page visibly shows beside what its structured data says. Partner
 * stores and Amazon never load it.
 */
export default defineUnlistedScript(() => {
  providePageModel(pageModelFields);
});
