import { browser } from 'wxt/browser';

export function PopupApp() {
  return (
    <>
      <header>
        <h1>{browser.i18n.getMessage('extName')}</h1>
      </header>
      <main>
        <p>{browser.i18n.getMessage('popupEmpty')}</p>
      </main>
    </>
  );
}
