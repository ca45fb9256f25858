import { useState } from 'preact/hooks';
import { parseTags, sayProblem, recommendationProblems, type FieldProblem, type RecommendationFields } from '../../utils/expert/recommend-rules';
import type { PartnerLinkProduct } from '../../utils/partner-link-rules';
import { useT } from '../I18n';
import { useEventGuard } from './event-guard';

/** The parts of a saved pick the form starts from when editing. */
export interface RecommendationDraft {
  reason: string;
  rating: number;
  stockNote: string | null;
  tags: string[];
  expiresAt: number | null;
  partnerLink: string | null;
}

export interface RecommendFormProps {
  product: PartnerLinkProduct;
  storeName: string;
  /** An existing pick to edit; a new one otherwise. */
  initial?: RecommendationDraft;
  /** The product page; a saved link equal to it is shown as "none given". */
  canonicalUrl: string;
  /** Saves; resolves to an error sentence, or null when saved. */
  onSave: (fields: RecommendationFields) => Promise<string | null>;
  onCancel: () => void;
  /** Class names of the page the form is on: the overlay's shadow root or Haowu's own pages. */
  look: 'overlay' | 'page';
  now?: () => number;
}

const LOOK = {
  overlay: { form: 'hw-recommend', field: 'hw-field', input: 'hw-input', button: 'hw-button', primary: 'hw-button hw-button--primary', error: 'hw-error', hint: 'hw-muted' },
  page: { form: 'recommend-form', field: 'field', input: 'input', button: 'button', primary: 'button button--primary', error: 'error-note', hint: 'hint' },
} as const;

// A date input gives "YYYY-MM-DD"; the pick expires at the end of that day, local time.
const dayToMs = (day: string): number | null => (day === '' ? null : new Date(`${day}T23:59:59`).getTime());
const msToDay = (ms: number | null): string => {
  if (ms === null) return '';
  const date = new Date(ms);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
};

/**
 * The expert's Recommend form. It runs the same rules as the background (recommend-rules.ts) before
 * sending, so mistakes show next to their field at once; the background checks again and decides.
 */
export function RecommendForm({ product, storeName, initial, canonicalUrl, onSave, onCancel, look, now = Date.now }: RecommendFormProps) {
  const t = useT();
  const c = LOOK[look];
  const [reason, setReason] = useState(initial?.reason ?? '');
  const [rating, setRating] = useState(initial?.rating ?? 5);
  const [stockNote, setStockNote] = useState(initial?.stockNote ?? '');
  const [tags, setTags] = useState(initial?.tags.join(', ') ?? '');
  const [expires, setExpires] = useState(msToDay(initial?.expiresAt ?? null));
  const [partnerLink, setPartnerLink] = useState(initial?.partnerLink && initial.partnerLink !== canonicalUrl ? initial.partnerLink : '');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const accept = useEventGuard();

  const problemFor = (field: keyof RecommendationFields) => {
    const found = problems.find((p) => p.field === field);
    return found && sayProblem(t, found);
  };
  const idFor = (field: string) => `hw-recommend-${field}`;

  const submit = async (event: Event) => {
    event.preventDefault();
    // On a store page, only the expert's own submit: the pick is signed into their next feed.
    if (busy || !accept(event)) return;
    const fields: RecommendationFields = { reason, rating, stockNote, tags: parseTags(tags), expiresAt: dayToMs(expires), partnerLink };
    const found = recommendationProblems(fields, product, now(), null);
    setProblems(found);
    if (found.length > 0) return;
    setBusy(true);
    try {
      setFailure(await onSave(fields));
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (field: keyof RecommendationFields) => {
    const message = problemFor(field);
    return message ? (
      <span class={c.error} id={`${idFor(field)}-error`} role="alert">
        {message}
      </span>
    ) : null;
  };
  const described = (field: keyof RecommendationFields) => (problemFor(field) ? `${idFor(field)}-error` : undefined);

  return (
    <form class={c.form} aria-label={t(initial ? 'recommend.editHeading' : 'recommend.heading')} onSubmit={(event) => void submit(event)} noValidate>
      <div class={c.field}>
        <label for={idFor('reason-input')}>{t('recommend.reason')}</label>
        <textarea id={idFor('reason-input')}
          class={c.input}
          rows={3}
          required
          maxLength={1000}
          value={reason}
          aria-invalid={problemFor('reason') ? true : undefined}
          aria-describedby={described('reason')}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
        {fieldError('reason')}
      </div>
      <div class={c.field}>
        <label for={idFor('rating-input')}>{t('recommend.rating')}</label>
        <select id={idFor('rating-input')} class={c.input} value={String(rating)} onChange={(e) => setRating(Number(e.currentTarget.value))}>
          {[5, 4, 3, 2, 1].map((value) => (
            <option key={value} value={String(value)}>
              {t('recommend.ratingOption', { rating: value })}
            </option>
          ))}
        </select>
        {fieldError('rating')}
      </div>
      <div class={c.field}>
        <label for={idFor('stockNote-input')}>{t('recommend.stockNote')}</label>
        <input id={idFor('stockNote-input')} class={c.input} type="text" maxLength={200} value={stockNote} aria-describedby={described('stockNote')} onInput={(e) => setStockNote(e.currentTarget.value)} />
        {fieldError('stockNote')}
      </div>
      <div class={c.field}>
        <label for={idFor('tags-input')}>{t('recommend.tags')}</label>
        <input id={idFor('tags-input')} class={c.input} type="text" value={tags} aria-describedby={described('tags')} onInput={(e) => setTags(e.currentTarget.value)} />
        {fieldError('tags')}
      </div>
      <div class={c.field}>
        <label for={idFor('expires-input')}>{t('recommend.expires')}</label>
        <input id={idFor('expires-input')} class={c.input} type="date" value={expires} aria-describedby={described('expiresAt')} onInput={(e) => setExpires(e.currentTarget.value)} />
        {fieldError('expiresAt')}
      </div>
      <div class={c.field}>
        <label for={idFor('partnerLink-input')}>{t('recommend.partnerLink')}</label>
        <input id={idFor('partnerLink-input')}
          class={c.input}
          type="url"
          inputMode="url"
          placeholder="https://"
          value={partnerLink}
          aria-invalid={problemFor('partnerLink') ? true : undefined}
          aria-describedby={described('partnerLink') ?? idFor('link-hint')}
          onInput={(e) => setPartnerLink(e.currentTarget.value)}
        />
        <span class={c.hint} id={idFor('link-hint')}>
          {t('recommend.partnerLinkHint', { store: storeName })}
        </span>
        {fieldError('partnerLink')}
      </div>
      {failure && (
        <p class={c.error} role="alert">
          {failure}
        </p>
      )}
      <div class="hw-form-buttons button-row">
        <button type="submit" class={c.primary} aria-disabled={busy}>
          {t('recommend.save')}
        </button>
        <button type="button" class={c.button} onClick={(event) => accept(event) && onCancel()}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
