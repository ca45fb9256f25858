import { ExpertsTab } from './ExpertsTab';
import { FeedTools } from './FeedTools';
import { SyncedFollows } from './SyncedFollows';

export interface ExpertsPartProps {
  /** Bumped when the current tab's expert is followed (TabFeed): the list is read again. */
  followed: number;
  onOpenExpert: (expertId: string) => void;
}

/**
 * The Experts tab as one lazily loaded part (components/PopupApp.tsx): the follows waiting for a host
 * permission, the followed experts, and the feed tools. Its code (with the feed statuses' wording) is
 * not part of the popup's first load, which draws the Saved tab.
 */
export function ExpertsPart({ followed, onOpenExpert }: ExpertsPartProps) {
  return (
    <>
      <SyncedFollows />
      <ExpertsTab key={followed} onOpenExpert={onOpenExpert} feedTools={(reload) => <FeedTools onChange={reload} onOpenExpert={onOpenExpert} />} />
    </>
  );
}
