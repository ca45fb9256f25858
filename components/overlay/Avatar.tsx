import { useState } from 'preact/hooks';
import { initials } from '../../utils/overlay/initials';

/** The expert's avatar, or their initials when there is none or it fails to load. */
export function Avatar({ name, url }: { name: string; url: string | null }) {
  const [failed, setFailed] = useState(false);
  if (url && !failed) {
    return <img class="hw-avatar" src={url} alt="" width={32} height={32} referrerpolicy="no-referrer" onError={() => setFailed(true)} />;
  }
  return (
    <span class="hw-avatar hw-avatar--initials" aria-hidden="true">
      {initials(name)}
    </span>
  );
}
