/**
 * Counts drafts whose latest local change the server has not yet acknowledged, for the status
 * indicator.
 *
 * RxDB does not expose this, so the data layer records "document X changed at T" after each local
 * write, and replication clears the entry once a push of X at T (or later) succeeds. The record is a
 * device setting, so the count survives a reload while offline. It is only a display: replication
 * itself never depends on it.
 */
import { get, update } from 'idb-keyval';
import { BehaviorSubject } from 'rxjs';

type PendingMap = Record<string, number>;

export class PendingChanges {
  readonly count$ = new BehaviorSubject<number>(0);
  private readonly key: string;
  /**
   * Only the leader tab replicates, so only it learns what was sent; other tabs of the same
   * account hear about every change of the record here and re-read it.
   */
  private readonly tabs: BroadcastChannel;
  /** Ids known to wait already (this tab's view), so a keystroke in such a draft need not wait for the record. */
  private readonly waiting = new Set<string>();
  /** The record's writes, in order: one at a time, whoever waits for them. */
  private writes: Promise<void> = Promise.resolve();

  constructor(userId: string) {
    this.key = `pending-changes:${userId}`;
    this.tabs = new BroadcastChannel(this.key);
    this.tabs.onmessage = () => void this.load();
  }

  async load(): Promise<void> {
    const map = (await get<PendingMap>(this.key)) ?? {};
    this.waiting.clear();
    for (const id of Object.keys(map)) this.waiting.add(id);
    this.count$.next(this.waiting.size);
  }

  close(): void {
    this.tabs.close();
  }

  /**
   * Records a local change. When the draft already waits (typing on in it, the usual case), the
   * count cannot change, so the keystroke does not wait for the record's write; it still happens,
   * in order, so a reload knows the latest time.
   */
  async markChanged(id: string, updatedAt: number): Promise<void> {
    const alreadyWaiting = this.waiting.has(id);
    this.waiting.add(id);
    const write = this.enqueue(async () => {
      let count = 0;
      await update<PendingMap>(this.key, (map = {}) => {
        map[id] = Math.max(map[id] ?? 0, updatedAt);
        count = Object.keys(map).length;
        return map;
      });
      // Again here: a settle that ran between the call and this write dropped it from the set.
      this.waiting.add(id);
      this.publish(count);
    });
    if (!alreadyWaiting) await write;
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const result = this.writes.then(work);
    this.writes = result.catch((error: unknown) => console.warn('pending-changes record not written', error));
    return result;
  }

  async markSent(sent: { id: string; updatedAt: number }[]): Promise<void> {
    const sentAt = new Map(sent.map(({ id, updatedAt }) => [id, updatedAt]));
    await this.enqueue(async () => {
      let count = 0;
      let remaining: PendingMap = {};
      await update<PendingMap>(this.key, (map = {}) => {
        // An entry stays when the person changed the document again after the sent state.
        remaining = Object.fromEntries(Object.entries(map).filter(([id, waiting]) => waiting > (sentAt.get(id) ?? -1)));
        count = Object.keys(remaining).length;
        return remaining;
      });
      for (const id of sentAt.keys()) if (!(id in remaining)) this.waiting.delete(id);
      this.publish(count);
    });
  }

  /**
   * Drops the entries of documents whose device copy is, now, exactly a state the server holds:
   * nothing of them is left to send. Needed beside markSent because a change can reach the server
   * without its push answer doing so (the answer failed after the server stored it, and the pull
   * then brought the same state: RxDB finds nothing left to push, so markSent never hears of it),
   * and because a conflict resolved to the server's state is pushed back with the server's older
   * time, which never covers the time recorded here.
   *
   * `holdsServerState` is asked inside the record's write queue: a change saved after it looked is
   * recorded after this runs (the data layer records a change once its write is done), so it stays.
   */
  async settle(ids: readonly string[], holdsServerState: (ids: string[]) => Promise<ReadonlySet<string>>): Promise<void> {
    if (!ids.some((id) => this.waiting.has(id))) return;
    await this.enqueue(async () => {
      const candidates = ids.filter((id) => this.waiting.has(id));
      if (candidates.length === 0) return;
      const inSync = await holdsServerState(candidates);
      if (inSync.size === 0) return;
      let count = 0;
      await update<PendingMap>(this.key, (map = {}) => {
        const remaining = Object.fromEntries(Object.entries(map).filter(([id]) => !inSync.has(id)));
        count = Object.keys(remaining).length;
        return remaining;
      });
      for (const id of inSync) this.waiting.delete(id);
      this.publish(count);
    });
  }

  /**
   * Other tabs only show the count, so they hear of a change only when it moved: a keystroke in a
   * draft that already waits (the usual case) costs them nothing.
   */
  private publish(count: number): void {
    if (count === this.count$.value) return;
    this.count$.next(count);
    this.tabs.postMessage('changed');
  }
}
