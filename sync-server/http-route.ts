/** Small pieces every router of the API shares: async handlers and "who is asking". */
import type { NextFunction, Request, Response } from 'express';
import { EXPECTED_USER_HEADER, type UserProfile } from '../common/sync-protocol.js';
import { SESSION_COOKIE, type SessionSigner } from './auth/sessions.js';
import { ApiError, notSignedIn } from './http-errors.js';

type Handler = (req: Request, res: Response) => Promise<void>;

/** Express 5 forwards rejected promises to the error handler; this only narrows the types. */
export const route = (handler: Handler) => (req: Request, res: Response, next: NextFunction): void => {
  handler(req, res).catch(next);
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
