/**
 * Sessions are HMAC-signed cookies (httpOnly, SameSite=Strict): the sync server can check one
 * without a database read on every sync request. The secret lives in the store, so every server
 * process and every restart accepts the same sessions.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '../../common/sync-protocol.js';
import { isStatus, type Store } from '../store.js';

export const SESSION_COOKIE = 'ptsp_session';
/** Long, because a booth device may stay offline for weeks and must still sync when it returns. */
export const SESSION_DAYS = 30;

export interface SessionClaims {
  userId: string;
  username: string;
  role: Role;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

export class SessionSigner {
  constructor(private readonly secret: Buffer) {}

  sign(claims: Omit<SessionClaims, 'exp'>, now = Date.now()): string {
    const full: SessionClaims = { ...claims, exp: Math.floor(now / 1000) + SESSION_DAYS * 86400 };
    const payload = Buffer.from(JSON.stringify(full)).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  verify(token: string | undefined, now = Date.now()): SessionClaims | null {
    if (!token || token.length > 2048) return null;
    const [payload, mac] = token.split('.');
    if (!payload || !mac) return null;
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SessionClaims;
      if (typeof claims.exp !== 'number' || claims.exp * 1000 < now) return null;
      if (typeof claims.userId !== 'string' || typeof claims.role !== 'string') return null;
      return claims;
    } catch {
      return null;
    }
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}

const SECRET_DOC = 'session-secret';

/** Reads the shared secret, creating it on first start (two processes racing agree on one). */
export async function loadSessionSecret(store: Store): Promise<Buffer> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const doc = await store.meta.get(SECRET_DOC);
      return Buffer.from(String(doc.secret), 'base64');
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
    try {
      await store.meta.insert({ _id: SECRET_DOC, secret: randomBytes(32).toString('base64') });
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
    }
  }
  throw new Error('could not read or create the session secret');
}
