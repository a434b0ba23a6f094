/**
 * The sync server's HTTP surface: the API under /api and the built PWA on the same origin.
 * CouchDB is never reachable through it; every route below decides for itself what a session may do.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import path from 'node:path';
import fs from 'node:fs';
import { DEVICE_HEADER, type UserProfile } from '../common/sync-protocol.js';
import { recordAudit } from './audit.js';
import { DUMMY_HASH, verifyPassword } from './auth/passwords.js';
import { SESSION_COOKIE, SESSION_DAYS, type SessionSigner } from './auth/sessions.js';
import type { UploadService } from './uploads/upload-service.js';
import { uploadRoutes } from './uploads/upload-routes.js';
import type { CatalogService } from './catalog-service.js';
import { ApiError, invalidInput, notSignedIn } from './http-errors.js';
import { currentUserReader, route } from './http-route.js';
import { storeInfo, type Store } from './store.js';
import type { ApplicationSync } from './sync/application-sync.js';
import type { ChangeFeed } from './sync/change-feed.js';
import { findUser, toProfile, USERNAME_PATTERN } from './users.js';
import { loginRequestProblems } from './validation.js';

export interface AppDependencies {
  store: Store;
  sessions: SessionSigner;
  catalogs: CatalogService;
  applications: ApplicationSync;
  feed: ChangeFeed;
  uploads: UploadService;
  staticDir: string;
  /** Express's `trust proxy` setting (TRUST_PROXY), e.g. `loopback` or a hop count. */
  trustProxy?: string | undefined;
}

/** Large enough for a batch of 1,000 drafts, small enough that a hostile body cannot exhaust memory. */
export const MAX_BODY = '8mb';

/**
 * The device's own name for itself, sent with every sync request. Only used to spare a device its
 * own writes on pull, so a wrong value can only cost that device traffic; a malformed one is refused.
 */
function deviceOf(req: Request): string | undefined {
  const value = req.get(DEVICE_HEADER);
  if (value === undefined) return undefined;
  if (!/^[A-Za-z0-9_-]{8,64}$/.test(value)) {
    throw new ApiError(400, 'invalid-device', `Header ${DEVICE_HEADER} tidak valid.`, `The ${DEVICE_HEADER} header is not valid.`);
  }
  return value;
}

