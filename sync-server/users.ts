/**
 * Accounts. A user document's id is `user:<username>`, so a sign-in is one document read.
 */
import { randomUUID } from 'node:crypto';
import type { Role, UserProfile } from '../common/sync-protocol.js';
import { hashPassword } from './auth/passwords.js';
import { isStatus, type Store, type StoredUser } from './store.js';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,39}$/;

export const userDocId = (username: string): string => `user:${username}`;

export function toProfile(user: StoredUser): UserProfile {
  return { userId: user.userId, username: user.username, displayName: user.displayName, role: user.role };
}

export async function findUser(store: Store, username: string): Promise<StoredUser | undefined> {
  try {
    return await store.users.get(userDocId(username));
  } catch (error) {
    if (isStatus(error, 404)) return undefined;
    throw error;
  }
}

/** Creates the user unless the username is taken; returns the stored user either way. */
export async function ensureUser(
  store: Store,
  input: { username: string; password: string; displayName: string; role: Role },
): Promise<StoredUser> {
  const existing = await findUser(store, input.username);
  if (existing) return existing;
  const user: StoredUser = {
    _id: userDocId(input.username),
    type: 'user',
    userId: randomUUID(),
    username: input.username,
    displayName: input.displayName,
    role: input.role,
    passwordHash: await hashPassword(input.password),
  };
  try {
    await store.users.insert(user);
    return user;
  } catch (error) {
    if (!isStatus(error, 409)) throw error;
    const winner = await findUser(store, input.username);
    if (!winner) throw error;
    return winner;
  }
}
