import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ALL_STRINGS, type StringKey } from '../utils/i18n/strings';
import { resolveLanguage } from '../utils/i18n/translate';
import { DEFAULT_SETTINGS, getSettings, watchSettings, type Settings } from '../utils/settings';
import { I18nProvider, useT } from './I18n';
import { CartTab } from './popup/CartTab';
import { ExpertsTab } from './popup/ExpertsTab';
import { FeedTools } from './popup/FeedTools';
import { SavedTab } from './popup/SavedTab';
import { SettingsTab } from './popup/SettingsTab';
import { StudioTab } from './popup/StudioTab';

export type TabId = 'saved' | 'cart' | 'experts' | 'studio' | 'settings';
const TAB_LABEL: Record<TabId, StringKey> = {
  saved: 'popup.tab.saved',
  cart: 'popup.tab.cart',
  experts: 'popup.tab.experts',
  studio: 'popup.tab.studio',
  settings: 'popup.tab.settings',
};

/** Follows the settings in storage (also when another Haowu page changes them). */
export function useSettings(): Settings {
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  useEffect(() => {
    let live = true;
    void getSettings().then((s) => live && setSettings(s));
    const stop = watchSettings(setSettings);
    return () => {
      live = false;
      stop();
    };
  }, []);
  return settings;
}

/** Language from settings and the browser; the theme as `data-theme` on the root (absent: follow the system). */
export function ThemedI18n({ settings, children }: { settings: Settings; children: ComponentChildren }) {
  const language = resolveLanguage(settings.language, navigator.languages ?? []);
  useEffect(() => {
    const root = document.documentElement;
    if (settings.theme === 'auto') delete root.dataset.theme;
    else root.dataset.theme = settings.theme;
    root.lang = language === 'zh' ? 'zh-CN' : 'en';
  }, [settings.theme, language]);
  return <I18nProvider language={language} strings={ALL_STRINGS}>{children}</I18nProvider>;
}

export interface PopupAppProps {
  /** Rendered in its own tab (options page): no "Open in a tab" link, taller lists. */
  fullTab?: boolean;
  initialTab?: TabId;
}

/**
 * The shell (header and tabs) renders at once with default settings; each tab loads its data after
 * the first paint, so the popup never opens blank.
 */
export function PopupApp(props: PopupAppProps) {
  const settings = useSettings();
  return (
    <ThemedI18n settings={settings}>
      <Shell {...props} settings={settings} />
    </ThemedI18n>
  );
}

function Shell({ fullTab = false, initialTab = 'saved', settings }: PopupAppProps & { settings: Settings }) {
  const t = useT();
  const tabs: TabId[] = ['saved', 'cart', 'experts', ...(settings.expertMode ? (['studio'] as const) : []), 'settings'];
  const [chosen, setTab] = useState<TabId>(initialTab);
  const tab = tabs.includes(chosen) ? chosen : 'saved';
  const buttons = useRef<Record<string, HTMLButtonElement | null>>({});
  const listHeight = fullTab ? Math.max(400, window.innerHeight - 220) : 400;

  // Arrow keys move between tabs (WAI-ARIA tabs pattern); Tab moves into the panel.
  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.indexOf(tab);
    const next =
      event.key === 'ArrowRight' ? tabs[(index + 1) % tabs.length] : event.key === 'ArrowLeft' ? tabs[(index - 1 + tabs.length) % tabs.length] : event.key === 'Home' ? tabs[0] : event.key === 'End' ? tabs.at(-1) : undefined;
    if (!next) return;
    event.preventDefault();
    setTab(next);
    buttons.current[next]?.focus();
  };

  return (
    <div class="app">
      <header class="app__head">
        <h1>{t('app.name')}</h1>
        {!fullTab && (
          <a class="app__full" href={browser.runtime.getURL('/options.html')} target="_blank" rel="noopener">
            {t('popup.openInTab')}
          </a>
        )}
      </header>
      <nav class="tabs" role="tablist" aria-label={t('popup.tabs')} onKeyDown={onKeyDown}>
        {tabs.map((id) => (
          <button
            key={id}
            ref={(el) => {
              buttons.current[id] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            class="tabs__tab"
            onClick={() => setTab(id)}
          >
            {t(TAB_LABEL[id])}
          </button>
        ))}
      </nav>
      <main id={`panel-${tab}`} role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === 'saved' && <SavedTab listHeight={listHeight} />}
        {tab === 'cart' && <CartTab checkoutUrl={browser.runtime.getURL('/checkout.html')} />}
        {tab === 'experts' && <ExpertsTab feedTools={(reload) => <FeedTools onChange={reload} />} />}
        {tab === 'studio' && <StudioTab />}
        {tab === 'settings' && <SettingsTab settings={settings} />}
      </main>
    </div>
  );
}
