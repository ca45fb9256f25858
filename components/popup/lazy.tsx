import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { StringTables } from '../../utils/i18n/translate';
import { MoreStrings, useT } from '../I18n';

/** What a lazily loaded part brings: its component and the string tables it draws with. */
export interface LazyPart<P> {
  component: ComponentType<P>;
  strings?: StringTables;
}

/**
 * A component whose code (and strings) load when it is first shown, in its own chunk, so the popup's
 * first load does not carry it: the Studio, the expert page and the Picks tab.
 */
export function lazyComponent<P extends object>(load: () => Promise<LazyPart<P>>): ComponentType<P> {
  let loaded: LazyPart<P> | null = null;
  let loading: Promise<LazyPart<P>> | null = null;
  return function Lazy(props: P) {
    const t = useT();
    const [part, setPart] = useState<LazyPart<P> | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (part) return;
      let live = true;
      (loading ??= load().then((value) => (loaded = value)))
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
  };
}
