import type { Page } from 'playwright-core';
import { ALL_STRINGS } from '../../../utils/i18n/strings';
import type { Language } from '../../../utils/i18n/translate';
import { DEMO_PAGES } from '../store';
import { POPUP_SIZE, type DemoStep, type StepContext } from '../story';

/**
 * The README's pictures, made by the demo so they stay current: the panel on a product page, the
 * popup, and checkout, in English and in Chinese (the window's own pictures come from the
 * expert-window step). `npm run demo -- --headless --update-screenshots` copies them into
 * tests/fixtures/screenshots/, where the README shows them.
 */

/** The file names the README uses (without the step's number), per language. */
export const README_SHOTS = ['panel', 'popup', 'checkout'] as const;
export const readmeShotName = (what: (typeof README_SHOTS)[number], language: Language) => `readme-${what}-${language}`;

/** The panel's accessible name in `language`, from the same tables the extension uses. */
const panelName = (language: Language) => ALL_STRINGS[language]['overlay.panel.title'];

async function setLanguage(context: StepContext, language: Language): Promise<void> {
  const popup = await context.openExtensionPage('popup.html', POPUP_SIZE);
  const either = (key: 'popup.tab.settings' | 'popup.settings.language') => new RegExp(`^(${ALL_STRINGS.en[key]}|${ALL_STRINGS.zh[key]})`);
  await popup.getByRole('tab', { name: either('popup.tab.settings') }).click();
  await popup.getByRole('combobox', { name: either('popup.settings.language') }).selectOption(language);
  // Stored and applied: the popup speaks the language now.
  await popup.getByRole('tab', { name: ALL_STRINGS[language]['popup.tab.settings'], exact: true }).waitFor();
  await popup.close();
}

async function shootAll(context: StepContext, language: Language): Promise<string[]> {
  const lines: string[] = [];
  const store: Page = context.using(await context.open(DEMO_PAGES.tmall.url));
  await store.setViewportSize({ width: 1280, height: 800 });
  const overlay = context.overlay(store);
  await overlay.waitFor({ className: 'hw-launcher' });
  // The count arrives from the background a moment after the launcher paints.
  await overlay.waitFor({ className: 'hw-launcher', name: /\d/ }, { timeout: 10_000 }).catch(() => undefined);
  await overlay.click({ className: 'hw-launcher' });
  await overlay.waitFor({ role: 'dialog', name: panelName(language) }, { timeout: 15_000 });
  await overlay.waitUntil((snapshot) => snapshot.all({ role: 'article' }).length > 0, 'the picks to show');
  lines.push(`${language}: panel "${panelName(language)}" on ${DEMO_PAGES.tmall.label}`);
  await context.shoot(store, readmeShotName('panel', language));
  await store.close();

  const popup = context.using(await context.openExtensionPage('popup.html', POPUP_SIZE));
  await popup.getByRole('article').first().waitFor({ timeout: 10_000 }).catch(() => popup.locator('li').first().waitFor());
  await context.shoot(popup, readmeShotName('popup', language));
  await popup.close();

  const checkout = context.using(await context.openExtensionPage('checkout.html', { width: 1000, height: 800 }));
  await checkout.locator('.checkout-line').first().waitFor();
  await context.shoot(checkout, readmeShotName('checkout', language));
  await checkout.close();
  lines.push(`${language}: popup and checkout`);
  return lines;
}

export const readmeScreenshots: DemoStep = {
  id: 'readme-screenshots',
  title: 'Pictures for the README: panel, popup and checkout in English and Chinese',
  run: async (context) => {
    const lines: string[] = [];
    try {
      await setLanguage(context, 'en');
      lines.push(...(await shootAll(context, 'en')));
      await setLanguage(context, 'zh');
      lines.push(...(await shootAll(context, 'zh')));
    } finally {
      await setLanguage(context, 'en').catch(() => undefined);
    }
    return lines;
  },
};
