/**
 * A tiny same-origin server for the baselines' page: static files from one folder, and `/couch/*`
 * streamed to the store (node:http both ways, nothing buffered), so PouchDB in the browser reaches
 * the store without CORS. It counts the requests it forwards. This hop is in the path of every
 * PouchDB and raw-browser measurement, and the report says so.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface StoreProxy {
  url: string;
  /** Requests forwarded to the store since the last reset. */
  forwarded(): number;
  resetCount(): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
};

/** Sends a built bench page file from `staticDir` (404 when it is not a file there). Shared by the bench front servers. */
export function sendStaticFile(res: http.ServerResponse, staticDir: string, file: string): void {
  if (!file.startsWith(staticDir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  fs.createReadStream(file).pipe(res);
}

/** Listens on a free loopback port; returns it. */
export async function listenOnLoopback(server: http.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

export async function startStoreProxy(storeUrl: string, staticDir: string): Promise<StoreProxy> {
  const store = new URL(storeUrl);
  const authorization = store.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(store.username)}:${decodeURIComponent(store.password)}`).toString('base64')}`
    : undefined;
  const basePath = store.pathname.replace(/\/$/, '');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  let count = 0;

  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/couch/') || url === '/couch') {
      count++;
      const headers: http.OutgoingHttpHeaders = { ...req.headers, host: store.host };
      if (authorization) headers.authorization = authorization;
      const upstream = http.request({
        hostname: store.hostname,
        port: store.port,
        method: req.method,
        path: `${basePath}${url.slice('/couch'.length) || '/'}`,
        headers,
        agent,
      }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', (error) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy: ${error.message}`);
      });
      req.pipe(upstream);
      return;
    }
    const file = path.join(staticDir, path.normalize(decodeURIComponent(url.split('?')[0] ?? '/')).replace(/^(\.\.[/\\])+/, ''));
    sendStaticFile(res, staticDir, file);
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded: () => count,
    resetCount: () => {
      count = 0;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
