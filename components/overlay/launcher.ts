import * as strings from '../../utils/i18n/strings/launcher';
import { translate, type Language, type StringTables } from '../../utils/i18n/translate';

/*
 * The launcher docked at the page edge: the only UI the content script draws itself. It is plain DOM
 * (no Preact) because every product page pays for it; the panel it opens is a separate script,
 * loaded into the page when the shopper first opens it (entrypoints/overlay-panel.tsx).
 */

const LAUNCHER_STRINGS: StringTables = { en: strings.en, zh: strings.zh };

export const launcherText = (language: Language, key: keyof typeof strings.en, params?: Record<string, string | number>): string =>
  translate(LAUNCHER_STRINGS, language, key, params);

export interface LauncherView {
  language: Language;
  /**
   * The page moved to another product by itself (no click or key of the shopper's before it): Haowu
   * shows nothing of that product until the shopper asks, so a page cannot make it reveal or record
   * product after product.
   */
  pending?: boolean;
  /** Visible picks for this product; null while the background's answer is awaited (no count, no saved state shown). */
  count: number | null;
  saved: boolean;
  /** Collapsed for good by the user: a small tab, no quiet save button. */
  collapsed: boolean;
  /** A sentence for the shopper when the last action failed (saving, opening the panel). */
  error: string | null;
}

export interface LauncherHandlers {
  open: () => void;
  /** Saves when the launcher shows the product unsaved, removes it when it shows it saved. */
  toggleSaved: () => Promise<void>;
  /**
   * The shopper's pointer came over the launcher, or their keyboard focused it: the panel may be opened
   * next, so its script can start loading before the click.
   */
  prefetch?: () => void;
  /** Whether an event may act: only the shopper's own (`isTrusted`), never one a page script made. */
  accept?: (event: Event) => boolean;
}

export interface Launcher {
  element: HTMLElement;
  update: (view: LauncherView) => void;
  /** Shown again after the panel closes (focus returns to it). */
  setHidden: (hidden: boolean) => void;
  focus: () => void;
}

function button(document: Document, className: string): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = className;
  return element;
}

export function createLauncher(document: Document, handlers: LauncherHandlers): Launcher {
  const group = document.createElement('div');
  group.className = 'hw-launcher-group';
  const quietSave = button(document, 'hw-quiet-save');
  const launcher = button(document, 'hw-launcher');
  launcher.setAttribute('aria-expanded', 'false');
  const mark = document.createElement('span');
  mark.className = 'hw-launcher__mark';
  mark.setAttribute('aria-hidden', 'true');
  const count = document.createElement('span');
  count.className = 'hw-launcher__count';
  const error = document.createElement('p');
  error.className = 'hw-launcher-error';
  error.setAttribute('role', 'alert');
  launcher.append(mark, count);
  group.append(quietSave, launcher, error);

  const accept = handlers.accept ?? ((event: Event) => event.isTrusted);
  // Busy buttons stay focusable (aria-disabled, not disabled) so keyboard focus stays put.
  let busy = false;
  quietSave.addEventListener('click', (event) => {
    if (busy || !accept(event)) return;
    busy = true;
    quietSave.setAttribute('aria-disabled', 'true');
    void handlers.toggleSaved().finally(() => {
      busy = false;
      quietSave.setAttribute('aria-disabled', 'false');
    });
  });
  launcher.addEventListener('click', (event) => {
    if (accept(event)) handlers.open();
  });
  // A pointer on its way to a click, or keyboard focus: the panel's script loads meanwhile (issue 19).
  for (const type of ['pointerenter', 'pointerdown', 'focus']) {
    launcher.addEventListener(type, (event) => {
      if (accept(event)) handlers.prefetch?.();
    });
  }

  const update = (view: LauncherView) => {
    const t = (key: keyof typeof strings.en, params?: Record<string, string | number>) => launcherText(view.language, key, params);
    const loading = !view.pending && view.count === null;
    const picks = view.pending ? 0 : (view.count ?? 0);
    const label = view.pending ? t('launcher.pending') : loading ? t('launcher.loading') : picks === 0 ? t(view.saved ? 'launcher.savedNoPicks' : 'launcher.noPicks') : picks === 1 ? t('launcher.onePick') : t('launcher.picks', { count: picks });
    mark.textContent = t('launcher.name');
    launcher.setAttribute('aria-label', t('launcher.open', { label }));
    count.hidden = picks === 0 && !(view.pending && !view.collapsed);
    count.textContent = view.pending ? (view.collapsed ? '' : label) : picks === 0 ? '' : view.collapsed ? String(picks) : label;
    // Nothing noisy without picks: a quiet save button only (none while the product is not shown yet).
    // Nor while loading: the saved state is not known yet.
    quietSave.hidden = picks > 0 || view.collapsed || view.pending === true || loading;
    quietSave.classList.toggle('hw-quiet-save--on', view.saved);
    quietSave.setAttribute('aria-pressed', String(view.saved));
    quietSave.setAttribute('aria-label', t(view.saved ? 'launcher.saved' : 'launcher.save'));
    quietSave.textContent = view.saved ? '★' : '☆';
    error.hidden = view.error === null;
    error.textContent = view.error ?? '';
  };

  return {
    element: group,
    update,
    setHidden: (hidden) => {
      group.hidden = hidden;
    },
    focus: () => launcher.focus(),
  };
}
