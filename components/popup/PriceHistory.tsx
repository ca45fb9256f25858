import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { formatPrice, majorAmount } from '../../utils/format-price';
import { describeError } from '../../utils/i18n/describe-error';
import * as priceStrings from '../../utils/i18n/strings/price-tracking';
import { request } from '../../utils/messaging/client';
import { decimalToMinor } from '../../utils/price';
import type { AlertRule } from '../../utils/price-tracking/alert-rules';
import type { PriceTrackingView } from '../../utils/price-tracking/view';
import { useLanguage, useT } from '../I18n';
import { PriceHistoryChart } from '../PriceHistoryChart';
import type { LazyPart } from './lazy';

/*
 * A saved item's price history and its alert, in the popup and the full tab (issue 17). Its own chunk,
 * with its strings (components/popup/lazy.tsx): the popup's first load carries none of it.
 */

export interface PriceHistoryProps {
  productKey: string;
  title: string;
  storeName: string;
  onClose: () => void;
}

type Kind = 'none' | AlertRule['kind'];

/** Asks for `notifications` in the click (a user gesture), before any await; true when granted. */
const askNotifications = (): Promise<boolean> => browser.permissions.request({ permissions: ['notifications'] }).catch(() => false);

function AlertForm({ view, onSaved }: { view: PriceTrackingView; onSaved: (view: PriceTrackingView) => void }) {
  const t = useT();
  const currency = view.current?.currency ?? (view.alert?.kind === 'below' ? view.alert.target.currency : 'CNY');
  const [kind, setKind] = useState<Kind>(view.alert?.kind ?? 'none');
  const [percent, setPercent] = useState(view.alert?.kind === 'percent' ? view.alert.percent : 10);
  const [target, setTarget] = useState(view.alert?.kind === 'below' ? String(majorAmount(view.alert.target.minMinor, currency)) : '');
  const [message, setMessage] = useState<string | null>(null);

  const ruleOf = (): AlertRule | null | 'bad' => {
    if (kind === 'none') return null;
    if (kind === 'any') return { kind: 'any' };
    if (kind === 'percent') return { kind: 'percent', percent: Math.min(Math.max(Math.round(percent), 1), 99) };
    const minor = decimalToMinor(target.trim(), currency);
    return minor === null || minor <= 0 ? 'bad' : { kind: 'below', target: { currency, minMinor: minor, maxMinor: minor } };
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const rule = ruleOf();
    if (rule === 'bad') {
      setMessage(t('priceTracking.alert.badTarget'));
      return;
    }
    // In the click itself: the browser asks only from a user gesture. Declined, the badge still counts alerts.
    const permission = rule ? askNotifications() : Promise.resolve(true);
    void (async () => {
      const granted = await permission;
      const result = await request('setPriceAlert', { productKey: view.productKey, alert: rule });
      if (!result.ok) {
        setMessage(describeError(t, result.error));
        return;
      }
      onSaved({ ...view, alert: rule });
      setMessage(granted ? t('priceTracking.alert.saved') : `${t('priceTracking.alert.saved')} ${t('priceTracking.alert.noNotifications')}`);
    })();
  };

  return (
    <form class="price-alert" onSubmit={submit}>
      <fieldset>
        <legend>{t('priceTracking.alert.heading')}</legend>
        {(['none', 'any', 'percent', 'below'] as const).map((value) => (
          <label class="check" key={value}>
            <input type="radio" name="price-alert" value={value} checked={kind === value} onChange={() => setKind(value)} />
            {t(`priceTracking.alert.${value}`)}
          </label>
        ))}
        {kind === 'percent' && (
          <label>
            {t('priceTracking.alert.percentLabel')}{' '}
            <input class="input input--short" type="number" min={1} max={99} step={1} value={percent} onInput={(event) => setPercent(Number(event.currentTarget.value))} />
          </label>
        )}
        {kind === 'below' && (
          <label>
            {t('priceTracking.alert.targetLabel', { currency })}{' '}
            <input class="input input--short" inputMode="decimal" value={target} onInput={(event) => setTarget(event.currentTarget.value)} />
          </label>
        )}
        {kind !== 'none' && (!view.checkable || !view.checksOn) && <p class="hint">{t('priceTracking.alert.needsChecks')}</p>}
        <button type="submit" class="button button--small">
          {t('priceTracking.alert.save')}
        </button>
        {message && (
          <p class="hint" role="status">
            {message}
          </p>
        )}
      </fieldset>
    </form>
  );
}

export function PriceHistoryPanel({ productKey, title, storeName, onClose }: PriceHistoryProps) {
  const t = useT();
  const language = useLanguage();
  const [view, setView] = useState<PriceTrackingView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void request('getPriceTracking', { productKey }).then((result) => {
      if (!live) return;
      if (result.ok) setView(result.value);
      else setError(describeError(t, result.error));
    });
    return () => {
      live = false;
    };
  }, [productKey]);
  return (
    <section class="price-history" aria-label={t('priceTracking.heading')}>
      <header class="price-history__head">
        <h2>
          {t('priceTracking.heading')}: <bdi>{title}</bdi>
        </h2>
        <button type="button" class="button button--small" onClick={onClose}>
          {t('common.close')}
        </button>
      </header>
      {error ? (
        <p class="hint" role="alert">
          {error}
        </p>
      ) : !view ? (
        <p class="loading">{t('priceTracking.loading')}</p>
      ) : (
        <>
          {view.current && <p class="row__meta">{formatPrice(view.current, language)}</p>}
          <PriceHistoryChart view={view} now={Date.now()} storeName={storeName} />
          {view.saved && <AlertForm view={view} onSaved={setView} />}
        </>
      )}
    </section>
  );
}

export const part: LazyPart<PriceHistoryProps> = { component: PriceHistoryPanel, strings: { en: priceStrings.en, zh: priceStrings.zh } };
