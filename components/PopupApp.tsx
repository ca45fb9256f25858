import type { ComponentChildren, ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { POPUP_STRINGS } from '../utils/i18n/popup-strings';
import type { StringKey } from '../utils/i18n/strings';
import { languageTag, resolveLanguage, type StringTables } from '../utils/i18n/translate';
import { DEFAULT_SETTINGS, getSettings, watchSettings, type Settings } from '../utils/settings';
import { I18nProvider, useT } from './I18n';
import { SavedTab } from './popup/SavedTab';
import type { ExpertPagePrefetch, ExpertPageProps } from './popup/ExpertPage';
import { lazyComponent } from './popup/lazy';
import { askFirstTimelinePage, dropFirstTimelinePage } from '../utils/popup/timeline-first-page';
import { TabFeed } from './popup/TabFeed';

export type TabId = 'saved' | 'cart' | 'picks' | 'experts' | 'studio' | 'settings';
const TAB_LABEL: Record<TabId, StringKey> = {
  saved: 'popup.tab.saved',
  cart: 'popup.tab.cart',
  picks: 'popup.tab.picks',
  experts: 'popup.tab.experts',
  studio: 'popup.tab.studio',
  settings: 'popup.tab.settings',
};

// The Picks, Cart and Experts tabs, the expert page and the Studio load their code and strings when first shown (popup-gzip budget).
/** String tables together, for a part that draws with several. */
const tablesOf = (...tables: StringTables[]): StringTables => ({ en: Object.assign({}, ...tables.map((table) => table.en)), zh: Object.assign({}, ...tables.map((table) => table.zh)) });
// Pick rows use the overlay's card words; the Studio uses the Recommend form's.
// With the tab's code, the page opens its own connection to read the tab's pages (utils/popup/timeline-here.ts).
const PicksTab = lazyComponent(() =>
  Promise.all([import('./popup/PicksTab'), import('../utils/i18n/strings/picks'), import('../utils/i18n/strings/overlay'), import('../utils/popup/timeline-here')]).then(([m, picks, overlay, here]) => {
    here.startReadingHere();
    return { component: m.PicksTab, strings: tablesOf(picks, overlay) };
  }),
);
const ExpertPage = lazyComponent(() =>
  Promise.all([import('./popup/ExpertPage'), import('../utils/i18n/strings/picks'), import('../utils/i18n/strings/overlay')]).then(([m, picks, overlay]) => ({ component: m.ExpertPage, strings: tablesOf(picks, overlay) })),
);
/** The full tab carries the expert page in its own graph (entrypoints/options/main.tsx): its first render draws it. */
export const provideExpertPage = (component: ComponentType<ExpertPageProps>, ...strings: StringTables[]): void => ExpertPage.provide({ component, strings: tablesOf(...strings) });
// Settings (backups, sync, price checks, permissions) is opened rarely: its code loads when it is.
// The Settings tab's words load with it (utils/i18n/strings/settings.ts).
const SettingsTab = lazyComponent(() =>
  Promise.all([import('./popup/SettingsTab'), import('../utils/i18n/strings/settings')]).then(([m, settings]) => ({ component: m.SettingsTab, strings: tablesOf(settings) })),
);
// The Cart and Experts tabs: their code loads after the Saved tab's first rows are painted (preloadTabs),
// so the popup's first load, which draws the Saved tab, neither carries nor evaluates it.
const CartTab = lazyComponent(() => import('./popup/CartTab').then((m) => ({ component: m.CartTab })));
const ExpertsPart = lazyComponent(() => import('./popup/ExpertsPart').then((m) => ({ component: m.ExpertsPart })));
const StudioTab = lazyComponent(() =>
  Promise.all([import('./popup/StudioTab'), import('../utils/i18n/strings/studio'), import('../utils/i18n/strings/recommend')]).then(([m, studio, recommend]) => ({ component: m.StudioTab, strings: tablesOf(studio, recommend) })),
);

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
export function ThemedI18n({ settings, children, strings = POPUP_STRINGS }: { settings: Settings; children: ComponentChildren; strings?: StringTables }) {
  const language = resolveLanguage(settings.language, navigator.languages ?? []);
  useEffect(() => {
    const root = document.documentElement;
    if (settings.theme === 'auto') delete root.dataset.theme;
    else root.dataset.theme = settings.theme;
    root.lang = languageTag(language);
  }, [settings.theme, language]);
  return (
    <I18nProvider language={language} strings={strings}>
      {children}
    </I18nProvider>
  );
}

export interface PopupAppProps {
  /** Rendered in its own tab (options page): no "Open in a tab" link, taller lists. */
  fullTab?: boolean;
  initialTab?: TabId;
  /** Open on this expert's page (options.html#expert=…, from the overlay's expert names). */
  initialExpert?: string;
  /** Its first answer, asked for while the page's code loads. */
  expertPrefetch?: ExpertPagePrefetch;
}

/**
 * The shell (header and tabs) renders at once with default settings; each tab loads its data after
 * the first paint, so the popup never opens blank.
 */
export function PopupApp(props: PopupAppProps) {
  // Opened at an expert's page: its code starts loading with the first render, not after the first
  // paint (the lazy part's own effect), while the prefetched answer is on its way.
  if (props.initialExpert) ExpertPage.preload();
  const settings = useSettings();
  return (
    <ThemedI18n settings={settings}>
      <Shell {...props} settings={settings} />
    </ThemedI18n>
  );
}

function Shell({ fullTab = false, initialTab = 'saved', initialExpert, expertPrefetch, settings }: PopupAppProps & { settings: Settings }) {
  const t = useT();
  const tabs: TabId[] = ['saved', 'cart', 'picks', 'experts', ...(settings.expertMode ? (['studio'] as const) : []), 'settings'];
  const [chosen, setChosen] = useState<TabId>(initialExpert ? 'experts' : initialTab);
  /** An expert's page, shown in place of the tab's content until Back or another tab. */
  const [expertId, setExpertId] = useState<string | null>(initialExpert ?? null);
  const setTab = (id: TabId) => {
    // The Picks tab's first page is asked for with the click, while its code renders.
    if (id === 'picks' && (tab !== 'picks' || expertId !== null)) askFirstTimelinePage();
    else dropFirstTimelinePage();
    setExpertId(null);
    setChosen(id);
  };
  // Bumped when the current tab's expert is followed (TabFeed), so the Experts tab reads its list again.
  const [followedFromTab, setFollowedFromTab] = useState(0);
  const tab = tabs.includes(chosen) ? chosen : 'saved';
  const buttons = useRef<Record<string, HTMLButtonElement | null>>({});
  const listHeight = fullTab ? Math.max(400, window.innerHeight - 220) : 400;
  // The Picks, Cart and Experts tabs' code and strings start loading once the Saved tab's first rows
  // are painted (the task after that frame), not on the click: the popup's first load stays within its
  // budget, the first rows do not wait for them, and the click need not either.
  // (Inline rather than utils/popup/after-paint.ts, which stays out of the popup's first load.)
  const preloadTabs = () =>
    requestAnimationFrame(() =>
      setTimeout(() => {
        PicksTab.preload();
        CartTab.preload();
        ExpertsPart.preload();
      }),
    );

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
      {/* The expert the page in the current tab announces, if any; looked for after the first paint. */}
      {!fullTab && (
        <TabFeed
          onFollowed={() => {
            setFollowedFromTab((n) => n + 1);
            setTab('experts');
          }}
        />
      )}
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
        {expertId !== null && <ExpertPage key={expertId} expertId={expertId} prefetched={expertPrefetch} listHeight={listHeight} onBack={() => setExpertId(null)} />}
        {expertId === null && tab === 'saved' && <SavedTab listHeight={listHeight} onFirstRows={preloadTabs} />}
        {expertId === null && tab === 'cart' && <CartTab checkoutUrl={browser.runtime.getURL('/checkout.html')} />}
        {expertId === null && tab === 'picks' && <PicksTab listHeight={listHeight} onOpenExpert={setExpertId} />}
        {expertId === null && tab === 'experts' && <ExpertsPart followed={followedFromTab} onOpenExpert={setExpertId} />}
        {expertId === null && tab === 'studio' && <StudioTab />}
        {expertId === null && tab === 'settings' && <SettingsTab settings={settings} />}
      </main>
    </div>
  );
}
