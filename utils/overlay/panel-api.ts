import type { OverlayAppProps } from '../../components/overlay/OverlayApp';

/*
 * How the content script and the panel's script meet. The panel (Preact, the cards, the forms, their
 * strings and styles) is a separate file that the background injects into the page's isolated world
 * when the shopper first opens the panel (loadOverlayPanel); it leaves its entry point on the isolated
 * world's global object, which the page itself cannot see. Types only here: the content script must
 * not bundle the panel.
 */

/** The panel's script in the built extension (an unlisted WXT script). */
export const PANEL_SCRIPT = '/overlay-panel.js';
const PANEL_GLOBAL = '__haowuOverlayPanel';

export interface MountedPanel {
  update: (props: OverlayAppProps) => void;
  unmount: () => void;
}

export interface OverlayPanel {
  /** Renders the panel into `container` (inside the overlay's shadow root) and adds its styles there. */
  mount: (container: HTMLElement, props: OverlayAppProps) => MountedPanel;
}

type WithPanel = { [PANEL_GLOBAL]?: OverlayPanel };

export const loadedPanel = (): OverlayPanel | undefined => (globalThis as WithPanel)[PANEL_GLOBAL];

export function providePanel(panel: OverlayPanel): void {
  (globalThis as WithPanel)[PANEL_GLOBAL] = panel;
}
