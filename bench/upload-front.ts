/**
 * The upload bench's front server: one origin for the bench page, the raw baseline's `PUT /drain`
 * (reads the body, throws it away, answers `{ bytes }`) and `/api/*` streamed to the sync server
 * (node:http both ways, nothing buffered; the live EventSource stream included). Ours and the raw
 * baseline thus leave the page through the same throttled browser and the same loopback hop.
 * It records every request (method, path, body and header bytes) so the bench counts what went over
 * the link from the outside, not only what the page's Resource Timing says.
 */
import http from 'node:http';
import path from 'node:path';
import { listenOnLoopback, sendStaticFile } from './proxy.js';

export interface FrontRequest {
  method: string;
  path: string;
  status: number;
  /** Request line and headers as received (approximately what went over the wire before the body). */
  requestHeaderBytes: number;
  requestBodyBytes: number;
  responseBodyBytes: number;
  startEpochMs: number;
  /** When the response ended (undefined while it is still open, e.g. the live stream). */
  endEpochMs: number | undefined;
}

export interface UploadFront {
  url: string;
  /** Requests that started since the last reset. */
  requests(): FrontRequest[];
  reset(): void;
  close(): Promise<void>;
}

function headerBytes(req: http.IncomingMessage): number {
  let bytes = `${req.method ?? ''} ${req.url ?? ''} HTTP/${req.httpVersion}\r\n`.length + 2;
  for (let index = 0; index < req.rawHeaders.length; index += 2) bytes += req.rawHeaders[index]!.length + 2 + req.rawHeaders[index + 1]!.length + 2;
  return bytes;
}

export async function startUploadFront(syncServerUrl: string, staticDir: string): Promise<UploadFront> {
  const upstreamUrl = new URL(syncServerUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  let recorded: FrontRequest[] = [];

  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const entry: FrontRequest = {
      method: req.method ?? '', path: url.split('?')[0] ?? url, status: 0, requestHeaderBytes: headerBytes(req),
      requestBodyBytes: 0, responseBodyBytes: 0, startEpochMs: Date.now(), endEpochMs: undefined,
    };
    recorded.push(entry);
    req.on('data', (chunk: Buffer) => {
      entry.requestBodyBytes += chunk.length;
    });
    res.on('close', () => {
      entry.status = res.statusCode;
      entry.endEpochMs = Date.now();
    });

    if (entry.path === '/drain') {
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify({ bytes: entry.requestBodyBytes }));
      });
      req.resume();
      return;
    }

    if (entry.path.startsWith('/api/')) {
      const upstream = http.request({
        hostname: upstreamUrl.hostname, port: upstreamUrl.port, method: req.method, path: url, headers: req.headers, agent,
      }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.on('data', (chunk: Buffer) => {
          entry.responseBodyBytes += chunk.length;
        });
        answer.pipe(res);
      });
      upstream.on('error', (error) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`front: ${error.message}`);
      });
      // The browser went away (an EventSource closed): end the upstream request too.
      res.on('close', () => upstream.destroy());
      req.pipe(upstream);
      return;
    }

    const file = path.join(staticDir, path.basename(decodeURIComponent(entry.path)));
    sendStaticFile(res, staticDir, file);
  });
  const port = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => [...recorded],
    reset: () => {
      recorded = [];
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
