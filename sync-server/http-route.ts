/** Small pieces every router of the API shares: async handlers and "who is asking". */
import type { NextFunction, Request, Response } from 'express';
import { EXPECTED_USER_HEADER, type UserProfile } from '../common/sync-protocol.js';
import { SESSION_COOKIE, type SessionSigner } from './auth/sessions.js';
import { ApiError, notSignedIn } from './http-errors.js';

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
    if (ms >= SLOW_HANDLER_MS) console.warn(`slow request: ${req.method} ${req.originalUrl.split('?')[0] ?? ''} ${outcome} after ${ms} ms`);
  }, () => undefined);
};

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

export type CurrentUser = (req: Request) => UserProfile;

/** The signed-in account of a request, or a 401. Refuses a session that is not the account the device expects. */
export function currentUserReader(sessions: SessionSigner): CurrentUser {
  return (req) => {
    const claims = sessions.verify(readCookie(req, SESSION_COOKIE));
    if (!claims) throw notSignedIn();
    const expected = req.get(EXPECTED_USER_HEADER) ?? (typeof req.query.user === 'string' ? req.query.user : undefined);
    if (expected !== undefined && expected !== claims.userId) {
      throw new ApiError(401, 'session-user-mismatch',
        'Sesi di server milik akun lain. Masuk lagi saat ada internet untuk mengirim data akun ini.',
        'The server session belongs to another account. Sign in again while online to send this account\'s data.');
    }
    return { userId: claims.userId, username: claims.username, role: claims.role, displayName: '' };
  };
}
