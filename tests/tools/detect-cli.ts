import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Window } from 'happy-dom';
import { traceDetection, type TracedDetection } from '../../utils/detect-product';
import { SOURCED_FIELDS, type SourcedField } from '../../utils/field-source';
import { formatPrice } from '../../utils/format-price';
import { loadedPageModel, providePageModel } from '../../utils/page-model/api';
import { pageModelFields } from '../../utils/page-model/page-fields';
import { decodePage } from './decode-page';

export const USAGE = `Usage: npm run detect -- PAGE.html --url https://store.example/item [--charset gbk]

Reads a saved product page the way Haowu's content script does (every store module, opt-in ones
included) and prints the detected product as JSON, or null with the reason on stderr. On stderr it
also lists each field with the reader that gave it (markup, inline-data, json-ld, microdata,
open-graph, title, model, url); model is the page as shown, where it has no structured data or
shows another title or price than its structured data.
Exit codes: 0 product found, 1 no product, 2 usage or file error.
`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** A document for the page in a DOM that runs no scripts and fetches nothing. */
async function withPageDocument<T>(html: string, url: string, use: (document: Document) => T): Promise<T> {
  const window = new Window({
    url,
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      disableComputedStyleRendering: true,
      handleDisabledFileLoadingAsSuccess: true,
      navigation: { disableMainFrameNavigation: true, disableChildFrameNavigation: true, disableChildPageNavigation: true, disableFallbackToSetURL: true },
    },
  });
  try {
    const document = new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
    return use(document);
  } finally {
    await window.happyDOM.close();
  }
}

/** Runs the tool; returns the exit code instead of exiting, so tests can call it. */
export async function runDetect(argv: string[], io: CliIo): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { url: { type: 'string' }, charset: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const [file, ...extra] = args.positionals;
  if (!file || extra.length || !args.values.url) {
    io.stderr(`${!file ? 'Give the saved page file.' : extra.length ? `Only one page at a time (got ${args.positionals.length}).` : 'Give the page address with --url.'}\n\n${USAGE}`);
    return 2;
  }
  let url: URL;
  try {
    url = new URL(args.values.url);
  } catch {
    io.stderr(`--url is not a valid address: ${args.values.url}\n`);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    io.stderr(`Cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  let page;
  try {
    page = decodePage(bytes, args.values.charset);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n`);
    return 2;
  }
  // As on an enabled other store: the page model reads pages without structured data and sets what the
  // page shows beside what its structured data says (in the extension the background injects it; here it is simply there).
  if (!loadedPageModel()) providePageModel(pageModelFields);
  const result = await withPageDocument(page.text, url.href, (document) => traceDetection(document, url, { amazon: true, otherSites: true }));
  io.stdout(`${JSON.stringify(result.product, null, 2)}\n`);
  if (result.product) io.stderr(describeSources(result));
  if (!result.product) {
    io.stderr(`No product detected (page decoded as ${page.charset}, from ${page.source}): ${result.reason}\n`);
    return 1;
  }
  return 0;
}

/** The value of a field as one line of text, for the sources table. */
function fieldValue(product: NonNullable<TracedDetection['product']>, field: SourcedField): string | null {
  switch (field) {
    case 'title': return product.title;
    case 'price': return product.price && formatPrice(product.price, 'en');
    case 'currency': return product.price?.currency ?? null;
    case 'image': return product.imageUrl;
    case 'shopName': return product.shopName;
    case 'productId': return product.productId;
  }
}

/** Each field, the reader that gave it and its value: where to look when a field is wrong. */
export function describeSources(result: TracedDetection): string {
  if (!result.product) return '';
  const lines = SOURCED_FIELDS.map((field) => {
    const value = fieldValue(result.product!, field);
    return `  ${field.padEnd(10)} ${(value === null ? '-' : (result.sources[field] ?? '?')).padEnd(12)} ${value ?? '(none)'}`;
  });
  return `Read from the page (field, reader, value):\n${lines.join('\n')}\n`;
}
