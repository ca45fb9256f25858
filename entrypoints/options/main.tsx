// Must stay the first import: see utils/zod-jitless.ts.
import '../../utils/zod-jitless';
import { render } from 'preact';
import { PopupApp, type TabId } from '../../components/PopupApp';
import { request } from '../../utils/messaging/client';
import { EXPERT_FIRST_ROWS, routeFromHash } from '../../utils/popup/route';
import '../popup/style.css';
// The expert page's code and words, which the popup loads lazily, are part of this page's own module
// graph: fetched and parsed with the app, not after it rendered (the panel opens this page at an
// expert). PopupApp's lazy import then finds them loaded.
import '../../components/popup/ExpertPage';
// (Exported, so the bundler keeps these side-effect-free tables in the page's graph.)
export * as picksStrings from '../../utils/i18n/strings/picks';
export * as overlayStrings from '../../utils/i18n/strings/overlay';

// The same app as the popup, given a whole tab for users with many items. `#expert=…` opens an
// expert's page (the overlay's expert names), `#tab=…` a tab (the welcome page's links).
document.body.classList.add('full-tab');
const route = routeFromHash(location.hash);
const expertId = route?.kind === 'expert' ? route.expertId : undefined;
// An expert's page: its first rows are asked for at once, while the app and the page's code load.
const expertPrefetch = expertId ? { expertId, answer: request('getExpertPage', { expertId, limit: EXPERT_FIRST_ROWS }) } : undefined;
render(
  <PopupApp fullTab initialExpert={expertId} expertPrefetch={expertPrefetch} initialTab={route?.kind === 'tab' ? (route.tab as TabId) : undefined} />,
  document.getElementById('app')!,
);
