import type { Page } from 'playwright-core';

/** Reading and driving Haowu's overlay on a store page, for the demo's log lines. */

export interface ShownCard {
  name: string;
  rating: number;
  reason: string;
  followed: boolean | null;
  yours: boolean;
  priceLine: string;
}

export interface ShownPanel {
  title: string;
  price: string;
  cards: ShownCard[];
}

const launcher = (page: Page) => page.locator('haowu-overlay button.hw-launcher');

/**
 * Waits for the launcher and returns what it says ("2 expert picks", "Save with Haowu"). The count is
 * 0 until the picks arrive from the background, so `expectPicks` waits (5 s at most) for a count.
 */
export async function launcherLabel(page: Page, options: { expectPicks?: boolean } = {}): Promise<string> {
  try {
    await launcher(page).waitFor({ state: 'visible' });
  } catch {
    throw new Error(`Haowu's launcher did not appear on ${page.url()}`);
  }
  if (options.expectPicks) await launcher(page).filter({ hasText: /expert picks?/ }).waitFor({ timeout: 5000 }).catch(() => undefined);
  return ((await launcher(page).getAttribute('aria-label')) ?? '').replace(/^Open Haowu: /, '');
}

/** Opens the panel and waits until its picks have loaded. */
export async function openPanel(page: Page): Promise<void> {
  await launcher(page).click();
  await page.getByRole('dialog', { name: 'Haowu on this product' }).waitFor();
  await page.waitForFunction(() => {
    const panel = document.querySelector('haowu-overlay')?.shadowRoot?.querySelector('.hw-panel');
    return panel !== null && panel !== undefined && ![...panel.querySelectorAll('p.hw-muted')].some((p) => p.textContent === 'Loading…');
  });
}

export async function readPanel(page: Page): Promise<ShownPanel> {
  // No helper functions declared in here: tsx (esbuild keepNames) would wrap them in a __name() call
  // that does not exist in the page.
  return page.evaluate(() => {
    const root = document.querySelector('haowu-overlay')?.shadowRoot;
    if (!root?.querySelector('.hw-panel')) throw new Error('The Haowu panel is not open');
    const [title, price] = ['.hw-product__title', '.hw-product__price'].map((selector) => root.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '');
    return {
      title: title!,
      price: price!,
      cards: [...root.querySelectorAll('article.hw-card')].map((card) => {
        const follow = card.querySelector('button[aria-pressed]');
        const [stars, empty, reason, chip] = ['.hw-stars', '.hw-stars__empty', '.hw-card__reason', '.hw-chip'].map((selector) => card.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '');
        return {
          name: card.getAttribute('aria-label') ?? '',
          rating: stars!.length - empty!.length,
          reason: reason!,
          followed: follow ? follow.getAttribute('aria-pressed') === 'true' : null,
          yours: chip !== '',
          priceLine: [...card.querySelectorAll('.hw-card__prices > span')].map((span) => span.textContent?.trim() ?? '').join(', '),
        };
      }),
    };
  });
}

const short = (text: string, max = 48) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function describeCard(card: ShownCard): string {
  const stars = `${'★'.repeat(card.rating)}${'☆'.repeat(5 - card.rating)}`;
  const who = card.yours ? `${card.name} (your pick)` : `${card.name}${card.followed ? ' (following)' : ''}`;
  return `${who} ${stars} “${short(card.reason)}”`;
}

/** "Tmall iPhone 11: 2 expert picks — Demo · 小美 (demo data) ★★★★☆ “…”; …" */
export function describeOverlay(label: string, launcherText: string, panel: ShownPanel): string {
  const cards = panel.cards.map(describeCard).join('; ');
  return `${label}: ${launcherText}${cards ? ` — ${cards}` : ''}`;
}
