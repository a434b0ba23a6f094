/**
 * Who is signed in on this device.
 *
 * Online, the server checks the password and sets an httpOnly session cookie. The device then keeps
 * a local verifier (PBKDF2 of the password with a random salt, never the password) so the same
 * person can sign in again on this device with no network. "Signed in" survives reloads: the
 * current account is a device setting until the person signs out.
 */
import { del, get, set } from 'idb-keyval';
import type { UserProfile } from '../../common/sync-protocol.js';
import { apiRequest, ApiRequestError, TooManyAttemptsError, UnreachableError } from './api.js';

const CURRENT_USER = 'session-current-user';
const verifierKey = (username: string): string => `session-verifier:${username}`;
const PBKDF2_ITERATIONS = 210_000;

interface LocalVerifier {
  user: UserProfile;
  salt: string;
  hash: string;
  iterations: number;
}

export type SignInFailure = 'wrong-credentials' | 'offline-unknown-user' | 'offline-wrong-password' | 'missing'
  /** The server asks to wait `retryAfterSeconds` (too many attempts). */
  | 'too-many-attempts'
  /** Only for renewServerSession, which needs the server. */
  | 'unreachable';

export class SignInError extends Error {
  constructor(readonly reason: SignInFailure | 'server', readonly serverError?: ApiRequestError, readonly retryAfterSeconds?: number) {
    super(reason);
  }
}

const toBase64 = (bytes: ArrayBuffer | Uint8Array): string => btoa(String.fromCharCode(...new Uint8Array(bytes)));
const fromBase64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  return toBase64(bits);
}

/** Compares without an early exit, so timing does not reveal how much of the hash matched. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** Checks the password on the server (which sets the session cookie) and keeps a fresh verifier for offline sign-ins. */
async function signInOnline(username: string, password: string): Promise<UserProfile> {
  let user: UserProfile;
  try {
    ({ user } = await apiRequest<{ user: UserProfile }>('/auth/login', { method: 'POST', body: { username, password } }));
  } catch (error) {
    if (error instanceof ApiRequestError) throw new SignInError(error.status === 401 ? 'wrong-credentials' : 'server', error);
    // The server is there and asks to wait: trying the device's verifier instead would hide that.
    if (error instanceof TooManyAttemptsError) throw new SignInError('too-many-attempts', undefined, error.retryAfterSeconds);
    throw error;
  }
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const verifier: LocalVerifier = { user, salt: toBase64(salt), hash: await derive(password, salt, PBKDF2_ITERATIONS), iterations: PBKDF2_ITERATIONS };
  await set(verifierKey(username), verifier);
  return user;
}

export async function signIn(usernameInput: string, password: string): Promise<UserProfile> {
  const username = usernameInput.trim().toLowerCase();
  if (!username || !password) throw new SignInError('missing');
  try {
    const user = await signInOnline(username, password);
    await set(CURRENT_USER, user);
    return user;
  } catch (error) {
    // No network, or a server (or its store) that cannot answer: the seeds' "servernya down" must
    // not lock people out of their own device.
    if (!(error instanceof UnreachableError)) throw error;
  }
  // No network, or no working server: fall back to this device's verifier.
  const verifier = await get<LocalVerifier>(verifierKey(username));
  if (!verifier) throw new SignInError('offline-unknown-user');
  const hash = await derive(password, fromBase64(verifier.salt), verifier.iterations);
  if (!sameText(hash, verifier.hash)) throw new SignInError('offline-wrong-password');
  await set(CURRENT_USER, verifier.user);
  return verifier.user;
}

/**
 * Gets the server to know the person signed in on this device again, without signing anyone out:
 * after an offline sign-in on a shared device, the session cookie may be someone else's, or gone.
 * Needs the server (SignInError 'unreachable' otherwise); the person stays signed in on the device
 * whatever the outcome.
 */
export async function renewServerSession(user: UserProfile, password: string): Promise<void> {
  if (!password) throw new SignInError('missing');
  let renewed: UserProfile;
  try {
    renewed = await signInOnline(user.username, password);
  } catch (error) {
    if (error instanceof UnreachableError) throw new SignInError('unreachable');
    throw error;
  }
  // The same name could in principle be a new account (deleted and made again): its data is not this database's.
  if (renewed.userId !== user.userId) throw new SignInError('wrong-credentials');
}

/** The account signed in on this device, if any: no network needed. */
export async function currentUser(): Promise<UserProfile | null> {
  return (await get<UserProfile>(CURRENT_USER)) ?? null;
}

/** Forgets who is signed in. The account's local database stays, so nothing unsent is lost. */
export async function signOut(): Promise<void> {
  await del(CURRENT_USER);
  await apiRequest('/auth/logout', { method: 'POST', body: {}, timeoutMs: 3000 }).catch(() => undefined);
}
