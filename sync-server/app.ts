/**
 * The sync server's HTTP surface: the API under /api and the built PWA on the same origin.
 * CouchDB is never reachable through it; every route below decides for itself what a session may do.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import compression from 'compression';
import helmet from 'helmet';
import path from 'node:path';
import fs from 'node:fs';
import { recordAudit } from './audit.js';
import { DUMMY_HASH, verifyPassword } from './auth/passwords.js';
import {
  claimsPerAccount, claimsPerAddress, DEFAULT_RATE_LIMITS, PerKeyGate, signInPerAccount, signInPerAddress, type RateLimits,
} from './auth/rate-limits.js';
import { endSession, SESSION_COOKIE, SESSION_DAYS, startSession, type SessionSigner } from './auth/sessions.js';
import { adminRoutes } from './admin/admin-routes.js';
import type { UploadService } from './uploads/upload-service.js';
import { uploadRoutes } from './uploads/upload-routes.js';
import type { CatalogService } from './catalog-service.js';
import { ApiError, invalidInput } from './http-errors.js';
import { bodyLeftUnread, currentUserReader, jsonBody, readCookie, requireSession, route, routeName } from './http-route.js';
import { log } from './log.js';
import { OfficeActions } from './office/office-actions.js';
import { recordPersonalDataLookup } from './office/history.js';
import { deviceNameOf, officeRoutes } from './office/office-routes.js';
import { publicRoutes } from './public-routes.js';
import { storeInfo, type Store } from './store.js';
import type { ApplicationSync } from './sync/application-sync.js';
import type { ChangeFeed } from './sync/change-feed.js';
import { ActionsCollection } from './sync/collections/actions.js';
import { syncRoutes } from './sync/sync-routes.js';
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
  /** How long an account's existence is trusted before it is read again (ACCOUNT_CACHE_MS). */
  accountCacheMs?: number | undefined;
  rateLimits?: Partial<RateLimits> | undefined;
  /** PUBLIC_URL, for GET /api/config (public-routes.ts). */
  publicUrl?: string | undefined;
  /** PUBLIC_HOLIDAYS, for GET /api/config (public-routes.ts); undefined = the built-in list. */
  holidays?: string[] | undefined;
}

/**
 * Each route reads only as much body as it needs, so a stranger's large body costs nothing: a
 * sign-in is a few hundred bytes, a push of 1,000 drafts a few MB. The office routes' limits are
 * office/office-routes.ts's OFFICE_BODY_LIMITS, the admin API's admin/admin-routes.ts's ADMIN_BODY_LIMIT.
 */
export const BODY_LIMITS = {
  signIn: 2 * 1024,
  /** Routes that take no body (sign-out) or one short field (a claim code). */
  small: 1024,
  uploadDeclaration: 4 * 1024,
  catalog: 2 * 1024 * 1024,
  push: 8 * 1024 * 1024,
} as const;

/** A few seconds: a removed account's cookie stops working that soon, and a device's sync costs the store almost nothing. */
export const DEFAULT_ACCOUNT_CACHE_MS = 5000;

/** At most this many password checks of one address at once (PerKeyGate). */
const SIGN_IN_CHECKS_PER_ADDRESS = 2;

