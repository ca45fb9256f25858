import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { inlineScriptContaining } from '../../../utils/script-data';
import { iceResponse } from '../../../utils/stores/ice-app-context';

// `npm run detect`, the trainer and the bench's real-page figures read pages in linkedom, whose documents
// have no `document.scripts`: the JD and Tmall readers threw there ("reading 'length'") on pages a browser reads.
const linkedomPage = (html: string): Document => parseHTML(`<html><head></head><body>${html}</body></html>`).document as unknown as Document;

describe('inline scripts read in any DOM', () => {
  it('finds an inline script in a document without document.scripts', () => {
    const document = linkedomPage('<script src="/a.js"></script><script>var pageConfig = {"skuid": 1};</script>');
    expect(inlineScriptContaining(document, 'pageConfig')).toContain('"skuid": 1');
  });

  it('reads the ICE context in a document without document.scripts', () => {
    const document = linkedomPage('<script>!(function () {var a = window.__ICE_APP_CONTEXT__ || {};var b = {"appData":null,"loaderData":{"home":{"data":{"res":{"item":{"title":"Kettle"}}}}}};for (var k in a) {b[k] = a[k]}window.__ICE_APP_CONTEXT__ = b;})();</script>');
    expect(iceResponse(document)).toEqual({ item: { title: 'Kettle' } });
  });
});
