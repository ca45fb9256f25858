import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { providePageModel } from '../utils/page-model/api';
import { pageModelFields } from '../utils/page-model/page-fields';

/*
 * The page model, injected by the background into an enabled other store's page (the content script's
 * isolated world) when its structured data gave no product (see utils/page-model/api.ts). Partner
 * stores and pages with structured data never load it.
 */
export default defineUnlistedScript(() => {
  providePageModel(pageModelFields);
});
