/**
 * Accounts. A user document's id is `user:<username>`, so a sign-in is one document read. The
 * account document is the one truth about a person's role, agency and booth: sessions carry only
 * who signed in, and every request reads these fields from here (http-route.ts).
 */
import { randomUUID } from 'node:crypto';
import type nano from 'nano';
import type { Role, UserProfile } from '../common/sync-protocol.js';
import { hashPassword } from './auth/passwords.js';
import { DATABASES, getIfExists, isStatus, type Store, type StoredUser } from './store.js';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,39}$/;

/** A booth's id (`mps-01`): lower-case letters, digits and dashes. */
export const BOOTH_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,39}$/;

/** The stored account: StoredUser (store.ts) plus what places it (agency, booth) and whether its sessions hold. */
export interface StoredAccount extends StoredUser {
  /** An agency reviewer's agency (`agency:<id>` in the same database); an inspector's, when set. */
  agencyId?: string;
  /** Booth staff's booth. */
  boothId?: string;
  /** A disabled account cannot sign in, and its sessions are refused on their next request. */
  disabled?: boolean;
  /** "Sign out everywhere": sessions started before this ISO instant are refused. */
  sessionsValidFrom?: string;
  createdAt?: string;
  updatedAt?: string;
}

export const userDocId = (username: string): string => `user:${username}`;

/** The account database, read as StoredAccount (the same database as store.users). */
export const accountsDb = (store: Store): nano.DocumentScope<StoredAccount> => store.server.use<StoredAccount>(DATABASES.users);

export function toProfile(user: StoredAccount): UserProfile {
  return {
    userId: user.userId,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    ...(user.agencyId ? { agencyId: user.agencyId } : {}),
    ...(user.boothId ? { boothId: user.boothId } : {}),
  };
}

export async function findUser(store: Store, username: string): Promise<StoredAccount | undefined> {
  try {
    return await accountsDb(store).get(userDocId(username));
  } catch (error) {
    if (isStatus(error, 404)) return undefined;
    throw error;
  }
}

/** Every account, by username. An office has hundreds, so one range read is enough. */
export async function listAccounts(store: Store): Promise<StoredAccount[]> {
  const list = await accountsDb(store).list({ startkey: 'user:', endkey: 'user:\ufff0', include_docs: true });
  return list.rows.flatMap((row) => (row.doc && row.doc.type === 'user' ? [row.doc] : []));
}

export async function findUserById(store: Store, userId: string): Promise<StoredAccount | undefined> {
  return (await listAccounts(store)).find((user) => user.userId === userId);
}

export interface NewAccount {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  agencyId?: string | undefined;
  boothId?: string | undefined;
}

function accountDoc(input: NewAccount, passwordHash: string): StoredAccount {
  const now = new Date().toISOString();
  return {
    _id: userDocId(input.username),
    type: 'user',
    userId: randomUUID(),
    username: input.username,
    displayName: input.displayName,
    role: input.role,
    passwordHash,
    ...(input.agencyId ? { agencyId: input.agencyId } : {}),
    ...(input.boothId ? { boothId: input.boothId } : {}),
    createdAt: now,
    updatedAt: now,
  };
}

/** Creates the user unless the username is taken; returns the stored user either way. */
export async function ensureUser(store: Store, input: NewAccount): Promise<StoredAccount> {
  const existing = await findUser(store, input.username);
  if (existing) return existing;
  const user = accountDoc(input, await hashPassword(input.password));
  try {
    await accountsDb(store).insert(user);
    return user;
  } catch (error) {
    if (!isStatus(error, 409)) throw error;
    const winner = await findUser(store, input.username);
    if (!winner) throw error;
    return winner;
  }
}

/** Creates the account, or answers undefined when the username is taken (nothing is changed then). */
export async function createUser(store: Store, input: NewAccount): Promise<StoredAccount | undefined> {
  if (await findUser(store, input.username)) return undefined;
  const user = accountDoc(input, await hashPassword(input.password));
  try {
    await accountsDb(store).insert(user);
    return user;
  } catch (error) {
    if (isStatus(error, 409)) return undefined;
    throw error;
  }
}

/**
 * Changes one account by a function of its current state, again on a write conflict (another
 * administrator, or another process, changed it in between). Undefined when the account is gone.
 */
export async function updateUser(
  store: Store,
  username: string,
  change: (current: StoredAccount) => StoredAccount,
): Promise<StoredAccount | undefined> {
  for (let attempt = 0; ; attempt++) {
    const current = await getIfExists(accountsDb(store), userDocId(username));
    if (!current) return undefined;
    const next: StoredAccount = { ...change(current), _id: current._id, _rev: current._rev, updatedAt: new Date().toISOString() };
    try {
      const written = await accountsDb(store).insert(next);
      return { ...next, _rev: written.rev };
    } catch (error) {
      if (!isStatus(error, 409) || attempt >= 4) throw error;
    }
  }
}
