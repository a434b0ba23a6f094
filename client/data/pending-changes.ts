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

/** How long a settle waits for its look at the device's copies before it settles nothing. */
const SETTLE_LOOK_MS = 3000;

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
      let added = false;
      await update<PendingMap>(this.key, (map = {}) => {
        added = !(id in map);
        map[id] = Math.max(map[id] ?? 0, updatedAt);
        count = Object.keys(map).length;
        return map;
      });
      // Again here: a settle that ran between the call and this write dropped it from the set.
      this.waiting.add(id);
      this.publish(count, added);
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
      let removed = false;
      let remaining: PendingMap = {};
      await update<PendingMap>(this.key, (map = {}) => {
        // An entry stays when the person changed the document again after the sent state.
        remaining = Object.fromEntries(Object.entries(map).filter(([id, waiting]) => waiting > (sentAt.get(id) ?? -1)));
        count = Object.keys(remaining).length;
        removed = count !== Object.keys(map).length;
        return remaining;
      });
      for (const id of sentAt.keys()) if (!(id in remaining)) this.waiting.delete(id);
      this.publish(count, removed);
    });
  }

  /**
   * Drops the entries of documents whose device copy is, now, exactly a state the server holds:
   * nothing of them is left to send. Needed beside markSent because a change can reach the server
   * by another road than a push answer covering its time: a conflict resolved to the server's own
   * state (a submission made elsewhere first) leaves nothing of it to send, and its resolution
   * carries the server's older time; a pull can bring exactly what this device holds.
   *
   * Runs inside the record's write queue, on the record as stored (another tab may have added to
   * it), and drops only entries whose time did not move while `holdsServerState` looked: a change
   * recorded meanwhile, here (queued behind this) or in another tab (a newer time), stays.
   */
  async settle(ids: readonly string[], holdsServerState: (ids: string[]) => Promise<ReadonlySet<string>>): Promise<void> {
    if (!ids.some((id) => this.waiting.has(id))) return;
    await this.enqueue(async () => {
      const seen = (await get<PendingMap>(this.key)) ?? {};
      const candidates = ids.filter((id) => id in seen);
      if (candidates.length === 0) return;
      // Bounded: the record's other writes (every keystroke's, every push answer's) queue behind
      // this one, so a look that does not answer settles nothing rather than holding them.
      const inSync = await Promise.race([holdsServerState(candidates), new Promise<ReadonlySet<string>>((resolve) => {
        setTimeout(() => resolve(new Set()), SETTLE_LOOK_MS);
      })]);
      if (inSync.size === 0) return;
      let count = 0;
      let removed = false;
      let remaining: PendingMap = {};
      await update<PendingMap>(this.key, (map = {}) => {
        remaining = Object.fromEntries(Object.entries(map).filter(([id, waiting]) => !(inSync.has(id) && waiting === seen[id])));
        count = Object.keys(remaining).length;
        removed = count !== Object.keys(map).length;
        return remaining;
      });
      for (const id of inSync) if (!(id in remaining)) this.waiting.delete(id);
      this.publish(count, removed);
    });
  }

  /**
   * Other tabs hear of every entry added or removed, whatever this tab's count did: a tab whose
   * own count did not move (its entry was sent just as it recorded a newer change of the same
   * draft) must still tell the leader, or the leader says "all sent" while a change waits. A
   * keystroke in a draft that already waits (the usual case) adds nothing and costs them nothing.
   */
  private publish(count: number, entriesChanged: boolean): void {
    if (count !== this.count$.value) this.count$.next(count);
    if (entriesChanged) this.tabs.postMessage('changed');
  }
}
