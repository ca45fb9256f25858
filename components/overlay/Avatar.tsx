import { useState } from 'preact/hooks';
import { storedAvatarSrc } from '../../utils/avatar/stored-avatar';
import type { ExpertRecord } from '../../utils/db/schema';
import { initials } from '../../utils/overlay/initials';

/**
 * The expert's avatar as Haowu stored it (a small data URL the background made once), or their
 * initials. Never the expert's own image address: loading it from a store page would tell its server
 * when and where the shopper opened the panel. A copy the page refuses to draw (a store's CSP without
 * `data:` images, say) falls back to the initials too.
 */
export function Avatar({ name, expert }: { name: string; expert: Pick<ExpertRecord, 'avatarUrl' | 'avatarCopy'> }) {
  const src = storedAvatarSrc(expert);
  // Remembers which copy failed, so a newer copy is tried again.
  const [failed, setFailed] = useState<string | null>(null);
  if (src && failed !== src) {
    return <img class="hw-avatar" src={src} alt="" width={32} height={32} onError={() => setFailed(src)} />;
  }
  return (
    <span class="hw-avatar hw-avatar--initials" aria-hidden="true">
      {initials(name)}
    </span>
  );
}
