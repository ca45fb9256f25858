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
  /**
   * Adds the panel's styles to the overlay's shadow root ahead of the first mount: called when the script
   * came in before the click (the pointer's head start), so the click's task does not parse them.
   */
  prepare: (root: ShadowRoot) => void;
}

const PANEL_WAITER_GLOBAL = '__haowuOverlayPanelWaiter';

type WithPanel = { [PANEL_GLOBAL]?: OverlayPanel; [PANEL_WAITER_GLOBAL]?: (panel: OverlayPanel) => void };

export const loadedPanel = (): OverlayPanel | undefined => (globalThis as WithPanel)[PANEL_GLOBAL];

/** Called by the panel's script as it runs: the content script, if it waits, mounts the panel in that same task. */
export function providePanel(panel: OverlayPanel): void {
  const scope = globalThis as WithPanel;
  scope[PANEL_GLOBAL] = panel;
  const waiter = scope[PANEL_WAITER_GLOBAL];
  delete scope[PANEL_WAITER_GLOBAL];
  waiter?.(panel);
}

/**
 * The panel as soon as its script has run in this world: without waiting for the background's answer
 * to loadOverlayPanel, a round trip after the script ran (issue 19). One waiter at a time; a later call replaces it.
 */
export function panelProvided(): Promise<OverlayPanel> {
  const present = loadedPanel();
  if (present) return Promise.resolve(present);
  return new Promise((resolve) => {
    (globalThis as WithPanel)[PANEL_WAITER_GLOBAL] = resolve;
  });
}
