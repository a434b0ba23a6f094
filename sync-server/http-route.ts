/** Small pieces every router of the API shares: async handlers, "who is asking", and JSON bodies. */
import { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { EXPECTED_USER_HEADER, type UserProfile } from '../common/sync-protocol.js';
import { SESSION_COOKIE, type SessionSigner } from './auth/sessions.js';
import { accountCacheFor } from './auth/account-cache.js';
import { accountDisabled, accountGone, ApiError, bodyTooLarge, notSignedIn, sessionEnded } from './http-errors.js';
import { log } from './log.js';
import type { Store } from './store.js';
import { toProfile } from './users.js';

type Handler = (req: Request, res: Response) => Promise<void>;

/**
 * A handler's own work taking this long is logged. On a loopback store nothing comes near it; the
 * body's transfer is not counted (it is read before the handler runs), so a slow 3G link never is.
 */
const SLOW_HANDLER_MS = 5000;

/**
 * Runs an async handler; Express 5 forwards its rejection to the error handler. A handler that
 * took long is logged with where it was (no query: it carries checkpoints and numbers), so a
 * stalled store call or lock has a name in production and in a CI log.
 */
export const route = (handler: Handler) => (req: Request, res: Response, next: NextFunction): void => {
  const started = performance.now();
  handler(req, res).then(() => 'answered', (error: unknown) => {
    next(error);
    return 'failed';
  }).then((outcome) => {
    const ms = Math.round(performance.now() - started);
    if (ms >= SLOW_HANDLER_MS) {
      log.warn({ event: 'slow-request', method: req.method, route: routeName(req), outcome, ms }, 'slow request');
    }
  }, () => undefined);
};

/** The route's pattern (`/api/uploads/:fileId`), never the ids or the query of this request. */
export function routeName(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  return `${req.baseUrl}${typeof pattern === 'string' ? pattern : ''}`;
}

export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      // A malformed cookie is no session, not a server error.
      return undefined;
    }
  }
  return undefined;
}

/** The signed-in account of a request (read once per request), or a 401. */
export type CurrentUser = (req: Request) => Promise<UserProfile>;

/**
 * Checks the session cookie, then reads its account and its session (through the AccountCache:
 * at most every `accountCacheMs`, and at once after this process changed either). Refused with
 * 401: no valid cookie (`not-signed-in`), the account removed (`account-gone`) or disabled
 * (`account-disabled`), the session signed out or ended by "sign out everywhere" (`session-ended`).
 * The profile (role, agency, booth) is the stored account's, never the cookie's.
 */
export function currentUserReader(sessions: SessionSigner, store: Store, accountCacheMs: number): CurrentUser {
  const cache = accountCacheFor(store, accountCacheMs);
  const perRequest = new WeakMap<Request, Promise<UserProfile>>();

  const read = async (req: Request): Promise<UserProfile> => {
    const claims = sessions.verify(readCookie(req, SESSION_COOKIE));
    if (!claims) throw notSignedIn();
    const expected = req.get(EXPECTED_USER_HEADER) ?? (typeof req.query.user === 'string' ? req.query.user : undefined);
    if (expected !== undefined && expected !== claims.userId) {
      throw new ApiError(401, 'session-user-mismatch',
        'Sesi di server milik akun lain. Masuk lagi saat ada internet untuk mengirim data akun ini.',
        'The server session belongs to another account. Sign in again while online to send this account\'s data.');
    }
    const [user, session] = await Promise.all([cache.accounts.get(claims.username), cache.sessions.get(claims.sid)]);
    // A username given to a new account after the old one was removed is another account.
    if (!user || user.userId !== claims.userId) throw accountGone();
    if (user.disabled) throw accountDisabled();
    if (!session || session.userId !== claims.userId || session.endedAt) throw sessionEnded();
    if (user.sessionsValidFrom && session.createdAt < user.sessionsValidFrom) throw sessionEnded();
    return toProfile(user);
  };

  return (req) => {
    let known = perRequest.get(req);
    if (!known) {
      known = read(req);
      perRequest.set(req, known);
    }
    return known;
  };
}

/**
 * Checks the session before a byte of the body is read: a stranger's body is refused unread (the
 * error handler then closes the connection rather than draining it).
 */
export const requireSession = (currentUser: CurrentUser): RequestHandler => (req, _res, next) => {
  currentUser(req).then(() => next(), next);
};

