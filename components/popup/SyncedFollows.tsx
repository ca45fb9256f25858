import { useCallback, useEffect, useState } from 'preact/hooks';
import { describeThrown } from './describe-failure';
import { request } from '../../utils/messaging/client';
import { feedOrigin } from '../../utils/popup/feed-origin';
import { requestOrigins } from '../../utils/popup/permissions';
import type { PendingFollow } from '../../utils/sync/service';
import { useT } from '../I18n';
import { ErrorNote } from './Notices';
import { describeError } from '../../utils/i18n/describe-error';

/**
 * Follows that came from the user's other browser but need a site this browser has not allowed:
 * the background never asks for a permission by itself, so each is offered here, asked for in the
 * click, and then followed (fetched by this browser).
 */
export function SyncedFollows() {
  const t = useT();
  const [pending, setPending] = useState<PendingFollow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async () => {
    const result = await request('listSyncPending', undefined);
    if (result.ok) setPending(result.value);
  }, []);
  useEffect(() => void load(), [load]);

  // permissions.request needs this click's user gesture: it is called first, with no await before it.
  const allow = (entry: PendingFollow) => {
    const origin = feedOrigin(entry.url);
    if (!origin) return;
    const asked = requestOrigins([origin.pattern]);
    setBusy(entry.url);
    void asked
      .then(async (granted) => {
        if (!granted) return setError(t('popup.feeds.permissionDenied', { origin: origin.origin }));
        const result = await request('followFeed', { url: entry.url });
        if (!result.ok) return setError(describeError(t, result.error));
        setError(null);
        await load();
      })
      .catch((failure: unknown) => setError(describeThrown(t, failure)))
      .finally(() => setBusy(null));
  };

  if (pending.length === 0 && !error) return null;
  return (
    <section class="synced" aria-label={t('popup.sync.pendingHeading')}>
      <ErrorNote message={error} onDismiss={() => setError(null)} />
      <ul class="synced__list">
        {pending.map((entry) => {
          const host = new URL(entry.url).host;
          return (
            <li key={entry.url} class="note">
              <span>{t(entry.kind === 'collection' ? 'popup.sync.allowCollection' : 'popup.sync.allowFeed', { host })}</span>
              {entry.error && <span class="row__meta"> {t('popup.sync.lastTry', { message: entry.error })}</span>}{' '}
              <button type="button" class="button button--small button--primary" disabled={busy === entry.url} aria-label={t('popup.sync.allowLabel', { host })} onClick={() => allow(entry)}>
                {t('popup.sync.allow')}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
