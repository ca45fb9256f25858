import { useEffect } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { routeHash } from '../utils/popup/route';
import { useT } from './I18n';

/**
 * The first-run guide: what Haowu does on a product page, how to follow an expert, how to become
 * one, and the privacy promise. In the UI language (settings, else the browser's). No expert list is
 * built in and nothing is fetched: the only picture is Haowu's own icon.
 */
export function WelcomePage() {
  const t = useT();
  useEffect(() => {
    document.title = t('welcome.title');
  }, [t('welcome.title')]);
  const page = (hash = '') => browser.runtime.getURL(`/options.html${hash}`);
  return (
    <main class="welcome">
      <header class="welcome__head">
        <img src={browser.runtime.getURL('/icon/96.png')} alt="" width={48} height={48} />
        <div>
          <h1>{t('welcome.title')}</h1>
          <p class="welcome__lead">{t('welcome.lead')}</p>
        </div>
      </header>

      <section aria-labelledby="welcome-product">
        <h2 id="welcome-product">{t('welcome.product.heading')}</h2>
        <p>{t('welcome.product.body')}</p>
        <ul>
          <li>{t('welcome.product.picks')}</li>
          <li>{t('welcome.product.save')}</li>
          <li>{t('welcome.product.disclosure')}</li>
        </ul>
      </section>

      <section aria-labelledby="welcome-follow">
        <h2 id="welcome-follow">{t('welcome.follow.heading')}</h2>
        <ol>
          <li>{t('welcome.follow.window')}</li>
          <li>{t('welcome.follow.address')}</li>
        </ol>
        <p>{t('welcome.follow.after')}</p>
        <p>
          <a class="button button--primary" href={page(routeHash({ kind: 'tab', tab: 'experts' }))}>
            {t('welcome.follow.open')}
          </a>
        </p>
      </section>

      <section aria-labelledby="welcome-expert">
        <h2 id="welcome-expert">{t('welcome.expert.heading')}</h2>
        <p>{t('welcome.expert.body')}</p>
        <p>
          <a class="button" href={page(routeHash({ kind: 'tab', tab: 'settings' }))}>
            {t('welcome.expert.open')}
          </a>
        </p>
      </section>

      <section aria-labelledby="welcome-privacy" class="welcome__privacy">
        <h2 id="welcome-privacy">{t('welcome.privacy.heading')}</h2>
        <p>{t('welcome.privacy.device')}</p>
        <p>{t('welcome.privacy.nothingSent')}</p>
        <p>{t('welcome.privacy.links')}</p>
      </section>
    </main>
  );
}
