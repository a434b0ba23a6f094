/**
 * Sessions. The cookie (httpOnly, SameSite=Strict) carries an HMAC-signed session id and who signed
 * in, nothing about what they may do: role, agency and booth are read from the account on each
 * request. Each session is a document `session:<sid>` in the account database, so signing out ends
 * it on the server (a copied cookie stops working), and "sign out everywhere" is one write on the
 * account (`sessionsValidFrom`). The signing secret lives in the store, so every server process and
 * every restart accepts the same sessions.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type nano from 'nano';
import { recordAudit } from '../audit.js';
import { accountDisabled } from '../http-errors.js';
import { DATABASES, getIfExists, isStatus, type Store } from '../store.js';
import type { StoredAccount } from '../users.js';
import { forgetSession } from './account-cache.js';

export const SESSION_COOKIE = 'ptsp_session';
/** Long, because a booth device may stay offline for weeks and must still sync when it returns. */
export const SESSION_DAYS = 30;

export interface SessionClaims {
  /** The session document's id is `session:<sid>`. */
  sid: string;
  userId: string;
  username: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** A session id: 144 random bits, base64url. */
const SID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

export class SessionSigner {
  constructor(private readonly secret: Buffer) {}

  sign(claims: Omit<SessionClaims, 'exp'>, now = Date.now()): string {
    const full: SessionClaims = { ...claims, exp: Math.floor(now / 1000) + SESSION_DAYS * 86400 };
    const payload = Buffer.from(JSON.stringify(full)).toString('base64url');
    return `${payload}.${this.mac(payload)}`;
  }

  /** The claims of a cookie this server signed and that has not expired; null for anything else. */
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
      // A cookie from before sessions were documents has no sid: it is no session any more.
      if (typeof claims.sid !== 'string' || !SID_PATTERN.test(claims.sid)) return null;
      if (typeof claims.userId !== 'string' || typeof claims.username !== 'string') return null;
      return claims;
    } catch {
      return null;
    }
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}

/** One sign-in: ended by signing out (endedAt), or by the account's sessionsValidFrom moving past createdAt. */
export interface StoredSession {
  _id: string;
  _rev?: string;
  type: 'session';
  userId: string;
  createdAt: string;
  endedAt?: string;
}

export const sessionDocId = (sid: string): string => `session:${sid}`;

export const sessionsDb = (store: Store): nano.DocumentScope<StoredSession> => store.server.use<StoredSession>(DATABASES.users);

/**
 * Starts a session for an account whose password was just checked and returns the cookie value.
 * A disabled account gets none (403 account-disabled: the password was right, so saying why tells
 * a guesser nothing).
 */
export async function startSession(store: Store, signer: SessionSigner, user: StoredAccount): Promise<string> {
  if (user.disabled) {
    await recordAudit(store, [{ actor: user.userId, action: 'auth.login-refused', details: { reason: 'account-disabled' } }]);
    throw accountDisabled(403);
  }
  const sid = randomBytes(18).toString('base64url');
  await sessionsDb(store).insert({ _id: sessionDocId(sid), type: 'session', userId: user.userId, createdAt: new Date().toISOString() });
  return signer.sign({ sid, userId: user.userId, username: user.username });
}

/**
 * Ends the session the cookie names (signing out). Returns the account's id when there was a live
 * session, for the audit trail; a missing, forged or already ended one changes nothing.
 */
export async function endSession(store: Store, signer: SessionSigner, token: string | undefined): Promise<string | undefined> {
  const claims = signer.verify(token);
  if (!claims) return undefined;
  for (let attempt = 0; ; attempt++) {
    const session = await getIfExists(sessionsDb(store), sessionDocId(claims.sid));
    if (!session || session.type !== 'session' || session.userId !== claims.userId || session.endedAt) {
      forgetSession(store, claims.sid);
      return undefined;
    }
    try {
      await sessionsDb(store).insert({ ...session, endedAt: new Date().toISOString() });
      forgetSession(store, claims.sid);
      return claims.userId;
    } catch (error) {
      if (!isStatus(error, 409) || attempt >= 4) throw error;
    }
  }
}

/** An ended session's document is kept this long (its "session-ended" answer), then removed. */
const ENDED_SESSION_KEPT_MS = 86_400_000;
const SWEEP_PAGE = 1000;

/**
 * Removes the documents of sessions no cookie can use any more: past SESSION_DAYS (the cookie has
 * expired), or ended more than a day ago (a removed document answers `session-ended` just the
 * same). Without this, every sign-in would leave a document for good. Returns how many went.
 */
export async function expireSessions(store: Store, now = Date.now()): Promise<number> {
  const expiredBefore = new Date(now - SESSION_DAYS * 86_400_000).toISOString();
  const endedBefore = new Date(now - ENDED_SESSION_KEPT_MS).toISOString();
  let removed = 0;
  // Page by page: an office's sessions of a month are thousands of documents.
  for (let startkey = 'session:'; ;) {
    const page = await sessionsDb(store).list({ startkey, endkey: 'session:\ufff0', include_docs: true, limit: SWEEP_PAGE + 1 });
    const rows = page.rows.slice(0, SWEEP_PAGE);
    const gone = rows.flatMap((row) => {
      const doc = row.doc;
      if (!doc || doc.type !== 'session' || !doc._rev) return [];
      const old = doc.createdAt < expiredBefore || (doc.endedAt !== undefined && doc.endedAt < endedBefore);
      return old ? [{ _id: doc._id, _rev: doc._rev, _deleted: true }] : [];
    });
    // Another process sweeping at the same moment makes some of these conflicts: they are gone either way.
    if (gone.length > 0) await sessionsDb(store).bulk({ docs: gone });
    removed += gone.length;
    const next = page.rows[SWEEP_PAGE];
    if (!next) return removed;
    startkey = next.id;
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
