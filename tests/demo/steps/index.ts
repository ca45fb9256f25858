import { DEMO_PAGES } from '../store';
import type { DemoStep } from '../story';
import { checkout } from './checkout';
import { expertPublish } from './expert-publish';
import { expertRecommend } from './expert-recommend';
import { expertWindow } from './expert-window';
import { followCollection } from './follow-collection';
import { followExpert } from './follow-expert';
import { followFromWindow } from './follow-from-window';
import { jdLatePrice } from './jd-late-price';
import { popupSavedCart } from './popup-saved-cart';
import { readmeScreenshots } from './readme-screenshots';
import { saveAndCart } from './save-and-cart';
import { spaNavigation } from './spa-navigation';
import { storePageStep } from './store-page';
import { tmallPicks } from './tmall-picks';

/** The story the headless demo walks, in order. */
export const DEMO_STEPS: DemoStep[] = [
  followCollection,
  tmallPicks,
  saveAndCart,
  followExpert,
  followFromWindow,
  jdLatePrice,
  spaNavigation,
  storePageStep('taobao', DEMO_PAGES.taobao),
  storePageStep('weidian', DEMO_PAGES.weidian),
  storePageStep('pinduoduo', DEMO_PAGES.pinduoduo),
  popupSavedCart,
  checkout,
  expertRecommend,
  expertPublish,
  expertWindow,
  readmeScreenshots,
];
