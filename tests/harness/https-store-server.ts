import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storePageResponder, type StorePage } from './store-pages';

export interface HttpsStoreServer {
  port: number;
  serve: (pages: StorePage[]) => void;
  /** "host/path?query" of every request (the host without its port), in order. */
  requests: string[];
  close: () => Promise<void>;
}

/** A throwaway self-signed certificate; the test browser is told to accept it. */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'haowu-cert-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=haowu-test', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Serves fixture pages for any host name on loopback, for browsers that resolve store hosts to
 * 127.0.0.1 (Firefox's `network.dns.forceResolve`). Port 443 so that real https store URLs work
 * unchanged; binding it needs root or CAP_NET_BIND_SERVICE.
 */
export async function startHttpsStoreServer(port = 443): Promise<HttpsStoreServer> {
  let respond = storePageResponder([]);
  const requests: string[] = [];
  const server: Server = createServer(selfSignedCertificate(), (request, response) => {
    const url = `https://${request.headers.host}${request.url}`;
    requests.push(`${(request.headers.host ?? '').replace(/:\d+$/, '')}${request.url}`);
    const page = respond(url);
    if (!page) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not served in tests');
      return;
    }
    response.writeHead(page.status, { 'content-type': page.contentType, ...(page.location && { location: page.location }) }).end(page.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EACCES'
          ? new Error(`Cannot listen on port ${port} (needs root or CAP_NET_BIND_SERVICE) to serve store pages over https.`)
          : error,
      ),
    );
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    port,
    requests,
    serve: (pages) => {
      const previous = respond;
      const next = storePageResponder(pages);
      respond = (url) => next(url) ?? previous(url);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
