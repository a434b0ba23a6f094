// Dev mode (`npm run dev`): the PWA's TypeScript served unbundled with esbuild, and /api proxied to
// the sync server, so the page talks to the same API on one origin as in production.
import http from 'node:http';
import fs from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { dexieAsEsModule } from './scripts/dexie-es-module-plugin.mjs';

const API_ORIGIN = process.env.API_ORIGIN ?? 'http://127.0.0.1:8081';

/** Pipes /api requests (including the server-sent event stream) to the sync server, unbuffered. */
function apiProxy(context, next) {
  if (!context.path.startsWith('/api/')) return next();
  context.respond = false;
  return new Promise((resolve) => {
    const upstream = http.request(`${API_ORIGIN}${context.url}`, { method: context.method, headers: context.req.headers }, (response) => {
      context.res.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(context.res);
      response.on('end', resolve);
      response.on('error', resolve);
    });
    upstream.on('error', () => {
      context.res.writeHead(502, { 'content-type': 'application/json' });
      context.res.end(JSON.stringify({ error: { code: 'api-unreachable', message: {
        id: 'Server sinkronisasi tidak berjalan.', en: 'The sync server is not running.' } } }));
      resolve();
    });
    context.req.pipe(upstream);
  });
}

/** The shell as built for production, pointed at the TypeScript entry; no service worker in dev. */
const devShell = {
  name: 'ptsp-dev-shell',
  serve(context) {
    // Every navigation gets the shell, as the service worker and the server do in production: the
    // app's addresses are paths (/kantor, /permohonan/<id>); appIndex only covers /client/….
    const navigation = (context.headers.accept ?? '').includes('text/html') && !context.path.split('/').pop().includes('.');
    if (context.path === '/index.html' || context.path === '/client/index.html' || navigation) {
      const html = fs.readFileSync('client/index.html', 'utf8').replace('%APP_SCRIPT%', '/client/main.ts');
      return { body: html, type: 'html' };
    }
    if (context.path === '/manifest.webmanifest') return { body: fs.readFileSync('client/manifest.webmanifest', 'utf8'), type: 'application/manifest+json' };
    if (context.path === '/icon.svg') return { body: fs.readFileSync('client/icon.svg', 'utf8'), type: 'image/svg+xml' };
    // A stale production worker would serve old code: this one removes itself.
    if (context.path === '/sw.js') return { body: 'self.registration.unregister();', type: 'js' };
    return undefined;
  },
};

export default {
  port: Number(process.env.PORT ?? 8080),
  // 127.0.0.2 keeps the dev server on loopback (with 127.0.0.1 it listens on every interface).
  hostname: '127.0.0.2',
  rootDir: '.',
  appIndex: 'client/index.html',
  nodeResolve: { exportConditions: ['browser'] },
  middleware: [apiProxy],
  plugins: [
    devShell,
    dexieAsEsModule,
    esbuildPlugin({ ts: true, tsconfig: 'tsconfig.json', target: 'es2022' }),
  ],
};
