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

  constructor(userId: string) {
    this.key = `pending-changes:${userId}`;
    this.tabs = new BroadcastChannel(this.key);
    this.tabs.onmessage = () => void this.load();
  }

  async load(): Promise<void> {
    this.count$.next(Object.keys((await get<PendingMap>(this.key)) ?? {}).length);
  }

  close(): void {
    this.tabs.close();
  }

  async markChanged(id: string, updatedAt: number): Promise<void> {
    let count = 0;
    await update<PendingMap>(this.key, (map = {}) => {
      map[id] = Math.max(map[id] ?? 0, updatedAt);
      count = Object.keys(map).length;
      return map;
    });
    this.publish(count);
  }

  async markSent(sent: { id: string; updatedAt: number }[]): Promise<void> {
    const sentAt = new Map(sent.map(({ id, updatedAt }) => [id, updatedAt]));
    let count = 0;
    await update<PendingMap>(this.key, (map = {}) => {
      // An entry stays when the person changed the document again after the sent state.
      const remaining = Object.fromEntries(Object.entries(map).filter(([id, waiting]) => waiting > (sentAt.get(id) ?? -1)));
      count = Object.keys(remaining).length;
      return remaining;
    });
    this.publish(count);
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
