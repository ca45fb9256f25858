import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceDetection } from '../../../utils/detect-product';
import { FIELD_SOURCES } from '../../../utils/field-source';
import { DetectedProduct } from '../../../utils/product';
import { readProduct } from '../../../utils/read-product';
import { runDetect } from '../../tools/detect-cli';
import { PAGES_DIR, parsePage, readPage, readSidecar } from './load-page';

const ALL_ON = { amazon: true, otherSites: true };
const trace = (name: string) => traceDetection(parsePage(readPage(name)), new URL(readSidecar(name).url), ALL_ON);

describe('which reader gave each field', () => {
  it.each([
    ['hand-site-json-ld', { title: 'json-ld', price: 'json-ld', currency: 'json-ld', image: 'json-ld', shopName: 'json-ld', productId: 'json-ld' }],
    ['hand-site-microdata', { title: 'microdata', price: 'microdata', productId: 'microdata' }],
    ['hand-site-opengraph', { title: 'open-graph', price: 'open-graph', currency: 'open-graph', image: 'open-graph', shopName: 'open-graph', productId: 'url' }],
    ['hand-site-title-suffix', { title: 'title', price: 'open-graph', currency: 'open-graph', shopName: 'open-graph', productId: 'url' }],
    ['hand-site-title-dash', { title: 'title', price: 'json-ld', currency: 'json-ld', productId: 'json-ld' }],
    ['hand-jd-priced', { title: 'markup', price: 'markup', currency: 'markup', image: 'markup', shopName: 'markup', productId: 'url' }],
    ['tmall-ice-974271878334', { title: 'inline-data', price: 'inline-data', currency: 'inline-data', image: 'inline-data', shopName: 'inline-data', productId: 'url' }],
  ])('%s', (name, expected) => {
    const { product, sources } = trace(name);
    expect(product).not.toBeNull();
    expect(sources).toMatchObject(expected);
    // A source for every field the product has, and none for a field it lacks.
    const has = { title: product!.title, price: product!.price, currency: product!.price, image: product!.imageUrl, shopName: product!.shopName, productId: product!.productId };
    for (const [field, value] of Object.entries(has)) expect(field in sources && sources[field as keyof typeof sources] !== undefined, field).toBe(Boolean(value));
    for (const source of Object.values(sources)) expect(FIELD_SOURCES).toContain(source);
  });

  it('keeps the sources out of the product the content script sends', () => {
    const name = 'hand-site-json-ld';
    const reading = readProduct(parsePage(readPage(name)), new URL(readSidecar(name).url), { ...ALL_ON, domainOf: (host) => host.split('.').slice(-2).join('.') });
    expect(reading.candidate).not.toBeNull();
    expect(reading.candidate).not.toHaveProperty('sources');
    expect(Object.keys(reading.candidate!).sort()).toEqual(Object.keys(DetectedProduct.shape).sort());
  });

  it('gives no sources when nothing is detected', () => {
    expect(trace('negative-site-home').sources).toEqual({});
  });
});

describe('npm run detect prints the reader beside each field', () => {
  it('lists field, reader and value on stderr, the product alone on stdout', async () => {
    let stdout = '';
    let stderr = '';
    const code = await runDetect([join(PAGES_DIR, 'hand-site-title-suffix.html'), '--url', readSidecar('hand-site-title-suffix').url], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ title: '手冲咖啡壶 600ml' });
    expect(stderr).toMatch(/^ {2}title +title +手冲咖啡壶 600ml$/m);
    expect(stderr).toMatch(/^ {2}price +open-graph +CN¥168\.00$/m);
    expect(stderr).toMatch(/^ {2}currency +open-graph +CNY$/m);
    expect(stderr).toMatch(/^ {2}image +- +\(none\)$/m);
    expect(stderr).toMatch(/^ {2}productId +url +example-coffee\.cn\/goods\/kettle-600$/m);
  });
});
