import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { useT } from '../I18n';

/** A failure in plain words, in the UI language (describeError), announced to screen readers. */
export function ErrorNote({ message, onDismiss, onRetry }: { message: string | null; onDismiss?: () => void; onRetry?: () => void }) {
  const t = useT();
  if (!message) return null;
  return (
    <p class="note note--error" role="alert">
      <span>{message}</span>
      {onRetry && (
        <button type="button" class="button button--small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
      {onDismiss && (
        <button type="button" class="icon-button" aria-label={t('common.close')} onClick={onDismiss}>
          ×
        </button>
      )}
    </p>
  );
}

export interface UndoOffer {
  message: string;
  undo: () => void | Promise<void>;
}

/** "Removed … [Undo]" for a few seconds; a polite live region so it is read out without stealing focus. */
export function UndoBar({ offer, onDone, timeoutMs = 10_000 }: { offer: UndoOffer | null; onDone: () => void; timeoutMs?: number }) {
  const t = useT();
  useEffect(() => {
    if (!offer) return;
    const timer = setTimeout(onDone, timeoutMs);
    return () => clearTimeout(timer);
  }, [offer, onDone, timeoutMs]);
  return (
    <div class="undo" role="status" aria-live="polite">
      {offer && (
        <>
          <span>{offer.message}</span>
          <button
            type="button"
            class="button button--small"
            onClick={() => {
              onDone();
              void offer.undo();
            }}
          >
            {t('common.undo')}
          </button>
        </>
      )}
    </div>
  );
}

/** What an empty list means and what to do next. */
export function EmptyState({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <p class="empty__title">{title}</p>
      {children && <p class="empty__hint">{children}</p>}
    </div>
  );
}
