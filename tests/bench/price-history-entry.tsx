import { render } from 'preact';
import { I18nProvider } from '../../components/I18n';
import { PriceHistoryChart } from '../../components/PriceHistoryChart';
import * as strings from '../../utils/i18n/strings/price-tracking';
import type { HistoryPoint } from '../../utils/price-tracking/history';
import type { PriceTrackingView } from '../../utils/price-tracking/view';

/** A 100-point history (visits, checks, a few ranges, gaps and experts' prices), as the bench draws it. */
export function historyOf(count: number, now: number): PriceTrackingView {
  const points: HistoryPoint[] = Array.from({ length: count }, (_, i) => {
    const at = now - (count - i) * 86_400_000;
    if (i % 17 === 16) return { at, price: null, source: 'check' };
    const low = 10_000 + ((i * 7919) % 3000);
    const high = i % 11 === 0 ? low + 2000 : low;
    return { at, price: { currency: 'CNY', minMinor: low, maxMinor: high }, source: i % 13 === 0 ? 'expert' : i % 2 ? 'check' : 'visit', ...(i % 13 === 0 ? { expertName: 'Mei' } : {}) };
  });
  return { productKey: 'site:example.com/1', platform: 'site', storeDomain: 'example.com', points, current: points.at(-2)?.price ?? null, checkable: true, checksOn: true, lastCheck: { at: now, outcome: 'ok' } };
}

/** Draws the chart into `container` and forces layout; returns the milliseconds it took. */
export function drawHistory(container: HTMLElement, view: PriceTrackingView, now: number): number {
  const start = performance.now();
  render(
    <I18nProvider language="en" strings={{ en: strings.en, zh: strings.zh }}>
      <PriceHistoryChart view={view} now={now} storeName="example.com" />
    </I18nProvider>,
    container,
  );
  container.getBoundingClientRect();
  void container.offsetHeight;
  return performance.now() - start;
}

export function clear(container: HTMLElement): void {
  render(null, container);
}
