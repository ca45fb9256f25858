import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { makeTrustedCert } from '../../harness/publish-servers';

export const FEED_HOST = 'feeds.haowu.test';
export const FEED_ORIGIN = `https://${FEED_HOST}`;
export const FEED_ETAG = '"same"';

export interface UnchangedFeedServer {
  /** Chromium flags: the feed host's 443 to this server, every other name unresolvable, its certificate trusted. */
  chromiumArgs: string[];
  /** Requests answered so far, and how many of them were 304s. */
  counts: () => { requests: number; notModified: number };
  close: () => Promise<void>;
}

/**
 * A local https server for feeds that never change: a request whose If-None-Match names the feed's
 * ETag gets `304 Not Modified` with no body; any other gets 412, so a refresh that forgot its
 * validator shows up as an error rather than as a fast figure. The feed refresh figure and its floor
 * (the same number of plain conditional requests) both go to it, from the same browser.
 */
export async function startUnchangedFeedServer(): Promise<UnchangedFeedServer> {
  const cert = makeTrustedCert([FEED_HOST]);
  let requests = 0;
  let notModified = 0;
  const server = createServer({ key: cert.key, cert: cert.cert }, (request, response) => {
    requests++;
    if (request.headers['if-none-match'] === FEED_ETAG) {
      notModified++;
      response.writeHead(304, { etag: FEED_ETAG }).end();
    } else {
      response.writeHead(412, { 'content-type': 'text/plain' }).end('this bench server answers conditional requests only');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    chromiumArgs: [`--host-resolver-rules=MAP ${FEED_HOST}:443 127.0.0.1:${port}, MAP * ~NOTFOUND`, `--ignore-certificate-errors-spki-list=${cert.spki}`],
    counts: () => ({ requests, notModified }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
