/**
 * Changes the server refused, kept in a list the person can see (issue 9: "never retried forever,
 * never dropped"). A refused row is not pushed again as it is: its local document takes the
 * server's state when the server has one (collection-replication.ts), or stays as it is; the list
 * keeps what was sent and why it was refused until the person has read it (dismiss).
 *
 * Stored in IndexedDB (idb-keyval) per account, so it survives a reload; tabs of the same account
 * hear of every change through a BroadcastChannel, as pending-changes.ts does.
 */
import { get, update } from 'idb-keyval';
import { BehaviorSubject, type Observable } from 'rxjs';
import type { AnswerValue, DocumentRef } from '../../../common/application-schema.js';
import type { LocalizedText } from '../../../common/catalog.js';
import type { SyncCollection } from '../../../common/sync-protocol.js';

export interface RefusedChange {
  /** The refused document's id. */
  id: string;
  collection: SyncCollection;
  /** The server's code, e.g. `workflow-refused`, `invalid-input`, `not-owner`, or an office action's outcome code. */
  code: string;
  reason: LocalizedText;
  /** What this device sent (so nothing typed is lost even when the local document took the server's state). */
  sent: unknown;
  /** Answers typed on this device that were not applied (code `edits-not-applied`), by field id: shown so they can be copied. */
  notApplied?: Record<string, AnswerValue>;
  /**
   * Documents chosen on this device that were not applied (code `edits-not-applied`), by
   * requirement id: their bytes stay on the device while the change is listed, so they can be saved.
   */
  notAppliedDocuments?: Record<string, DocumentRef>;
  /** Whether the local document now holds the server's state (false: it stays as it was on this device). */
  tookServerState: boolean;
  /** When the refusal arrived (device time, ISO). */
  at: string;
}

/** `change`, also listing what `older` (the same document's earlier entry) listed as not applied. */
function withOlderNotApplied(change: RefusedChange, older: RefusedChange | undefined): RefusedChange {
  if (!older?.notApplied && !older?.notAppliedDocuments) return change;
  const notApplied = { ...older.notApplied, ...change.notApplied };
  const notAppliedDocuments = { ...older.notAppliedDocuments, ...change.notAppliedDocuments };
  return {
    ...change,
    ...(Object.keys(notApplied).length > 0 ? { notApplied } : {}),
    ...(Object.keys(notAppliedDocuments).length > 0 ? { notAppliedDocuments } : {}),
  };
}

/** At most this many are kept: past it the oldest leave the list (newest first) before the person has dismissed them. */
const MAX_KEPT = 500;

export class RefusedChanges {
  private readonly list = new BehaviorSubject<RefusedChange[]>([]);
  private readonly key: string;
  private readonly tabs: BroadcastChannel;
  private kept: { list: RefusedChange[]; ids: ReadonlySet<string> } | undefined;

  constructor(userId: string) {
    this.key = `refused-changes:${userId}`;
    this.tabs = new BroadcastChannel(this.key);
    this.tabs.onmessage = () => void this.load();
  }

  /** Every refused change, newest first. */
  get changes$(): Observable<RefusedChange[]> {
    return this.list.asObservable();
  }

  /** The files the listed changes name as not applied: the device keeps them while they are listed. */
  keptFileIds(): ReadonlySet<string> {
    // Asked for every file the upload queue and the pending count look at: made once per list.
    const list = this.list.value;
    if (this.kept?.list !== list) {
      this.kept = { list, ids: new Set(list.flatMap((change) => Object.values(change.notAppliedDocuments ?? {}).map((ref) => ref.fileId))) };
    }
    return this.kept.ids;
  }

  async load(): Promise<void> {
    this.list.next((await get<RefusedChange[]>(this.key)) ?? []);
  }

  /**
   * Adds refusals (a newer refusal of the same document and collection replaces the older). What
   * the older one listed as not applied stays listed in the newer (its documents are kept on the
   * device only while some entry names them), unless the newer lists the same field or requirement.
   */
  async add(changes: RefusedChange[]): Promise<void> {
    if (changes.length === 0) return;
    await this.change((list) => {
      const older = new Map(list.map((entry) => [`${entry.collection}/${entry.id}`, entry]));
      const merged = changes.map((change) => withOlderNotApplied(change, older.get(`${change.collection}/${change.id}`)));
      const replaced = new Set(changes.map((change) => `${change.collection}/${change.id}`));
      return [...merged, ...list.filter((entry) => !replaced.has(`${entry.collection}/${entry.id}`))].slice(0, MAX_KEPT);
    });
  }

  /** The person has read it: it leaves the list. */
  async dismiss(collection: SyncCollection, id: string): Promise<void> {
    await this.change((list) => list.filter((entry) => entry.collection !== collection || entry.id !== id));
  }

  close(): void {
    this.tabs.close();
  }

  private async change(edit: (list: RefusedChange[]) => RefusedChange[]): Promise<void> {
    let next: RefusedChange[] = [];
    await update<RefusedChange[]>(this.key, (list = []) => {
      next = edit(list);
      return next;
    });
    this.list.next(next);
    this.tabs.postMessage('changed');
  }
}
