import type { Price } from '../../utils/product';
import { formatPriceWithoutIntl } from '../../utils/format-price';
import type { ShownPick } from '../../utils/overlay/page-view';
import { pickDate } from '../../utils/overlay/pick-date';
import { priceChange } from '../../utils/overlay/price-change';
import { verifiedHere } from '../../utils/expert/verified';
import { ExpertKey, ExpertName, shownName } from '../ExpertName';
import { useLanguage, useT, useTx } from '../I18n';
import { Avatar } from './Avatar';
import { useEventGuard } from './event-guard';
import { Stars } from './Stars';

export interface PickCardProps {
  /** With `staleSince` when the background found the expert's feed stale (the card only says so). */
  pick: ShownPick;
  /** Today's price as read from the page. */
  priceNow: Price | null;
  /** The product page without any partner tag. */
  plainUrl: string;
  onToggleFollow: (expertId: string, follow: boolean) => void;
  followBusy?: boolean;
  /** Opens Haowu's own page at this expert (all their picks); the background checks the expert is on this page. */
  onOpenExpert?: (expertId: string) => void;
  /** Expert mode, on the user's own pick: edit or delete it. */
  onEditOwn?: () => void;
  onDeleteOwn?: (recommendationId: string) => void;
}

/**
 * One expert's recommendation. Everything from a feed is rendered as text; the expert's name in a
 * <bdi> (also inside "Buy via …" and the disclosure), with their key's short fingerprint, and the
 * verified mark only when this browser verified their signed feed (utils/expert/verified.ts).
 */
export function PickCard({ pick, priceNow, plainUrl, onToggleFollow, followBusy, onOpenExpert, onEditOwn, onDeleteOwn }: PickCardProps) {
  const t = useT();
  const tx = useTx();
  const language = useLanguage();
  const accept = useEventGuard();
  const { recommendation, expert } = pick;
  // For aria-labels (never drawn): the cleaned name. Drawn, <ExpertName> isolates it in a <bdi>.
  const name = shownName(expert.displayName, expert.id);
  const shown = <ExpertName name={expert.displayName} id={expert.id} />;
  const own = expert.kind === 'local';
  const change = priceChange(recommendation.snapshot.price, priceNow);
  const day = (time: number) => pickDate(time, language);
  const date = day(recommendation.updatedAt);
  return (
    <article class="hw-card" aria-label={name} data-recommendation-id={recommendation.id}>
      <header class="hw-card__head">
        <Avatar name={name} expert={expert} />
        <div class="hw-card__who">
          <span class="hw-card__name">
            {onOpenExpert && expert.kind === 'feed' ? (
              <button type="button" class="hw-link-button hw-card__expert" aria-label={t('overlay.card.openExpert', { name })} onClick={(event) => accept(event) && onOpenExpert(expert.id)}>
                {shown}
              </button>
            ) : (
              shown
            )}
            {expert.kind === 'feed' &&
              (verifiedHere(expert) ? (
                <span class="hw-verified" title={t('names.verified')} aria-label={t('names.verified')}>
                  ✓
                </span>
              ) : (
                <span class="hw-unverified" title={t('names.unverifiedTitle')}>
                  {t('names.unverified')}
                </span>
              ))}
          </span>
          {expert.kind === 'feed' && <ExpertKey id={expert.id} class="hw-card__key" />}
          <Stars rating={recommendation.rating} />
        </div>
        {own ? (
          <span class="hw-chip">{t('overlay.card.yours')}</span>
        ) : (
          <button
            type="button"
            class={`hw-button hw-button--small${expert.followed ? ' hw-button--on' : ''}`}
            aria-pressed={expert.followed}
            aria-label={t(expert.followed ? 'overlay.card.unfollowLabel' : 'overlay.card.followLabel', { name })}
            aria-disabled={followBusy}
            onClick={(event) => accept(event) && onToggleFollow(expert.id, !expert.followed)}
          >
            {t(expert.followed ? 'overlay.card.following' : 'overlay.card.follow')}
          </button>
        )}
      </header>
      {recommendation.reason && <p class="hw-card__reason">{recommendation.reason}</p>}
      {recommendation.stockNote && <p class="hw-card__meta">{t('overlay.card.stock', { note: recommendation.stockNote })}</p>}
      {recommendation.tags.length > 0 && (
        <ul class="hw-tags" aria-label={t('overlay.card.tags')}>
          {recommendation.tags.map((tag) => (
            <li key={tag}>{tag}</li>
          ))}
        </ul>
      )}
      {own && (onEditOwn || onDeleteOwn) && (
        <p class="hw-card__own-actions">
          {onEditOwn && (
            <button type="button" class="hw-button hw-button--small" aria-label={t('recommend.editLabel')} onClick={(event) => accept(event) && onEditOwn()}>
              {t('recommend.edit')}
            </button>
          )}
          {onDeleteOwn && (
            <button type="button" class="hw-button hw-button--small" aria-label={t('recommend.deleteLabel')} onClick={(event) => accept(event) && onDeleteOwn(recommendation.id)}>
              {t('recommend.delete')}
            </button>
          )}
        </p>
      )}
      <p class="hw-card__meta">
        <time dateTime={new Date(recommendation.updatedAt).toISOString()}>{t('overlay.card.recommendedOn', { date })}</time>
      </p>
      {pick.staleSince !== undefined && (
        <p class="hw-card__meta hw-card__stale" title={t('overlay.card.staleTitle', { date: day(pick.staleSince) })}>
          {t('overlay.card.stale', { date: day(pick.staleSince) })}
        </p>
      )}
      {recommendation.snapshot.price && (
        <p class="hw-card__meta hw-card__prices">
          <span>{t('overlay.card.priceThen', { price: formatPriceWithoutIntl(recommendation.snapshot.price, language) })}</span>
          {priceNow && <span>{t('overlay.card.priceNow', { price: formatPriceWithoutIntl(priceNow, language) })}</span>}
          {change && (
            <span class={`hw-change hw-change--${change.direction}`}>
              {change.direction === 'same' ? t('overlay.card.priceSame') : t(change.direction === 'up' ? 'overlay.card.priceUp' : 'overlay.card.priceDown', { percent: change.percent })}
            </span>
          )}
        </p>
      )}
      {recommendation.partnerLink && (
        <div class="hw-card__buy">
          <a class="hw-button hw-button--primary" href={recommendation.partnerLink} target="_blank" rel="noopener noreferrer">
            {tx('overlay.card.buyVia', { name: shown })}
          </a>
          <p class="hw-disclosure">{tx('overlay.card.disclosure', { name: shown })}</p>
          <a class="hw-plain-link" href={plainUrl} target="_blank" rel="noopener noreferrer">
            {t('overlay.card.plainLink')}
          </a>
        </div>
      )}
    </article>
  );
}
