import type { OverlayDriver, OverlaySnapshot } from '../harness/overlay';

/**
 * Reading and driving Haowu's overlay on a store page, for the demo's log lines. The overlay's root
 * is closed: everything goes through the harness's driver (tests/harness/overlay.ts), which reads it
 * from Haowu's own world and clicks with the page's real mouse.
 */

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

const LAUNCHER = { className: 'hw-launcher' };
export const PANEL = { role: 'dialog', name: 'Haowu on this product' };

/**
 * Waits for the launcher and returns what it says ("2 expert picks", "Save with Haowu"). The count is
 * 0 until the picks arrive from the background, so `expectPicks` waits (5 s at most) for a count.
 */
export async function launcherLabel(overlay: OverlayDriver, options: { expectPicks?: boolean } = {}): Promise<string> {
  await overlay.waitFor(LAUNCHER);
  if (options.expectPicks) await overlay.waitFor({ ...LAUNCHER, name: /expert picks?$/ }, { timeout: 5000 }).catch(() => undefined);
  return ((await overlay.launcherLabel()) ?? '').replace(/^Open Haowu: /, '');
}

/** Opens the panel from the launcher (a real click) and waits until its picks have loaded. */
export async function openPanel(overlay: OverlayDriver): Promise<void> {
  await overlay.click(LAUNCHER);
  await overlay.waitFor(PANEL);
  await overlay.waitUntil((snapshot) => !snapshot.visible({ className: 'hw-muted', text: 'Loading…' }, snapshot.first(PANEL)).length, 'the picks to load');
}

/** The panel as shown: the product as read and every card. */
export function panelOf(snapshot: OverlaySnapshot): ShownPanel {
  const panel = snapshot.first(PANEL);
  if (!panel) throw new Error('The Haowu panel is not open');
  const textOf = (className: string, scope = panel) => snapshot.first({ className }, scope)?.text ?? '';
  return {
    title: textOf('hw-product__title'),
    price: textOf('hw-product__price'),
    cards: snapshot.all({ tag: 'article', className: 'hw-card' }, panel).map((card) => {
      const follow = snapshot.all({ role: 'button' }, card).find((button) => 'aria-pressed' in button.attributes);
      const prices = snapshot.first({ className: 'hw-card__prices' }, card);
      return {
        name: card.attributes['aria-label'] ?? '',
        rating: textOf('hw-stars', card).length - textOf('hw-stars__empty', card).length,
        reason: textOf('hw-card__reason', card),
        followed: follow ? follow.attributes['aria-pressed'] === 'true' : null,
        yours: textOf('hw-chip', card) !== '',
        priceLine: prices ? snapshot.elements.filter((element) => element.parent === prices.index && element.tag === 'span').map((span) => span.text).join(', ') : '',
      };
    }),
  };
}

export async function readPanel(overlay: OverlayDriver): Promise<ShownPanel> {
  return panelOf(await overlay.snapshot());
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
