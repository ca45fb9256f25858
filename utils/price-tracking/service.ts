import { browser } from 'wxt/browser';
import type { DbConnection } from '../db/open';
import type { ProductRecord } from '../db/schema';
import { formatPrice } from '../format-price';
import { en, zh } from '../i18n/strings/price-tracking';
import { resolveLanguage, translate } from '../i18n/translate';
import { getSettings, watchSettings } from '../settings';
import type { PriceAlert } from './alert-rules';
import { unseenAlertsItem, unseenPriceAlerts, withCheckState } from './check-state';
import { closeOffscreen, readPage } from './offscreen-reader';
import { runCheckRound, type CheckDeps, type CheckResult } from './run-checks';

/*
 * The background's price checks (issue 17): an alarm every ROUND_MINUTES while Settings → "Check
 * prices in the background" is on (none while it is off), each alarm one round (run-checks.ts), and
 * the alerts: a notification (when the user granted `notifications`) and the toolbar badge. Clicking
 * a notification opens the product's page.
 */

export const PRICE_CHECK_ALARM = 'haowu-price-checks';
/** How often a round runs; each store is still asked at most MAX_PER_HOUR times an hour (scheduler.ts). */
export const ROUND_MINUTES = 10;
/** Notification ids carry the product key, so a click knows which page to open. */
export const NOTIFICATION_PREFIX = 'haowu-price:';

/** Turns the alarm on or off with the setting; an existing alarm keeps its time. */
export async function schedulePriceChecks(enabled: boolean): Promise<void> {
  if (!enabled) {
    await browser.alarms.clear(PRICE_CHECK_ALARM);
    return;
  }
  if (await browser.alarms.get(PRICE_CHECK_ALARM)) return;
  await browser.alarms.create(PRICE_CHECK_ALARM, { delayInMinutes: 1, periodInMinutes: ROUND_MINUTES });
}

/** The notification's words, in the UI language. */
async function alertText(product: ProductRecord, alert: PriceAlert): Promise<{ title: string; message: string }> {
  const language = resolveLanguage((await getSettings()).language, navigator.languages ?? []);
  const title = translate({ en, zh }, language, 'priceTracking.alert.title', { percent: alert.percent });
  const message = `${product.title}\n${formatPrice(alert.from, language)} → ${formatPrice(alert.to, language)}`;
  return { title, message };
}

/** A notification (if allowed) and one more unseen alert on the badge. */
export async function showPriceAlert(product: ProductRecord, alert: PriceAlert): Promise<void> {
  await unseenAlertsItem.setValue((await unseenPriceAlerts()) + 1);
  if (!browser.notifications || !(await browser.permissions.contains({ permissions: ['notifications'] }))) return;
  const { title, message } = await alertText(product, alert);
  await browser.notifications.create(`${NOTIFICATION_PREFIX}${product.key}`, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title,
    message: message.slice(0, 300),
  });
}

/**
 * A click on a price notification opens the product's page (its canonical address from the
 * database, never anything from the notification itself) and counts the alert as seen.
 */
export async function openAlertedProduct(notificationId: string, connection: Pick<DbConnection, 'get'>): Promise<boolean> {
  if (!notificationId.startsWith(NOTIFICATION_PREFIX)) return false;
  const product = await (await connection.get()).get('products', notificationId.slice(NOTIFICATION_PREFIX.length));
  await browser.notifications?.clear(notificationId);
  if (!product) return false;
  await browser.tabs.create({ url: product.canonicalUrl });
  await unseenAlertsItem.setValue(Math.max((await unseenPriceAlerts()) - 1, 0));
  return true;
}

export function backgroundCheckDeps(connection: Pick<DbConnection, 'get'>): CheckDeps {
  return {
    db: connection.get,
    now: Date.now,
    random: Math.random,
    fetch: (url, init) => fetch(url, init),
    canRead: (origin) => browser.permissions.contains({ origins: [origin] }),
    readPage,
    alert: showPriceAlert,
  };
}

let running: Promise<CheckResult[]> | null = null;

/** One round now (the alarm), unless one is running; the state is saved after it. */
export function runPriceChecks(deps: CheckDeps): Promise<CheckResult[]> {
  running ??= (async () => {
    try {
      if (!(await getSettings()).priceChecks) return [];
      return await withCheckState((state) => runCheckRound(deps, state));
    } finally {
      await closeOffscreen().catch(() => {});
    }
  })().finally(() => (running = null));
  return running;
}

/** Wires the alarm, the setting and notification clicks. Listeners are added synchronously. */
export function startPriceChecks(connection: Pick<DbConnection, 'get'>, options: { onRun?: (results: CheckResult[]) => void } = {}): void {
  const deps = backgroundCheckDeps(connection);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== PRICE_CHECK_ALARM) return;
    void runPriceChecks(deps)
      .then((results) => options.onRun?.(results))
      .catch((error: unknown) => console.warn('[haowu] price checks failed', error));
  });
  // `notifications` is optional: its API exists only once granted, which may happen while this worker runs.
  let listening = false;
  const listenForClicks = () => {
    if (listening || !browser.notifications) return;
    listening = true;
    browser.notifications.onClicked.addListener((id) => void openAlertedProduct(id, connection).catch((error: unknown) => console.warn('[haowu] could not open the product', error)));
  };
  listenForClicks();
  browser.permissions.onAdded.addListener(listenForClicks);
  watchSettings((settings) => void schedulePriceChecks(settings.priceChecks).catch((error: unknown) => console.warn('[haowu] could not schedule price checks', error)));
  void getSettings()
    .then((settings) => schedulePriceChecks(settings.priceChecks))
    .catch((error: unknown) => console.warn('[haowu] could not schedule price checks', error));
}