/** Whether the request still has body bytes nobody read: then its refusal closes the connection. */
export function bodyLeftUnread(req: Request): boolean {
  const declared = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (declared !== undefined && declared !== '0');
  return hasBody && !req.readableEnded;
}

/** Most digits an integer may have before doubles start rounding it (2^53 has 16). */
const MAYBE_INEXACT_NUMBER = /\d[eE][+-]?\d|\d{16}/;

class NumberOutOfRange extends Error {
  constructor(readonly key: string) {
    super('number out of range');
  }
}

/**
 * Refuses a number JSON.parse could not keep as sent: `1e309` becomes Infinity (stored as null),
 * and an integer past 2^53 is silently rounded. The reviver runs only when the text has an
 * exponent or a long digit run, so an ordinary 8 MB push is parsed at full speed.
 */
function keepableNumber(key: string, value: unknown): unknown {
  if (typeof value === 'number' && (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value)))) {
    throw new NumberOutOfRange(key);
  }
  return value;
}

/** Objects and arrays only (express.json's strict mode): a bare `"x"` or `1` is no request body. */
const JSON_CONTAINER = /^[\s\uFEFF]*[[{]/;

/**
 * Reads at most `limitBytes` of the body. Past the limit it stops reading at once (no draining:
 * the error handler closes the connection), unlike body-parser, which reads a refused body to its
 * end before answering.
 */
function readLimited(req: Request, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let received = 0;
    const stop = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limitBytes) {
        stop();
        req.pause();
        reject(bodyTooLarge(limitBytes));
        return;
      }
      parts.push(chunk);
    };
    const onEnd = (): void => {
      stop();
      resolve(Buffer.concat(parts, received));
    };
    const onError = (error: Error): void => {
      stop();
      reject(error);
    };
    const onClose = (): void => {
      stop();
      reject(new ApiError(400, 'body-incomplete', 'Data terputus sebelum selesai dikirim; tidak ada yang diubah.',
        'The body was cut off before it was complete; nothing was changed.'));
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.once('close', onClose);
  });
}

/**
 * A JSON body parser for one route, with that route's own limit. A body declared larger than the
 * limit is refused by its Content-Length before a byte is read, a streamed one as soon as it
 * passes the limit (413 naming the limit). Mount it after requireSession on routes that need a session.
 */
export function jsonBody(limitBytes: number): RequestHandler {
  return (req, _res, next) => {
    // Not JSON (or no body): the handler's own validation answers.
    if (req.is('application/json') !== 'application/json') {
      next();
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limitBytes) {
      next(bodyTooLarge(limitBytes));
      return;
    }
    const charset = /;\s*charset=["']?([^;"'\s]+)/i.exec(req.get('content-type') ?? '')?.[1]?.toLowerCase();
    const encoding = (req.get('content-encoding') ?? 'identity').toLowerCase();
    if ((charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') || encoding !== 'identity') {
      next(new ApiError(415, 'unsupported-encoding', 'Kirim JSON sebagai UTF-8 tanpa pemampatan.', 'Send JSON as UTF-8, uncompressed.'));
      return;
    }
    readLimited(req, limitBytes).then((bytes) => {
      req.body = parseJson(bytes.toString('utf8'));
    }).then(() => next(), next);
  };
}

function parseJson(text: string): unknown {
  // As express.json did: an empty JSON body is an empty object, which validation refuses by name.
  if (text.length === 0) return {};
  // A byte order mark is allowed before JSON text (RFC 8259 says parsers may ignore it); JSON.parse does not.
  if (text.startsWith('\uFEFF')) return parseJson(text.slice(1));
  try {
    if (!JSON_CONTAINER.test(text)) throw new SyntaxError('not an object or array');
    return JSON.parse(text, MAYBE_INEXACT_NUMBER.test(text) ? keepableNumber : undefined);
  } catch (error) {
    if (error instanceof NumberOutOfRange) {
      const key = error.key.slice(0, 64);
      throw new ApiError(400, 'number-out-of-range',
        `Angka pada "${key}" tidak dapat disimpan persis seperti yang dikirim (terlalu besar); tidak ada yang diubah.`,
        `The number at "${key}" cannot be kept exactly as sent (too large); nothing was changed.`,
        undefined, { key });
    }
    throw new ApiError(400, 'malformed-json', 'Data bukan JSON yang valid.', 'The body is not valid JSON.');
  }
}
