import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { TabAnnouncement, TabInsecureAnnouncement } from '../../utils/popup/tab-feed';
import { getSettings } from '../../utils/settings';
import type { TabFeedCardProps } from './TabFeedCard';

/*
 * The expert (or collection) the page in the current tab announces, at the top of the popup: an
 * expert's window, or a pick they shared from it. Looked for once, after the popup's first paint, in
 * the tab's DOM (utils/popup/tab-feed.ts, possible through activeTab). Its code loads only then, and
 * the card's (TabFeedCard.tsx) only when the page announces something: on an ordinary page nothing is
 * shown, nothing is fetched, and the popup's first paint carries none of it.
 */

/** After the first paint: the next frame, then the task after it. */
function afterPaint(run: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(run, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

interface Found {
  Card: ComponentType<TabFeedCardProps>;
  found: TabAnnouncement | TabInsecureAnnouncement;
}

export function TabFeed({ onFollowed }: { onFollowed: () => void }) {
  const [shown, setShown] = useState<Found | null>(null);
  useEffect(() => {
    let live = true;
    const stop = afterPaint(() => {
      void (async () => {
        const [{ announcedInCurrentTab }, settings] = await Promise.all([import('../../utils/popup/tab-feed'), getSettings()]);
        const found = await announcedInCurrentTab(settings);
        if (!live || !found) return;
        const { TabFeedCard } = await import('./TabFeedCard');
        if (live) setShown({ Card: TabFeedCard, found });
      })().catch((error: unknown) => console.warn('[haowu] could not look for a feed on this page', error));
    });
    return () => {
      live = false;
      stop();
    };
  }, []);
  if (!shown) return null;
  return <shown.Card found={shown.found} onFollowed={onFollowed} />;
}
