import { useEffect, useState } from 'preact/hooks';
import { pluralKey } from '../../utils/i18n/plural';
import { request } from '../../utils/messaging/client';
import type { SyncStatus } from '../../utils/sync/service';
import { useLanguage, useT } from '../I18n';

/** What syncs across the user's browsers, and how the last sync went (Settings). */
export function SyncSection() {
  const t = useT();
  const language = useLanguage();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    void request('getSyncStatus', undefined).then((result) => result.ok && setStatus(result.value));
  }, []);
  const when = (time: number) => new Date(time).toLocaleString(language === 'zh' ? 'zh-CN' : 'en-US', { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <fieldset class="sync">
      <legend>{t('popup.sync.heading')}</legend>
      <p class="hint">{t('popup.sync.what')}</p>
      <p class="hint">{t('popup.sync.notWhat')}</p>
      {status && (
        <p class="hint" role="status">
          {status.lastSyncedAt ? t('popup.sync.last', { when: when(status.lastSyncedAt) }) : t('popup.sync.never')}{' '}
          {t(pluralKey(language, status.follows, { one: 'popup.sync.follows.one', other: 'popup.sync.follows.other' }), { count: status.follows })}
          {status.notSynced > 0 && ` ${t(pluralKey(language, status.notSynced, { one: 'popup.sync.over.one', other: 'popup.sync.over.other' }), { count: status.notSynced })}`}
          {status.lastError && ` ${t('popup.sync.failed', { message: status.lastError })}`}
        </p>
      )}
    </fieldset>
  );
}
