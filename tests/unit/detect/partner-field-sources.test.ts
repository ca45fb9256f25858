import { describe, expect, it } from 'vitest';
import { matchStoreUrl } from '../../../utils/read-product';
import { parsePage, readPage, readSidecar } from './load-page';

// Which reader of the store module gave each field: `inline-data` for data a page server-renders into
// inline scripts (the ICE context, TShop.Setup, g_config, pageConfig, window.rawData), `markup` for the
// store's elements. npm run detect prints it, so a misread page says where the wrong value came from.

function storeSources(name: string) {
  const url = new URL(readSidecar(name).url);
  const { store, match } = matchStoreUrl(url)!;
  const result = store.read(parsePage(readPage(name)), match, url);
  if ('notProduct' in result) throw new Error(result.notProduct);
  // The sources field of a store's reading (PageFields.sources).
  return (result as { sources?: unknown }).sources;
}

describe('partner stores name the reader of each field', () => {
  it('Tmall and Taobao pages with an ICE context: every field from inline data', () => {
    const all = { title: 'inline-data', price: 'inline-data', currency: 'inline-data', image: 'inline-data', shopName: 'inline-data' };
    expect(storeSources('tmall-ice-974271878334')).toEqual(all);
    expect(storeSources('taobao-ice-617129397971')).toEqual(all);
  });

  it('current and older layouts without one: the markup, and the old script data where the markup is silent', () => {
    expect(storeSources('hand-taobao-current-layout')).toMatchObject({ title: 'markup', price: 'markup', currency: 'markup' });
    expect(storeSources('hand-tmall-hk-script-data')).toMatchObject({ title: 'inline-data', price: 'inline-data', shopName: 'inline-data' });
    expect(storeSources('hand-taobao-world-gconfig')).toMatchObject({ title: 'inline-data', image: 'inline-data', shopName: 'inline-data' });
  });

  it('JD: markup, with pageConfig for what it lacks; Pinduoduo: window.rawData', () => {
    expect(storeSources('hand-jd-priced')).toMatchObject({ title: 'markup', price: 'markup' });
    expect(storeSources('hand-jd-hk-pageconfig')).toMatchObject({ title: 'inline-data', image: 'inline-data' });
    expect(storeSources('hand-pinduoduo-rawdata')).toEqual({ title: 'inline-data', price: 'inline-data', currency: 'inline-data', image: 'inline-data', shopName: 'inline-data' });
  });
});
