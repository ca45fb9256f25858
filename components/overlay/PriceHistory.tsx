import { useEffect, useState } from 'preact/hooks';
import type { PriceTrackingView } from '../../utils/price-tracking/view';
import type { Price } from '../../utils/product';
import { useT } from '../I18n';
import { LowestSeenLine, PriceHistoryChart } from '../PriceHistoryChart';
import { useEventGuard } from './event-guard';

/**
 * The panel's price history (issue 17): asked for once when the panel opens (getPriceHistory, the
 * page's own product only), then "Lowest Haowu has seen, 3 Dec" when today's price is at or near the
 * lowest, and the chart behind a button. Lives in the panel's lazy bundle, never in the launcher.
 */
export function PriceHistory({ productKey, price, storeName, load }: { productKey: string; price: Price | null; storeName: string; load: () => Promise<PriceTrackingView | null> }) {
  const t = useT();
  const accept = useEventGuard();
  const [view, setView] = useState<PriceTrackingView | 'failed' | null>(null);
  const [open, setOpen] = useState(false);
  // Asked again when the page's price changes (a late price, in-page navigation).
  const priceKey = price ? `${price.currency}${price.minMinor}-${price.maxMinor}` : '';
  useEffect(() => {
    let live = true;
    load()
      .then((value) => live && setView(value ?? 'failed'))
      .catch(() => live && setView('failed'));
    return () => {
      live = false;
    };
  }, [productKey, priceKey]);
  const now = Date.now();
  return (
    <section class="hw-ph-section" aria-label={t('priceTracking.heading')}>
      {view && view !== 'failed' && <LowestSeenLine points={view.points} current={price ?? view.current} now={now} />}
      <button type="button" class="hw-link-button" aria-expanded={open} onClick={(event) => accept(event) && setOpen(!open)}>
        {t(open ? 'priceTracking.hide' : 'priceTracking.show')}
      </button>
      {open &&
        (view === null ? (
          <p class="hw-ph__note">{t('priceTracking.loading')}</p>
        ) : view === 'failed' ? (
          <p class="hw-ph__note">{t('priceTracking.failed')}</p>
        ) : (
          <PriceHistoryChart view={view} now={now} storeName={storeName} />
        ))}
    </section>
  );
}
