import type { ComponentType } from 'preact';
import { useLayoutEffect, useState } from 'preact/hooks';
import type { StringTables } from '../../utils/i18n/translate';
import { MoreStrings, useT } from '../I18n';

/** What a lazily loaded part brings: its component and the string tables it draws with. */
export interface LazyPart<P> {
  component: ComponentType<P>;
  strings?: StringTables;
}

/** A lazily loaded component, and a way to load its part before it is first shown. */
export type LazyComponent<P> = ComponentType<P> & {
  /** Starts loading the part (once); a failure is forgotten, so showing the component tries again. */
  preload: () => void;
  /**
   * The part, from a page that carries it in its own module graph: the component's first render draws
   * it, with no loading step (a render, an effect and a promise) between.
   */
  provide: (part: LazyPart<P>) => void;
};

/**
 * A component whose code (and strings) load when it is first shown, in its own chunk, so the popup's
 * first load does not carry it: the Studio, the expert page and the Picks tab.
 */
export function lazyComponent<P extends object>(load: () => Promise<LazyPart<P>>): LazyComponent<P> {
  let loaded: LazyPart<P> | null = null;
  let loading: Promise<LazyPart<P>> | null = null;
  const start = () => (loading ??= load().then((value) => (loaded = value)));
  const preload = () => {
    if (!loaded) start().catch(() => (loading = null));
  };
  const provide = (part: LazyPart<P>) => {
    loaded ??= part;
  };
  function Lazy(props: P) {
    const t = useT();
    const [part, setPart] = useState<LazyPart<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    // A layout effect, not an effect: it runs before the first paint, so a part already loaded (or
    // preloaded, e.g. in the page's own module graph) is drawn in the next render, not a frame later.
    useLayoutEffect(() => {
      if (part) return;
      let live = true;
      start()
        .then((value) => live && setPart(value))
        .catch(() => {
          loading = null;
          if (live) setFailed(true);
        });
      return () => {
        live = false;
      };
    }, [part]);
    if (!part) return <p class="loading">{failed ? t('popup.picks.loadFailed') : t('common.loading')}</p>;
    const Component = part.component;
    return part.strings ? (
      <MoreStrings tables={part.strings}>
        <Component {...props} />
      </MoreStrings>
    ) : (
      <Component {...props} />
    );
  }
  return Object.assign(Lazy, { preload, provide });
}
