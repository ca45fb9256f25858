import { useState } from 'preact/hooks';
import { storedAvatarSrc } from '../../utils/avatar/stored-avatar';
import type { ExpertRecord } from '../../utils/db/schema';
import { initials } from '../../utils/overlay/initials';

/**
 * An expert's avatar in the popup's lists: the copy Haowu stored (a small data URL), or initials.
 * Like the overlay's, it never loads the expert's image address, so opening the popup contacts no one.
 */
export function ExpertAvatar({ expert }: { expert: Pick<ExpertRecord, 'displayName' | 'avatarUrl' | 'avatarCopy'> }) {
  const src = storedAvatarSrc(expert);
  const [failed, setFailed] = useState<string | null>(null);
  if (src && failed !== src) return <img class="avatar avatar--image" src={src} alt="" width={32} height={32} onError={() => setFailed(src)} />;
  return (
    <span class="avatar" aria-hidden="true">
      {initials(expert.displayName)}
    </span>
  );
}
