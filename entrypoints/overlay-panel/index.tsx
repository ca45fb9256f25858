import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { overlayPanel } from '../../components/overlay/mount-panel';
import { providePanel } from '../../utils/overlay/panel-api';
// Inlined and added to the overlay's shadow root: the panel ships as one file, and no stylesheet is
// web-accessible for sites to probe.
import panelCss from './style.css?inline';

/*
 * The overlay's panel, injected by the background into the store page's isolated world the first time
 * the shopper opens it (see utils/overlay/panel-api.ts). Product pages that are only looked at never
 * load it: the content script draws the launcher alone.
 */
export default defineUnlistedScript(() => {
  providePanel(overlayPanel(panelCss));
});