export function createApp(deps: AppDependencies): express.Express {
  const { store, sessions, catalogs, applications, feed } = deps;
  const app = express();
  app.disable('x-powered-by');
  // Behind a TLS-terminating proxy, req.secure (and so the cookie's Secure flag) needs this.
  if (deps.trustProxy) app.set('trust proxy', deps.trustProxy);
  app.set('query parser', 'simple');

  app.use(helmet({
    // Only what the app needs: photos are shown from data: and blob: URLs, Lit sets styles inline.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  }));
  // The 460 KB bundle is 146 KB gzipped, which is seconds on 3G. The event stream is left alone:
  // compressing it would hold each event in the compressor's buffer instead of sending it.
  app.use(compression({
    filter: (req, res) => !String(res.getHeader('Content-Type') ?? '').startsWith('text/event-stream') && compression.filter(req, res),
  }));

  const limits: RateLimits = { ...DEFAULT_RATE_LIMITS, ...deps.rateLimits };
  const currentUser = currentUserReader(sessions, store, deps.accountCacheMs ?? DEFAULT_ACCOUNT_CACHE_MS);
  const signedIn = requireSession(currentUser);
  const passwordChecks = new PerKeyGate(SIGN_IN_CHECKS_PER_ADDRESS);

  const api = express.Router();
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  // A POST whose body is not JSON (an empty body included) is refused before it reaches a handler;
  // this also blocks form-based CSRF. A POST with no body at all reaches the handler's validation.
  // Bodies are read by each route's own jsonBody(limit), after its session check.
  api.use((req, _res, next) => {
    if (req.method === 'POST' && req.is('application/json') === false) {
      next(new ApiError(415, 'unsupported-media-type', 'Kirim data sebagai JSON (Content-Type: application/json).',
        'Send the data as JSON (Content-Type: application/json).'));
      return;
    }
    next();
  });

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

  api.post('/auth/login', signInPerAddress(limits), jsonBody(BODY_LIMITS.signIn), signInPerAccount(limits), route(async (req, res) => {
    const problems = loginRequestProblems(req.body);
    if (problems.length > 0) throw invalidInput(problems);
    const { username, password } = req.body as { username: string; password: string };
    const normalized = username.trim().toLowerCase();
    const user = USERNAME_PATTERN.test(normalized) ? await findUser(store, normalized) : undefined;
    const ok = await passwordChecks.run(req.ip ?? '', () => verifyPassword(password, user?.passwordHash ?? DUMMY_HASH));
    if (!user || !ok) {
      await recordAudit(store, [{ actor: 'anonymous', action: 'auth.login-failed', details: { username: normalized.slice(0, 64) } }]);
      throw new ApiError(401, 'wrong-credentials', 'Nama pengguna atau kata sandi salah.', 'Wrong username or password.');
    }
    const token = await startSession(store, sessions, user);
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

  api.post('/auth/logout', jsonBody(BODY_LIMITS.small), route(async (req, res) => {
    // Ended on the server too: a copy of the cookie stops working (auth/sessions.ts).
    const endedFor = await endSession(store, sessions, readCookie(req, SESSION_COOKIE));
    if (endedFor) await recordAudit(store, [{ actor: endedFor, action: 'auth.logout' }]);
    res.clearCookie(SESSION_COOKIE, { path: '/api' });
    res.json({ ok: true });
  }));

  api.get('/auth/me', route(async (req, res) => {
    res.json({ user: await currentUser(req) });
  }));

  api.get('/catalog', route(async (_req, res) => {
    const catalog = await catalogs.latest();
    if (!catalog) throw new ApiError(404, 'no-catalog', 'Katalog izin belum diterbitkan.', 'No permit catalog has been published.');
    res.json(catalog);
  }));

  // An administrator publishes the next version (the admin screens come with a later issue).
  api.post('/catalog', signedIn, jsonBody(BODY_LIMITS.catalog), route(async (req, res) => {
    res.status(201).json(await catalogs.publishByAdmin(await currentUser(req), req.body));
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

  // One OfficeActions for the actions push and the online route: the same writes, the same rules.
  const officeWrites = applications.officeWrites();
  const officeActions = new OfficeActions(store, officeWrites, catalogs);
  // A claimant reads the returns and questions of what they claimed: those actions follow the claim.
  applications.onClaimed((ids) => officeActions.followReachOf(ids));

  // Pull, push and the live stream of every synced collection (sync/sync-routes.ts).
  api.use(syncRoutes({
    collections: [
      applications.collection,
      new ActionsCollection(store, applications.sequencer, officeActions),
    ],
    feed, currentUser, signedIn, pushBody: jsonBody(BODY_LIMITS.push),
  }));

  // The office's routes (office/office-routes.ts): an application's history, office actions online.
  api.use(officeRoutes({ store, currentUser, signedIn, writes: officeWrites, actions: officeActions }));

  api.post('/claims', signedIn, claimsPerAddress(limits), claimsPerAccount(limits, async (req) => (await currentUser(req)).userId),
    jsonBody(BODY_LIMITS.small), route(async (req, res) => {
      // The device's name goes on the claim's history record (office/history.ts), as for office actions.
      const outcome = await applications.claim(await currentUser(req), req.body, deviceNameOf(req));
      // 202: the filing has not arrived; the claim waits for it (sync/claims.ts).
      res.status(outcome.status === 'pending' ? 202 : 200).json(outcome);
    }));

  api.get('/applications/lookup', route(async (req, res) => {
    const user = await currentUser(req);
    const application = await applications.findByNumber(user, req.query.number);
    // Anyone but the citizen themselves reading a citizen's personal data is on the application's record.
    await recordPersonalDataLookup(store, user, application, deviceNameOf(req));
    res.json({ application });
  }));

  api.use(uploadRoutes(deps.uploads, currentUser, jsonBody(BODY_LIMITS.uploadDeclaration)));
  // Accounts and agencies (admin/admin-routes.ts): admin only, and GET /api/agencies for any account.
  api.use(adminRoutes({ store, currentUser, signedIn, catalogs }));
  api.use(publicRoutes({ store, publicUrl: deps.publicUrl, holidays: deps.holidays, catalogs }));

  api.use((req, _res, next) => {
    next(new ApiError(404, 'not-found', `Alamat API tidak dikenal: ${req.method} ${req.path}`, `Unknown API address: ${req.method} ${req.path}`));
  });

  app.use('/api', api);

  // The PWA. The service worker and the shell must be revalidated on every load so updates arrive;
  // hashed assets never change under the same name.
  const indexFile = path.join(deps.staticDir, 'index.html');
  // sendFile with a root: given an absolute path it refuses any dot-folder in it (a project under ~/.local/...).
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
    res.set('Cache-Control', 'no-cache').sendFile('index.html', { root: deps.staticDir });
  });

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    // Refused before its body was read (no session, too large, too many attempts): close rather
    // than drain, so the rest of a stranger's body is never read.
    if (bodyLeftUnread(req)) res.set('Connection', 'close');
    if (error instanceof ApiError) {
      res.status(error.status).json(error.toBody());
      return;
    }
    const bodyError = error as { status?: number };
    if (bodyError.status && bodyError.status >= 400 && bodyError.status < 500) {
      res.status(bodyError.status).json(new ApiError(bodyError.status, 'bad-request', 'Permintaan tidak valid.', 'Bad request.').toBody());
      return;
    }
    log.error({ err: error, method: req.method, route: routeName(req) }, 'request failed');
    res.status(500).json(new ApiError(500, 'internal', 'Terjadi kesalahan di server; data Anda tetap tersimpan di perangkat.',
      'Something went wrong on the server; your data is still kept on your device.').toBody());
  });

  return app;
}
