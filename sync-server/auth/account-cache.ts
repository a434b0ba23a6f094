/**
 * The short memory behind "the account and the session are re-read on every request": each is
 * read from the store at most every ACCOUNT_CACHE_MS, and concurrent requests share one read, so a
 * device's sync traffic costs the store almost nothing. A change made in this process (an
 * administrator disables an account, someone signs out) drops the entry at once in every reader of
 * that store; another process sees it within ACCOUNT_CACHE_MS.
 */
import { getIfExists, type Store } from '../store.js';
import { findUser, type StoredAccount } from '../users.js';
import { sessionDocId, sessionsDb, type StoredSession } from './sessions.js';

/** Past this many entries, the expired ones are swept (bounded by the accounts and sessions in use). */
const SWEEP_AT = 10_000;

class TimedReads<T> {
  private readonly entries = new Map<string, { until: number; value: Promise<T> }>();

  constructor(private readonly ttlMs: number, private readonly read: (key: string) => Promise<T>) {}

  get(key: string): Promise<T> {
    const now = Date.now();
    const cached = this.entries.get(key);
    if (cached && cached.until > now) return cached.value;
    if (this.entries.size > SWEEP_AT) for (const [name, entry] of this.entries) if (entry.until <= now) this.entries.delete(name);
    const value = this.read(key);
    const entry = { until: now + this.ttlMs, value };
    this.entries.set(key, entry);
    // A failed read (store down) is not remembered: the next request tries again.
    value.catch(() => this.drop(key, entry));
    // With no caching, only requests that arrive while the read is under way share it.
    if (this.ttlMs <= 0) void value.finally(() => this.drop(key, entry)).catch(() => undefined);
    return value;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  private drop(key: string, entry: { until: number; value: Promise<T> }): void {
    if (this.entries.get(key) === entry) this.entries.delete(key);
  }
}

export class AccountCache {
  readonly accounts: TimedReads<StoredAccount | undefined>;
  readonly sessions: TimedReads<StoredSession | undefined>;

  constructor(store: Store, ttlMs: number) {
    this.accounts = new TimedReads(ttlMs, (username) => findUser(store, username));
    this.sessions = new TimedReads(ttlMs, async (sid) => {
      const doc = await getIfExists(sessionsDb(store), sessionDocId(sid));
      return doc && doc.type === 'session' ? doc : undefined;
    });
  }
}

/** Every cache of a store connection in this process (one per app; tests run several apps). */
const cachesOf = new WeakMap<Store, Set<AccountCache>>();

export function accountCacheFor(store: Store, ttlMs: number): AccountCache {
  const cache = new AccountCache(store, ttlMs);
  let set = cachesOf.get(store);
  if (!set) {
    set = new Set();
    cachesOf.set(store, set);
  }
  set.add(cache);
  return cache;
}

/** After this process changed the account: the next request of any of its sessions reads it again. */
export function forgetAccount(store: Store, username: string): void {
  for (const cache of cachesOf.get(store) ?? []) cache.accounts.forget(username);
}

export function forgetSession(store: Store, sid: string): void {
  for (const cache of cachesOf.get(store) ?? []) cache.sessions.forget(sid);
}
