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
  /** Visible picks for this product; null while loading. */
  count: number | null;
  saved: boolean;
  /** Collapsed for good by the user: a small tab, no quiet save button. */
  collapsed: boolean;
  /** A sentence for the shopper when the last action failed (saving, opening the panel). */
  error: string | null;
}

export interface LauncherHandlers {
  open: () => void;
  toggleSaved: () => Promise<void>;
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

  // Busy buttons stay focusable (aria-disabled, not disabled) so keyboard focus stays put.
  let busy = false;
  quietSave.addEventListener('click', () => {
    if (busy) return;
    busy = true;
    quietSave.setAttribute('aria-disabled', 'true');
    void handlers.toggleSaved().finally(() => {
      busy = false;
      quietSave.setAttribute('aria-disabled', 'false');
    });
  });
  launcher.addEventListener('click', handlers.open);

  const update = (view: LauncherView) => {
    const t = (key: keyof typeof strings.en, params?: Record<string, string | number>) => launcherText(view.language, key, params);
    const picks = view.count ?? 0;
    const label = picks === 0 ? t('launcher.noPicks') : picks === 1 ? t('launcher.onePick') : t('launcher.picks', { count: picks });
    mark.textContent = t('launcher.name');
    launcher.setAttribute('aria-label', t('launcher.open', { label }));
    count.hidden = picks === 0;
    count.textContent = picks === 0 ? '' : view.collapsed ? String(picks) : label;
    // Nothing noisy without picks: a quiet save button only.
    quietSave.hidden = picks > 0 || view.collapsed;
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
