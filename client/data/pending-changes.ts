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
    await update<PendingMap>(this.key, (map = {}) => {
      map[id] = Math.max(map[id] ?? 0, updatedAt);
      this.count$.next(Object.keys(map).length);
      return map;
    });
    this.tabs.postMessage('changed');
  }

  async markSent(sent: { id: string; updatedAt: number }[]): Promise<void> {
    const sentAt = new Map(sent.map(({ id, updatedAt }) => [id, updatedAt]));
    await update<PendingMap>(this.key, (map = {}) => {
      // An entry stays when the person changed the document again after the sent state.
      const remaining = Object.fromEntries(Object.entries(map).filter(([id, waiting]) => waiting > (sentAt.get(id) ?? -1)));
      this.count$.next(Object.keys(remaining).length);
      return remaining;
    });
    this.tabs.postMessage('changed');
  }
}
