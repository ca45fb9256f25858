// Parameters that say how the shopper arrived, not what they look at. A literal, not a RegExp built at
// load: a script that imports only toHttpsUrl (the page model's, with a size budget) then leaves it out.
const TRACKING_PARAM =
  /^(?:spm|scm|pvid|ali_trackid|ali_refid|utm_.*|abbucket|abtest|ns|bxsign|wh_weex|pdd_.*|sourcetype|suid|un|ut_sk|share_crt_v|shareurl|short_name|sp_tk|tk|tbsocial|price_tid|pricetid|refer_page_.*|_oak_.*|_wv|_x_.*|mpenv|gclid|gbraid|wbraid|fbclid|msclkid|yclid|dclid|mc_cid|mc_eid|igshid|ref|ref_|tag|linkcode|creative|creativeasin|pd_rd_.*|pf_rd_.*|psc|qid|sr|th|keywords|crid|sprefix|dib|dib_tag|content-id|smid|from|source|src|srsltid|_hsenc|_hsmi)$/i;

/** The URL without tracking parameters or fragment; everything that names the product stays. */
export function stripTrackingParams(url: URL): URL {
  const clean = new URL(url.href);
  clean.hash = '';
  // forEach, not keys(): in a Firefox content script URLSearchParams iterators are not iterable
  // (they come from another compartment), and spreading them throws.
  const tracking: string[] = [];
  clean.searchParams.forEach((_value, name) => {
    if (TRACKING_PARAM.test(name)) tracking.push(name);
  });
  for (const name of tracking) clean.searchParams.delete(name);
  return clean;
}

/** The URL keeping only the named query parameters (a store's own ids), over https, without fragment. */
export function keepOnlyParams(url: URL, names: readonly string[]): string {
  const clean = new URL(`https://${url.host}${url.pathname}`);
  for (const name of names) {
    const value = url.searchParams.get(name);
    if (value !== null) clean.searchParams.set(name, value);
  }
  return clean.href;
}

/** An absolute https URL from a page attribute (`//img…`, relative, or https), or null for http:, data: and junk. */
export function toHttpsUrl(raw: string | null | undefined, base: URL): string | null {
  const text = raw?.trim();
  if (!text) return null;
  try {
    const url = new URL(text, base.href.startsWith('https:') ? base : `https://${base.host}${base.pathname}`);
    return url.protocol === 'https:' && url.hostname ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The page's own address as its markup states it (`<link rel=canonical>`, `og:url`, a JSON-LD `url`), as
 * an https URL, or null (the caller checks it is on the same store). Stores often still write `http://` on
 * https pages: on the page's own host that is upgraded to https, on another host it is ignored. A
 * scheme-less `www.shop.com/a` on that host (resolved as a path it would become
 * `https://www.shop.com/a/www.shop.com/a`) is read as that host's address.
 */
export function pageAddress(raw: string | null | undefined, page: URL): URL | null {
  let text = raw?.trim();
  if (!text) return null;
  if (text.toLowerCase().startsWith(`${page.host.toLowerCase()}/`)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text, page.href);
  } catch {
    return null;
  }
  if (url.protocol === 'http:' && url.host === page.host) url.protocol = 'https:';
  return url.protocol === 'https:' && url.hostname ? url : null;
}
