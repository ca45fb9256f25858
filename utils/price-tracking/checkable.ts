import type { Platform } from '../product';

/*
 * Which stores' pages, as the server sends them, state the price (issue 17), judged from the saved
 * real pages (tests/fixtures/pages, ../shared/fixtures/real-pages):
 * - Amazon: yes (the served page carries the selected offer's price).
 * - Any other store: Haowu reads it from schema.org/OpenGraph data, which is in the served page, and
 *   the page model reads the served page as a visit reads the live one (reconciled with what it shows).
 * - JD: no. The served HTML has an empty price element that the browser fills in later (jd-3888216).
 * - Tmall, Taobao: the saved pages are the browser's DOM after scripts ran, not what the server sends,
 *   and these stores send visitors without a login (no cookies are sent) to a login page; current
 *   layouts draw the price in the browser. Weidian and Pinduoduo draw theirs in the browser too
 *   (no served page of theirs shows otherwise).
 * Where the price is filled in only in the browser, the UI says the price updates when you visit.
 */
const SERVED_PAGE_STATES_PRICE: Record<Platform, boolean> = {
  amazon: true,
  site: true,
  jd: false,
  tmall: false,
  taobao: false,
  weidian: false,
  pinduoduo: false,
};

export const checkableInBackground = (platform: Platform): boolean => SERVED_PAGE_STATES_PRICE[platform];