export function createApp(deps: AppDependencies): express.Express {
  const { store, sessions, catalogs, applications, feed } = deps;
  const app = express();
  app.disable('x-powered-by');
  // Behind a TLS-terminating proxy, req.secure (and so the cookie's Secure flag) needs this.
  if (deps.trustProxy) app.set('trust proxy', deps.trustProxy);
  app.set('query parser', 'simple');

  app.use((_req, res, next) => {
    res.set({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy':
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'",
    });
    next();
  });

  const api = express.Router();
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  api.use(express.json({ limit: MAX_BODY, strict: true }));
  // A POST whose body is not JSON (an empty body included) is refused before it reaches a handler;
  // this also blocks form-based CSRF. A POST with no body at all reaches the handler's validation.
  api.use((req, _res, next) => {
    if (req.method === 'POST' && req.is('application/json') === false) {
      next(new ApiError(415, 'unsupported-media-type', 'Kirim data sebagai JSON (Content-Type: application/json).',
        'Send the data as JSON (Content-Type: application/json).'));
      return;
    }
    next();
  });

  const currentUser = currentUserReader(sessions);

  api.get('/health', route(async (_req, res) => {
    try {
      const info = await storeInfo(store);
      res.json({ status: 'ok', store: info });
    } catch (error) {
      res.status(503).json({
        status: 'unavailable',
        error: { code: 'store-unreachable', message: { id: 'Penyimpanan data tidak dapat dihubungi.', en: 'The data store cannot be reached.' } },
        detail: (error as Error).message,
      });
    }
  }));

  api.post('/auth/login', route(async (req, res) => {
    const problems = loginRequestProblems(req.body);
    if (problems.length > 0) throw invalidInput(problems);
    const { username, password } = req.body as { username: string; password: string };
    const normalized = username.trim().toLowerCase();
    const user = USERNAME_PATTERN.test(normalized) ? await findUser(store, normalized) : undefined;
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) {
      await recordAudit(store, [{ actor: 'anonymous', action: 'auth.login-failed', details: { username: normalized.slice(0, 64) } }]);
      throw new ApiError(401, 'wrong-credentials', 'Nama pengguna atau kata sandi salah.', 'Wrong username or password.');
    }
    const token = sessions.sign({ userId: user.userId, username: user.username, role: user.role });
    res.cookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: '/api',
      maxAge: SESSION_DAYS * 86400 * 1000,
    });
    await recordAudit(store, [{ actor: user.userId, action: 'auth.login' }]);
    res.json({ user: toProfile(user) });
  }));

  api.post('/auth/logout', route(async (_req, res) => {
    res.clearCookie(SESSION_COOKIE, { path: '/api' });
    res.json({ ok: true });
  }));

  api.get('/auth/me', route(async (req, res) => {
    const claims = currentUser(req);
    const user = await findUser(store, claims.username);
    if (!user || user.userId !== claims.userId) throw notSignedIn();
    res.json({ user: toProfile(user) });
  }));

  api.get('/catalog', route(async (_req, res) => {
    const catalog = await catalogs.latest();
    if (!catalog) throw new ApiError(404, 'no-catalog', 'Katalog izin belum diterbitkan.', 'No permit catalog has been published.');
    res.json(catalog);
  }));

  // An administrator publishes the next version (the admin screens come with a later issue).
  api.post('/catalog', route(async (req, res) => {
    res.status(201).json(await catalogs.publishByAdmin(currentUser(req), req.body));
  }));

  // An older version, for drafts started under it on another device.
  api.get('/catalog/:version', route(async (req, res) => {
    const version = Number(req.params.version);
    const catalog = Number.isSafeInteger(version) && version > 0 ? await catalogs.version(version) : undefined;
    if (!catalog) {
      throw new ApiError(404, 'no-catalog-version', `Katalog izin versi ${String(req.params.version).slice(0, 20)} tidak ada.`,
        `There is no permit catalog version ${String(req.params.version).slice(0, 20)}.`);
    }
    res.json(catalog);
  }));

  api.get('/sync/applications/pull', route(async (req, res) => {
    const user = currentUser(req);
    res.json(await applications.pull(user, req.query.checkpoint, req.query.limit, deviceOf(req)));
  }));

  api.post('/sync/applications/push', route(async (req, res) => {
    const user = currentUser(req);
    res.json(await applications.push(user, req.body, deviceOf(req)));
  }));

  api.post('/applications/:id/return', route(async (req, res) => {
    res.json({ application: await applications.returnForCorrection(currentUser(req), String(req.params.id), req.body) });
  }));

  api.post('/claims', route(async (req, res) => {
    res.json({ application: await applications.claim(currentUser(req), req.body) });
  }));

  api.get('/applications/lookup', route(async (req, res) => {
    res.json({ application: await applications.findByNumber(currentUser(req), req.query.number) });
  }));

  // Server-sent events: a hint that this account's documents changed; the device then pulls.
  api.get('/sync/applications/stream', (req, res, next) => {
    let user: UserProfile;
    try {
      user = currentUser(req);
    } catch (error) {
      next(error);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    const unsubscribe = feed.onOwnerChange(user.userId, () => res.write('event: resync\ndata: {}\n\n'));
    // Keeps proxies and the browser from closing an idle stream; an event, not a comment, so the
    // device's watchdog (client/data/replication.ts) hears within seconds when the server is gone.
    const heartbeat = setInterval(() => res.write('event: heartbeat\ndata: {}\n\n'), 5_000);
    req.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  });

  api.use(uploadRoutes(deps.uploads, currentUser));

  api.use((req, _res, next) => {
    next(new ApiError(404, 'not-found', `Alamat API tidak dikenal: ${req.method} ${req.path}`, `Unknown API address: ${req.method} ${req.path}`));
  });

  app.use('/api', api);

  // The PWA. The service worker and the shell must be revalidated on every load so updates arrive;
  // hashed assets never change under the same name.
  const indexFile = path.join(deps.staticDir, 'index.html');
  app.use(express.static(deps.staticDir, {
    index: false,
    setHeaders: (res, file) => {
      const name = path.basename(file);
      res.set('Cache-Control', name === 'sw.js' || name.endsWith('.html') || name.endsWith('.webmanifest')
        ? 'no-cache' : 'public, max-age=31536000, immutable');
    },
  }));
  // Only navigations get the shell; a missing file (a stale hashed bundle) is a 404, not HTML.
  app.get(/^\/(?!api\/)(?!assets\/)[^.]*$/, (_req, res, next) => {
    if (!fs.existsSync(indexFile)) {
      next(new ApiError(503, 'not-built', 'Aplikasi belum dibangun: jalankan npm run build.', 'The app is not built: run npm run build.'));
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(indexFile);
  });

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof ApiError) {
      res.status(error.status).json(error.toBody());
      return;
    }
    const bodyError = error as { type?: string; status?: number };
    if (bodyError.type === 'entity.too.large') {
      res.status(413).json(new ApiError(413, 'body-too-large', `Data terlalu besar (batas ${MAX_BODY}).`, `The body is too large (limit ${MAX_BODY}).`).toBody());
      return;
    }
    if (bodyError.type === 'entity.parse.failed') {
      res.status(400).json(new ApiError(400, 'malformed-json', 'Data bukan JSON yang valid.', 'The body is not valid JSON.').toBody());
      return;
    }
    if (bodyError.status && bodyError.status >= 400 && bodyError.status < 500) {
      res.status(bodyError.status).json(new ApiError(bodyError.status, 'bad-request', 'Permintaan tidak valid.', 'Bad request.').toBody());
      return;
    }
    console.error(error);
    res.status(500).json(new ApiError(500, 'internal', 'Terjadi kesalahan di server; data Anda tetap tersimpan di perangkat.',
      'Something went wrong on the server; your data is still kept on your device.').toBody());
  });

  return app;
}
