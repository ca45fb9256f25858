import { toHttpsUrl } from '../canonical-url';
import { stringAt, valueAt } from '../json-shape';
import { cleanText } from '../page-text';
import { priceFromDecimals } from '../price';
import type { Price } from '../product';
import { inlineScriptContaining, jsonAfter } from '../script-data';
import { layered } from './layered-fields';
import { matchPinduoduoUrl } from './product-urls';
import type { PageFields, Store, UrlMatch } from './store';

const RAW_DATA = /rawData\s*=\s*/;
/** Integer amounts in rawData are fen; a decimal string is yuan. */
function toYuan(value: unknown): number | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) return undefined;
  return typeof value === 'number' || !value.includes('.') ? number / 100 : number;
}

function groupPrice(low: unknown, high: unknown): Price | null {
  const min = toYuan(low);
  return min === undefined ? null : priceFromDecimals('CNY', min.toFixed(2), (toYuan(high) ?? min).toFixed(2));
}

function readRawData(document: Document, url: URL): PageFields {
  const script = inlineScriptContaining(document, 'rawData', RAW_DATA);
  // The page passes its data to `window.rawData = {...}`; only a few fields are read from it.
  const data = valueAt(script && jsonAfter(script, RAW_DATA), 'store', 'initDataObj');
  const goods = valueAt(data, 'goods');
  const gallery = valueAt(goods, 'topGallery');
  const first = Array.isArray(gallery) ? (gallery[0] as unknown) : undefined;
  const galleryUrl = typeof first === 'string' ? first : stringAt(first, 'url');
  return {
    title: cleanText(stringAt(goods, 'goodsName')),
    price: groupPrice(valueAt(goods, 'minGroupPrice'), valueAt(goods, 'maxGroupPrice')),
    imageUrl: toHttpsUrl(stringAt(goods, 'hdThumbUrl') ?? galleryUrl ?? stringAt(goods, 'thumbUrl'), url),
    shopName: cleanText(stringAt(data, 'mall', 'mallName'), 200),
  };
}

// Everything comes from window.rawData; there is no markup to read before the app renders.
const read = (document: Document, _match: UrlMatch, url: URL): PageFields => layered(['inline-data', () => readRawData(document, url)]);

export const pinduoduo: Store = {
  platform: 'pinduoduo',
  optIn: null,
  matchUrl: matchPinduoduoUrl,
  read,
  titleSuffix: /\s*[-_–|]\s*拼多多.*$/,
  productArea: '#main, #app, body',
  examples: {
    product: [
      'https://mobile.yangkeduo.com/goods.html?goods_id=147185939426',
      'https://mobile.yangkeduo.com/goods1.html?goods_id=147185939426&page_from=23&refer_page_name=index',
      'https://mobile.yangkeduo.com/goods2.html?goods_id=229437829125&_oak_gallery_order=1',
    ],
    other: [
      'https://mobile.yangkeduo.com/',
      'https://mobile.yangkeduo.com/search_result.html?search_key=tea',
      'https://mobile.yangkeduo.com/mall_page.html?mall_id=1234567',
      'https://mobile.yangkeduo.com/classification.html',
      'https://mobile.yangkeduo.com/goods.html',
      'https://www.pinduoduo.com/',
    ],
  },
};
