import { useMemo, useState } from 'preact/hooks';
import { formatPrice } from '../utils/format-price';
import type { Language } from '../utils/i18n/translate';
import { buildHistoryChart, chartShapes, lowestSeen, type ChartPoint, type HistoryPoint } from '../utils/price-tracking/history';
import type { PriceTrackingView } from '../utils/price-tracking/view';
import type { Price } from '../utils/product';
import { useLanguage, useT } from './I18n';

/*
 * A product's price history (issue 17), drawn as plain SVG: a step line (a point per change, the
 * price holding until the next), a band where the page stated a low–high range, a mark on the axis
 * where it stated none, and dots by source (circle: your visit, square: background check, diamond:
 * an expert's price when recommended, never part of the line). One currency per axis. Shared by the
 * panel on the product page and the popup; every point is also listed as text.
 */

const WIDTH = 300;
const HEIGHT = 120;
const PAD = 8;

const LOCALE: Record<Language, string> = { en: 'en-GB', zh: 'zh-CN' };

// Made once per language and form: a chart of 100 points formats a few hundred dates.
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** "3 Dec" / "12月3日"; with the year when it is not this year's. */
export function shortDate(at: number, language: Language, now: number): string {
  const sameYear = new Date(at).getFullYear() === new Date(now).getFullYear();
  const id = `${language}${sameYear}`;
  let format = dateFormats.get(id);
  if (!format) dateFormats.set(id, (format = new Intl.DateTimeFormat(LOCALE[language], { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) })));
  return format.format(at);
}

// formatPrice builds a number format per call, and a chart says a hundred prices, most of them
// repeated: each text is kept (a few thousand at most, then started afresh).
const priceTexts = new Map<string, string>();
function priceText(price: Price, language: Language): string {
  const id = `${language}${price.currency}${price.minMinor}-${price.maxMinor}`;
  let text = priceTexts.get(id);
  if (text === undefined) {
    if (priceTexts.size > 5000) priceTexts.clear();
    priceTexts.set(id, (text = formatPrice(price, language)));
  }
  return text;
}

const priceOf = (currency: string, low: number, high: number): Price => ({ currency, minMinor: low, maxMinor: high });

function Dot({ x, y, point, label }: { x: number; y: number; point: ChartPoint; label: string }) {
  const title = <title>{label}</title>;
  if (point.source === 'check') return <rect class={`hw-ph__dot hw-ph__dot--check`} x={x - 3} y={y - 3} width={6} height={6}>{title}</rect>;
  if (point.source === 'expert') return <polygon class="hw-ph__dot hw-ph__dot--expert" points={`${x},${y - 4} ${x + 4},${y} ${x},${y + 4} ${x - 4},${y}`}>{title}</polygon>;
  return <circle class="hw-ph__dot hw-ph__dot--visit" cx={x} cy={y} r={3}>{title}</circle>;
}

/** The lowest-seen line for today's price ("Lowest Haowu has seen, 3 Dec"), or nothing. */
export function LowestSeenLine({ points, current, now }: { points: readonly HistoryPoint[]; current: Price | null; now: number }) {
  const t = useT();
  const language = useLanguage();
  const lowest = useMemo(() => lowestSeen(buildHistoryChart(points, current), current, now), [points, current, now]);
  if (!lowest) return null;
  return <p class="hw-ph__lowest-seen">{t('priceTracking.lowestSeen', { date: shortDate(lowest.at, language, now) })}</p>;
}

