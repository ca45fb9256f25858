import { useEffect, useRef, useState } from 'preact/hooks';
import { describeThrown } from './describe-failure';
import { request } from '../../utils/messaging/client';
import { downloadText } from '../../utils/popup/download';
import { describeImport } from '../../utils/popup/import-summary';
import { grantedOrigins, removeOrigins, requestOrigins, siteOrigin } from '../../utils/popup/permissions';
import { AMAZON_ORIGINS } from '../../utils/stores/amazon-storefronts';
import { getSettings, updateSettings, type Settings, type SettingsPatch } from '../../utils/settings';
import { PARTNER_STORE_HOSTS, type PartnerPlatform } from '../../utils/stores/partner-hosts';
import { useLanguage, useT } from '../I18n';
import { backupErrorText } from './backup-error';
import { ErrorNote } from './Notices';
import { storeName } from './store-name';
import { SyncSection } from './SyncSection';
import { describeError } from '../../utils/i18n/describe-error';
import { toErrorInfo } from '../../utils/errors';

const PLATFORMS = Object.keys(PARTNER_STORE_HOSTS) as PartnerPlatform[];
const REFRESH_HOURS = [1, 3, 6, 12, 24, 48, 168];

export function SettingsTab({ settings, onDeleted }: { settings: Settings; onDeleted?: () => void }) {
  const t = useT();
  const language = useLanguage();
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [sites, setSites] = useState<string[]>([]);
  const [siteInput, setSiteInput] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);

  // updateSettings reads, merges and writes; run changes one after another so quick clicks never undo each other.
  const queue = useRef<Promise<void>>(Promise.resolve());
  // A function patch is built from the stored settings at its turn, not from this render's (possibly stale) props.
  const change = (patch: SettingsPatch | ((current: Settings) => SettingsPatch)): Promise<void> =>
    (queue.current = queue.current.then(async () => {
      try {
        await updateSettings(typeof patch === 'function' ? patch(await getSettings()) : patch);
        setError(null);
      } catch (failure) {
        setError(describeError(t, toErrorInfo(failure)));
      }
    }));

  /** Other stores the user turned on (kept in settings) that the browser still allows. */
  const loadSites = async () => {
    const granted = new Set(await grantedOrigins());
    setSites(settings.otherSiteOrigins.filter((origin) => granted.has(origin)));
  };
  useEffect(() => {
    loadSites().catch(() => setSites([]));
  }, [settings.otherSiteOrigins]);

  // permissions.request needs the click's user gesture: it is called first, with no await before it.
  const toggleAmazon = (on: boolean) => {
    const asked = on ? requestOrigins(AMAZON_ORIGINS) : removeOrigins(AMAZON_ORIGINS).then(() => true);
    void asked
      .then((granted) => (granted ? change({ amazonOptIn: on }) : setError(t('popup.settings.permissionDenied'))))
      .catch((failure: unknown) => setError(describeThrown(t, failure)));
  };

  const allowSite = (event: Event) => {
    event.preventDefault();
    const origin = siteOrigin(siteInput);
    if (!origin) return setError(t('popup.settings.badSite'));
    void requestOrigins([origin])
      .then(async (granted) => {
        if (!granted) return setError(t('popup.settings.permissionDenied'));
        setSiteInput('');
        setError(null);
        // The background registers the content script there when this list changes.
        const next = [...new Set([...sites, origin])].sort();
        setSites(next);
        await change({ otherSiteOrigins: next });
      })
      .catch((failure: unknown) => setError(describeThrown(t, failure)));
  };

  const removeSite = (origin: string) =>
    void removeOrigins([origin])
      .then(() => {
        const next = sites.filter((kept) => kept !== origin);
        setSites(next);
        return change({ otherSiteOrigins: next });
      })
      .catch((failure: unknown) => setError(describeThrown(t, failure)));

  const toggleOtherSites = (on: boolean) => {
    if (on) return void change({ otherSitesOptIn: true });
    void removeOrigins(sites)
      .then(() => change({ otherSitesOptIn: false, otherSiteOrigins: [] }))
      .catch((failure: unknown) => setError(describeThrown(t, failure)));
  };

  // The overlay adds to this list on a product page; here is where the user takes a store back off it.
  const showAgain = (store: string) => void change((current) => ({ hiddenStores: current.hiddenStores.filter((id) => id !== store) }));

  const exportBackup = async () => {
    const result = await request('exportBackup', undefined);
    if (!result.ok) return setError(backupErrorText(t, result.error));
    downloadText(result.value.filename, result.value.json, 'application/json');
    setStatus(t('popup.backup.exported', { file: result.value.filename }));
  };

  const exportCsv = async (which: 'saved' | 'cart') => {
    const result = await request('exportCsv', { which });
    if (!result.ok) return setError(describeError(t, result.error));
    downloadText(result.value.filename, result.value.csv, 'text/csv;charset=utf-8');
    setStatus(t('popup.backup.exported', { file: result.value.filename }));
  };

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setStatus(t('popup.backup.importing'));
    const result = await request('importBackup', { json: await file.text() });
    input.value = '';
    if (!result.ok) {
      setStatus(null);
      return setError(backupErrorText(t, result.error));
    }
    setError(null);
    // A sentence a person reads (issue 16: it was a dump of every section's three counts).
    setStatus(describeImport({ t, language }, result.value));
  };

  const deleteAll = async () => {
    setConfirmDelete(false);
    const result = await request('deleteAllData', { confirm: 'delete-all' });
    if (!result.ok) return setError(describeError(t, result.error));
    setStatus(t('popup.settings.deleted'));
    onDeleted?.();
  };

  return (
    <section class="tab-panel settings" aria-label={t('popup.tab.settings')}>
      <ErrorNote message={error} onDismiss={() => setError(null)} />
      {status && (
        <p class="note" role="status">
          {status}
        </p>
      )}

      <fieldset>
        <legend>{t('popup.settings.appearance')}</legend>
        <label class="field">
          <span>{t('popup.settings.language')}</span>
          <select class="input" value={settings.language} onChange={(e) => void change({ language: e.currentTarget.value as Settings['language'] })}>
            <option value="auto">{t('popup.settings.auto')}</option>
            <option value="en">English</option>
            <option value="zh">中文</option>
          </select>
        </label>
        <label class="field">
          <span>{t('popup.settings.theme')}</span>
          <select class="input" value={settings.theme} onChange={(e) => void change({ theme: e.currentTarget.value as Settings['theme'] })}>
            <option value="auto">{t('popup.settings.auto')}</option>
            <option value="light">{t('popup.settings.light')}</option>
            <option value="dark">{t('popup.settings.dark')}</option>
          </select>
        </label>
      </fieldset>

      <fieldset>
        <legend>{t('popup.settings.stores')}</legend>
        {PLATFORMS.map((platform) => (
          <label class="check" key={platform}>
            <input type="checkbox" checked={settings.stores[platform]} onChange={(e) => void change({ stores: { [platform]: e.currentTarget.checked } })} />
            {storeName(platform, t)}
          </label>
        ))}
        <label class="check">
          <input type="checkbox" checked={settings.amazonOptIn} onChange={(e) => toggleAmazon(e.currentTarget.checked)} />
          {t('popup.settings.amazon')}
        </label>
        {/* Only while there is access to give back. */}
        {settings.amazonOptIn && <p class="hint">{t('popup.settings.amazonHint')}</p>}
        <label class="check">
          <input type="checkbox" checked={settings.otherSitesOptIn} onChange={(e) => toggleOtherSites(e.currentTarget.checked)} />
          {t('popup.settings.otherSites')}
        </label>
        <p class="hint">{t('popup.settings.otherSitesHint')}</p>
        {settings.otherSitesOptIn && (
          <>
            <form class="inline-form" onSubmit={allowSite}>
              <label class="visually-hidden" for="site-input">
                {t('popup.settings.siteLabel')}
              </label>
              <input id="site-input" class="input" placeholder="shop.example" value={siteInput} onInput={(e) => setSiteInput(e.currentTarget.value)} />
              <button type="submit" class="button button--small">
                {t('popup.settings.allowSite')}
              </button>
            </form>
            {sites.length > 0 && (
              <ul class="sites" aria-label={t('popup.settings.allowedSites')}>
                {sites.map((origin) => {
                  const host = origin.slice('https://'.length, -2);
                  return (
                    <li key={origin}>
                      {host}{' '}
                      <button type="button" class="button button--small button--quiet" aria-label={t('popup.settings.removeSite', { host })} onClick={() => removeSite(origin)}>
                        {t('popup.saved.remove')}
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
          </>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('popup.settings.productPages')}</legend>
        <label class="check">
          <input type="checkbox" checked={settings.overlayCollapsed} onChange={(e) => void change({ overlayCollapsed: e.currentTarget.checked })} />
          {t('popup.settings.keepCollapsed')}
        </label>
        {settings.hiddenStores.length > 0 && (
          <>
            <p class="hint" id="hidden-stores-label">
              {t('popup.settings.hiddenStores')}
            </p>
            <ul class="sites" aria-labelledby="hidden-stores-label">
              {settings.hiddenStores.map((store) => {
                const name = storeName(store, t);
                return (
                  <li key={store}>
                    {name}{' '}
                    <button type="button" class="button button--small button--quiet" aria-label={t('popup.settings.showAgainOn', { store: name })} onClick={() => showAgain(store)}>
                      {t('popup.settings.showAgain')}
                    </button>
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('popup.settings.feeds')}</legend>
        <label class="field">
          <span>{t('popup.settings.refresh')}</span>
          <select class="input" value={String(settings.feedRefreshHours)} onChange={(e) => void change({ feedRefreshHours: Number(e.currentTarget.value) })}>
            {[...new Set([...REFRESH_HOURS, settings.feedRefreshHours])]
              .sort((a, b) => a - b)
              .map((hours) => (
                <option key={hours} value={String(hours)}>
                  {t('popup.settings.hours', { hours })}
                </option>
              ))}
          </select>
        </label>
        <label class="check">
          <input type="checkbox" checked={settings.newPicksBadge} onChange={(e) => void change({ newPicksBadge: e.currentTarget.checked })} />
          {t('popup.settings.newPicksBadge')}
        </label>
        <p class="hint">{t('popup.settings.newPicksBadgeHint')}</p>
        <label class="check">
          <input type="checkbox" checked={settings.priceChecks} onChange={(e) => void change({ priceChecks: e.currentTarget.checked })} />
          {t('priceTracking.settings.checks')}
        </label>
        <p class="hint">{t('priceTracking.settings.checksHint')}</p>
        <label class="check">
          <input type="checkbox" checked={settings.expertMode} onChange={(e) => void change({ expertMode: e.currentTarget.checked })} />
          {t('popup.settings.expertMode')}
        </label>
      </fieldset>

      <SyncSection />

      <fieldset>
        <legend>{t('popup.backup.heading')}</legend>
        <div class="button-row">
          <button type="button" class="button" onClick={() => void exportBackup()}>
            {t('popup.backup.export')}
          </button>
          <button type="button" class="button" onClick={() => void exportCsv('saved')}>
            {t('popup.backup.csvSaved')}
          </button>
          <button type="button" class="button" onClick={() => void exportCsv('cart')}>
            {t('popup.backup.csvCart')}
          </button>
        </div>
        <label class="field">
          <span>{t('popup.backup.import')}</span>
          <input type="file" accept=".json,application/json" class="input" onChange={(e) => void importFile(e.currentTarget)} />
        </label>
        <p class="hint">{t('popup.backup.importHint')}</p>
      </fieldset>

      <fieldset>
        <legend>{t('popup.settings.danger')}</legend>
        {confirmDelete ? (
          <div class="confirm" role="group" aria-label={t('popup.settings.confirmDelete')}>
            <p>{t('popup.settings.confirmDelete')}</p>
            <button type="button" class="button button--danger" onClick={() => void deleteAll()}>
              {t('popup.settings.deleteYes')}
            </button>
            <button type="button" class="button" autoFocus onClick={() => setConfirmDelete(false)}>
              {t('common.cancel')}
            </button>
          </div>
        ) : (
          <button type="button" class="button button--danger" onClick={() => setConfirmDelete(true)}>
            {t('popup.settings.deleteAll')}
          </button>
        )}
      </fieldset>

      <section class="privacy" aria-labelledby="privacy-heading">
        <h2 id="privacy-heading">{t('popup.privacy.heading')}</h2>
        <p>{t('popup.privacy.stored')}</p>
        <p>{t('popup.privacy.fetched')}</p>
      </section>
    </section>
  );
}
