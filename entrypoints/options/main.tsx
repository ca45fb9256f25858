// Must stay the first import: see utils/zod-jitless.ts.
import '../../utils/zod-jitless';
import { render } from 'preact';
import { PopupApp, provideExpertPage, type TabId } from '../../components/PopupApp';
import { ExpertPage } from '../../components/popup/ExpertPage';
import * as overlayStrings from '../../utils/i18n/strings/overlay';
import * as picksStrings from '../../utils/i18n/strings/picks';
import { takeExpertFirstRows } from '../../utils/popup/expert-first-rows';
import { routeFromHash } from '../../utils/popup/route';
import '../popup/style.css';

// The expert page's code and words, which the popup loads lazily, are part of this page's own module
// graph (the panel opens this page at an expert), handed to the app so its first render draws the page.
provideExpertPage(ExpertPage, picksStrings, overlayStrings);

// The same app as the popup, given a whole tab for users with many items. `#expert=…` opens an
// expert's page (the overlay's expert names), `#tab=…` a tab (the welcome page's links).
document.body.classList.add('full-tab');
const route = routeFromHash(location.hash);
const expertId = route?.kind === 'expert' ? route.expertId : undefined;
// An expert's page: its first rows were asked for by the page's first script, before this code loaded.
const expertPrefetch = expertId ? takeExpertFirstRows(expertId) : undefined;
render(
  <PopupApp fullTab initialExpert={expertId} expertPrefetch={expertPrefetch} initialTab={route?.kind === 'tab' ? (route.tab as TabId) : undefined} />,
  document.getElementById('app')!,
);
