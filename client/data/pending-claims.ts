/**
 * Claim codes a citizen entered whose application has not reached this account yet: the booth that
 * filed it may still be offline. Each is kept in the account's own device record (idb-keyval, one
 * key per account), so it stays listed across reloads; it is sent when the device was offline at
 * entry, and forgotten once the application arrives by sync.
 */
import { get, set } from 'idb-keyval';
import { BehaviorSubject } from 'rxjs';
import type { LocalizedText } from '../../common/catalog.js';

export interface PendingClaim {
  /** As the server writes it (normalizeCode). */
  code: string;
  enteredAt: string;
  /**
   * `unsent`: entered offline, to be sent; `waiting`: the server has it and completes the claim by
   * itself when the filing arrives; `refused`: the server said no (the reason is kept to show).
   */
  state: 'unsent' | 'waiting' | 'refused';
  reason?: LocalizedText;
}

export class PendingClaims {
  readonly claims$ = new BehaviorSubject<readonly PendingClaim[]>([]);
  private readonly key: string;
  /** Writes one at a time, so two quick changes never lose each other. */
  private writes: Promise<void> = Promise.resolve();

  constructor(userId: string) {
    this.key = `pending-claims:${userId}`;
  }

  async load(): Promise<void> {
    this.claims$.next((await get<PendingClaim[]>(this.key).catch(() => undefined)) ?? []);
  }

  get value(): readonly PendingClaim[] {
    return this.claims$.value;
  }

  /** Adds or replaces the entry for `claim.code`. */
  put(claim: PendingClaim): Promise<void> {
    return this.change((claims) => [...claims.filter((other) => other.code !== claim.code), claim]);
  }

  remove(codes: readonly string[]): Promise<void> {
    if (!codes.some((code) => this.value.some((claim) => claim.code === code))) return Promise.resolve();
    return this.change((claims) => claims.filter((claim) => !codes.includes(claim.code)));
  }

  private change(edit: (claims: readonly PendingClaim[]) => PendingClaim[]): Promise<void> {
    const result = this.writes.then(async () => {
      const next = edit(this.value);
      await set(this.key, next);
      this.claims$.next(next);
    });
    this.writes = result.catch((error: unknown) => console.warn('pending claims not written', error));
    return result;
  }
}
