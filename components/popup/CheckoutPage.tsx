import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { CheckoutLine } from '../../utils/db/checkout';
import type { PurchaseRecord } from '../../utils/db/schema';
import { formatPrice } from '../../utils/format-price';
import { request } from '../../utils/messaging/client';
import { groupCartByStore, type StoreGroup } from '../../utils/popup/cart-view';
import { buyLink } from '../../utils/popup/checkout-view';
import { ExpertName } from '../ExpertName';
import { useLanguage, useT, useTx } from '../I18n';
import { Subtotals } from './CartTab';
import { EmptyState, ErrorNote } from './Notices';
import { storeName } from './store-name';
import { describeError } from '../../utils/i18n/describe-error';
import { pluralKey } from '../../utils/i18n/plural';

const withExpert = (entry: CheckoutLine) => buyLink({ ...entry, expertName: entry.expert?.displayName ?? null });

/** The "middle page": the cart by store, each line bought through its expert's disclosed link or the plain store page. */
export function CheckoutPage() {
  const t = useT();
  const language = useLanguage();
  const [lines, setLines] = useState<CheckoutLine[] | null>(null);
  const [purchases, setPurchases] = useState<PurchaseRecord[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const load = useCallback(async () => {
    const [cart, bought] = await Promise.all([request('listCheckout', undefined), request('listPurchases', undefined)]);
    if (cart.ok) setLines(cart.value);
    if (bought.ok) setPurchases(bought.value);
    setError(!cart.ok ? describeError(t, cart.error) : !bought.ok ? describeError(t, bought.error) : null);
  }, []);
  useEffect(() => void load(), [load]);
  const groups = useMemo(() => groupCartByStore(lines ?? []), [lines]);

  const markBought = async (entries: CheckoutLine[]) => {
    const result = await request('markBought', { lines: entries.map(({ line }) => ({ productKey: line.productKey, variant: line.variant })) });
    if (!result.ok) return setError(describeError(t, result.error));
    setStatus(t('checkout.marked', { count: result.value.purchases.length }));
    await load();
  };

  // tabs.create needs no "tabs" permission, and is not limited to one window per click as window.open is.
  const openAll = (group: StoreGroup) => {
    for (const entry of group.entries) {
      const link = withExpert(entry as CheckoutLine);
      if (link) void browser.tabs.create({ url: link.url, active: false });
    }
  };

  return (
    <div class="app checkout">
      <header class="app__head">
        <h1>{t('checkout.title')}</h1>
      </header>
      <main>
        <p class="hint">{t('checkout.intro')}</p>
        {/* Once for every store's "Open all" (issue 16: it was repeated under each store). */}
        {lines && lines.length > 0 && <p class="hint">{t('checkout.openAllHint')}</p>}
        <ErrorNote message={error} onDismiss={() => setError(null)} onRetry={() => void load()} />
        {status && (
          <p class="note" role="status">
            {status}
          </p>
        )}
        {lines === null ? (
          !error && <p class="loading">{t('common.loading')}</p>
        ) : lines.length === 0 ? (
          <EmptyState title={t('checkout.empty')}>{t('checkout.emptyHint')}</EmptyState>
        ) : (
          groups.map((group) => {
            const name = storeName(group.store, t);
            const entries = group.entries as CheckoutLine[];
            return (
              <section key={group.store} class="store-group" aria-label={name} data-store={group.store}>
                <h2 class="store-group__name">{name}</h2>
                <ul class="cart-lines">
                  {entries.map((entry) => (
                    <CheckoutRow key={JSON.stringify([entry.line.productKey, entry.line.variant])} entry={entry} onBought={() => void markBought([entry])} />
                  ))}
                </ul>
                <Subtotals group={group} language={language} />
                <div class="button-row">
                  <button type="button" class="button" onClick={() => openAll(group)}>
                    {t(pluralKey(language, entries.length, { one: 'checkout.openAll.one', other: 'checkout.openAll.other' }), { count: entries.length, store: name })}
                  </button>
                  <button type="button" class="button" onClick={() => void markBought(entries)}>
                    {t('checkout.markAllBought', { store: name })}
                  </button>
                </div>
              </section>
            );
          })
        )}
        {purchases.length > 0 && (
          <section class="purchases" aria-labelledby="purchases-heading">
            <h2 id="purchases-heading">{t('checkout.history')}</h2>
            <ul>
              {purchases.map((p) => (
                <li key={p.id} class="purchase">
                  <span class="row__title">{p.title}</span>
                  <span class="row__meta">
                    {' '}
                    {storeName(p.store, t)} · ×{p.quantity}
                    {p.unitPrice ? ` · ${formatPrice(p.unitPrice, language)}` : ''} ·{' '}
                    {new Date(p.boughtAt).toLocaleDateString(language === 'zh' ? 'zh-CN' : 'en-US', { dateStyle: 'medium' })}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )}
      </main>
    </div>
  );
}

function CheckoutRow({ entry, onBought }: { entry: CheckoutLine; onBought: () => void }) {
  const t = useT();
  const tx = useTx();
  const language = useLanguage();
  const { line, product } = entry;
  const title = product?.title ?? line.productKey;
  const link = withExpert(entry);
  return (
    <li class="cart-line checkout-line" data-product-key={line.productKey}>
      <div class="cart-line__body">
        <p class="row__title">{title}</p>
        <p class="row__meta">
          {line.variant ? `${t('popup.cart.variant', { variant: line.variant })} · ` : ''}×{line.quantity}
          {product?.lastPrice ? ` · ${formatPrice(product.lastPrice, language)}` : ''}
        </p>
        {link?.kind === 'expert' && (
          <>
            <a class="button button--primary button--small" href={link.url} target="_blank" rel="noopener noreferrer">
              {tx('checkout.buyVia', { name: <ExpertName name={link.expertName} /> })}
            </a>
            <p class="disclosure">{tx('checkout.disclosure', { name: <ExpertName name={link.expertName} /> })}</p>
            {link.plainUrl && (
              <a class="plain-link" href={link.plainUrl} target="_blank" rel="noopener noreferrer">
                {t('checkout.plainInstead')}
              </a>
            )}
          </>
        )}
        {link?.kind === 'plain' && (
          <a class="button button--small" href={link.url} target="_blank" rel="noopener noreferrer">
            {t('checkout.openStore')}
          </a>
        )}
        {!link && <p class="row__meta">{t('checkout.noLink')}</p>}
      </div>
      <button type="button" class="button button--small" aria-label={t('checkout.markBoughtLabel', { title })} onClick={onBought}>
        {t('checkout.markBought')}
      </button>
    </li>
  );
}