export function PriceHistoryChart({ view, now, storeName }: { view: PriceTrackingView; now: number; storeName: string }) {
  const t = useT();
  const language = useLanguage();
  const chart = useMemo(() => buildHistoryChart(view.points, view.current), [view]);
  const shapes = useMemo(() => chartShapes(chart, { width: WIDTH, height: HEIGHT, pad: PAD }, now), [chart, now]);
  const date = (at: number) => shortDate(at, language, now);
  const money = (price: Price) => priceText(price, language);
  // The list of every point is drawn when opened, not with the chart.
  const [listOpen, setListOpen] = useState(false);
  const sourceText = (point: { source?: string; expertName?: string }) =>
    point.source === 'expert' ? t('priceTracking.source.expert', { name: point.expertName ?? '' }) : t(point.source === 'check' ? 'priceTracking.source.check' : 'priceTracking.source.visit');
  const pointText = (point: HistoryPoint) => `${date(point.at)}: ${point.price ? money(point.price) : t('priceTracking.noPrice')} (${sourceText(point)})`;
  const priced = chart.points.filter((point) => point.low !== null && point.source !== 'expert');
  const currency = chart.currency;
  const sorted = [...view.points].sort((a, b) => b.at - a.at);

  return (
    <div class="hw-ph">
      {!currency || shapes.dots.length === 0 ? (
        <p class="hw-ph__note">{t('priceTracking.empty')}</p>
      ) : (
        <>
          {priced.length === 1 && priced[0] && (
            <p class="hw-ph__note">{t('priceTracking.onePoint', { price: money(priceOf(currency, priced[0].low!, priced[0].high!)), date: date(priced[0].at) })}</p>
          )}
          <svg
            class="hw-ph__chart"
            viewBox={`0 0 ${WIDTH} ${HEIGHT + 14}`}
            role="img"
            aria-label={t('priceTracking.chartLabel', { currency, count: chart.points.length, from: date(chart.from), to: date(now) })}
          >
            <line class="hw-ph__axis" x1={PAD} y1={HEIGHT - PAD} x2={WIDTH - PAD} y2={HEIGHT - PAD} />
            {shapes.bands.map((points) => (
              <polygon key={`b${points}`} class="hw-ph__band" points={points} />
            ))}
            {shapes.lines.map((points) => (
              <polyline key={`l${points}`} class="hw-ph__line" points={points} />
            ))}
            {shapes.gaps.map((x) => (
              <g key={`g${x}`} class="hw-ph__gap">
                <line x1={x} y1={PAD} x2={x} y2={HEIGHT - PAD} />
                <title>{t('priceTracking.legend.gap')}</title>
              </g>
            ))}
            {shapes.dots.map(({ x, y, point }) => (
              <Dot key={`d${point.at}${point.source}${x}`} x={x} y={y} point={point} label={`${date(point.at)}: ${money(priceOf(currency, point.low!, point.high!))} (${sourceText(point)})`} />
            ))}
            <text class="hw-ph__tick" x={PAD} y={HEIGHT + 10}>
              {date(chart.from)}
            </text>
            <text class="hw-ph__tick" x={WIDTH - PAD} y={HEIGHT + 10} text-anchor="end">
              {date(now)}
            </text>
            <text class="hw-ph__tick" x={WIDTH - PAD} y={PAD + 8} text-anchor="end">
              {money(priceOf(currency, shapes.yMax, shapes.yMax))}
            </text>
            {shapes.yMin !== shapes.yMax && (
              <text class="hw-ph__tick" x={WIDTH - PAD} y={HEIGHT - PAD - 3} text-anchor="end">
                {money(priceOf(currency, shapes.yMin, shapes.yMin))}
              </text>
            )}
          </svg>
          <ul class="hw-ph__legend">
            <li class="hw-ph__key hw-ph__key--visit">{t('priceTracking.legend.visit')}</li>
            <li class="hw-ph__key hw-ph__key--check">{t('priceTracking.legend.check')}</li>
            <li class="hw-ph__key hw-ph__key--expert">{t('priceTracking.legend.expert')}</li>
            {shapes.gaps.length > 0 && <li class="hw-ph__key hw-ph__key--gap">{t('priceTracking.legend.gap')}</li>}
          </ul>
          {chart.lowest && chart.highest && (
            <p class="hw-ph__extremes">
              <span>{t('priceTracking.lowest', { price: money(priceOf(currency, chart.lowest.minor, chart.lowest.minor)), date: date(chart.lowest.at) })}</span>{' '}
              <span>{t('priceTracking.highest', { price: money(priceOf(currency, chart.highest.minor, chart.highest.minor)), date: date(chart.highest.at) })}</span>
            </p>
          )}
        </>
      )}
      {chart.otherCurrencies.length > 0 && <p class="hw-ph__note">{t('priceTracking.otherCurrencies', { currencies: chart.otherCurrencies.join(', ') })}</p>}
      <p class="hw-ph__note">
        {!view.checkable ? t('priceTracking.updatesOnVisit', { store: storeName }) : view.checksOn ? t('priceTracking.checkedInBackground') : t('priceTracking.checksOff')}
      </p>
      {view.lastCheck && (
        <p class={`hw-ph__note${view.lastCheck.outcome === 'ok' ? '' : ' hw-ph__note--warn'}`}>
          {t('priceTracking.lastCheck', { date: date(view.lastCheck.at), outcome: t(`priceTracking.outcome.${view.lastCheck.outcome}`) })}
        </p>
      )}
      {sorted.length > 0 && (
        <details class="hw-ph__points" onToggle={(event) => setListOpen((event.currentTarget as HTMLDetailsElement).open)}>
          <summary>{t('priceTracking.pointsHeading')}</summary>
          {listOpen && (
          <ul>
            {sorted.map((point) => (
              <li key={`${point.at}${point.source ?? ''}${point.expertName ?? ''}`}>{pointText(point)}</li>
            ))}
          </ul>
          )}
        </details>
      )}
    </div>
  );
}
