import type { ExpertRecord } from '../utils/db/schema';
import { cleanDisplayName, isolateName } from '../utils/expert/display-name';
import { verifiedHere } from '../utils/expert/verified';
import { shortFingerprint } from '../utils/expert/short-fingerprint';
import { useT } from './I18n';

/*
 * How every UI shows who an expert is. The name is cleaned again (records stored before names were
 * cleaned where they come in) and isolated in a <bdi>, so a right-to-left name cannot reorder the text
 * after it ("This link may earn … a commission"); inside a sentence, use `useTx` from ./I18n with the
 * name as an element. Text shown where no element fits (an <option>) isolates the name with FSI … PDI
 * (`isolatedName`); an aria-label is never drawn, so it gets the cleaned name alone (`shownName`). The
 * key's short fingerprint is what tells two look-alike names apart.
 */

/** The name as shown: cleaned; the short fingerprint when nothing visible is left. */
export const shownName = (name: string, id?: string): string => cleanDisplayName(name) || (id ? shortFingerprint(id) : '?');

/** The name for drawn plain text (an <option>, a title): cleaned and between direction isolates. */
export const isolatedName = (name: string, id?: string): string => isolateName(shownName(name, id));

export function ExpertName({ name, id, class: className }: { name: string; id?: string; class?: string }) {
  return <bdi class={className ? `expert-name ${className}` : 'expert-name'}>{shownName(name, id)}</bdi>;
}

/** "Key ed25519:d052…2f15", the whole id on hover. */
export function ExpertKey({ id, class: className }: { id: string; class?: string }) {
  const t = useT();
  return (
    <span class={className ?? 'expert-key'} title={t('names.keyTitle', { id })} data-expert-key={id}>
      {t('names.key', { fingerprint: shortFingerprint(id) })}
    </span>
  );
}

/**
 * ✓ when this browser verified the expert's signed feed (utils/expert/verified.ts); "Not verified
 * here" for a feed expert it has not (restored from a backup, say); nothing for the user's own profile.
 */
export function VerifiedMark({ expert }: { expert: Pick<ExpertRecord, 'kind' | 'feedStatus'> }) {
  const t = useT();
  if (expert.kind !== 'feed') return null;
  return verifiedHere(expert) ? (
    <span class="verified" title={t('names.verified')} aria-label={t('names.verified')}>
      ✓
    </span>
  ) : (
    <span class="unverified" title={t('names.unverifiedTitle')}>
      {t('names.unverified')}
    </span>
  );
}

/**
 * An expert's name at the head of a row (the Experts tab, a collection's experts): a button to their
 * page when one can be opened, and the verified mark.
 */
export function ExpertRowName({ expert, onOpen }: { expert: Pick<ExpertRecord, 'id' | 'displayName' | 'kind' | 'feedStatus'>; onOpen?: (expertId: string) => void }) {
  const t = useT();
  const name = <ExpertName name={expert.displayName} id={expert.id} />;
  return (
    <p class="expert__name">
      {onOpen ? (
        <button type="button" class="link-button" aria-label={t('popup.expert.open', { name: shownName(expert.displayName, expert.id) })} onClick={() => onOpen(expert.id)}>
          {name}
        </button>
      ) : (
        name
      )}{' '}
      <VerifiedMark expert={expert} />
    </p>
  );
}
