/**
 * The one module that owns replication: one generic replication per synced collection
 * (sync/collection-replication.ts) against the sync server's `/api/sync/<collection>/*` routes,
 * ONE live stream for all of them (sync/sync-stream.ts), refused rows kept in a list the person
 * sees (sync/refused-changes.ts), and the combined sync status the UI shows.
 */
import type { RxReplicationState } from 'rxdb/plugins/replication';
import { auditTime, BehaviorSubject, combineLatest, map, merge, of, scan, startWith, switchMap, type Observable } from 'rxjs';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import type { LocalizedText } from '../../common/catalog.js';
import type { OfficeActionDoc } from '../../common/office-action-schema.js';
import { answersNotApplied, documentsNotApplied, sameApplicationState } from '../../common/merge.js';
import { DEVICE_HEADER, EXPECTED_USER_HEADER } from '../../common/sync-protocol.js';
import { isEditable } from '../../common/workflow.js';
import { ApiRequestError } from './api.js';
import { applicationHistories } from './application-history.js';
import { resolveApplicationConflict, toLocal, toWireShape, type ActionCollection, type ApplicationCollection, type LocalApplicationDoc, type LocalFields } from './database.js';
import type { PendingChanges } from './pending-changes.js';
import { replicateCollection, type PullCheckpoint } from './sync/collection-replication.js';
import type { RefusedChange, RefusedChanges } from './sync/refused-changes.js';
import { SyncStream, type Connectivity } from './sync/sync-stream.js';

export type { Connectivity } from './sync/sync-stream.js';

export interface SyncStatus {
  connectivity: Connectivity;
  /** Drafts with local changes the server has not acknowledged yet. */
  pending: number;
  /** Files (photos, scans) kept on this device and not yet whole on the server; absent: not known (counted as none). */
  uploads?: number;
  syncing: boolean;
  /** Documents received from the server since syncing last started: progress on a long first pull. */
  received: number;
  /** The server refused a change; the text says why. */
  rejected: LocalizedText | null;
  /**
   * While `session-expired`: the server's code and message ('not-signed-in',
   * 'session-user-mismatch', 'account-gone'), so the prompt can tell a gone account apart.
   */
  sessionProblem?: { code: string; text: LocalizedText };
  /** Changes the server refused, kept until the person has read them (sync/refused-changes.ts); absent: none known. */
  refused?: number;
}

/** The collections replicated besides applications, when this device has them. */
export interface ReplicatedCollections {
  actions?: ActionCollection;
}

/** The refused-changes code of edits a merge could not apply (the application was submitted elsewhere first). */
export const EDITS_NOT_APPLIED = 'edits-not-applied';
const EDITS_NOT_APPLIED_REASON: LocalizedText = {
  id: 'Permohonan ini sudah diajukan dari perangkat lain sebelum perubahan ini sampai, jadi isian di bawah tidak masuk ke permohonan. Salin atau simpan bila masih diperlukan.',
  en: 'This application was submitted from another device before this change arrived, so what is listed below was not applied. Copy or save it if you still need it.',
};

const wireOf = (doc: LocalApplicationDoc): ApplicationWireDoc => toWireShape(doc as unknown as ApplicationWireDoc & Partial<LocalFields>);
const warnSettle = (error: unknown): void => console.warn('the not-yet-sent count could not be settled', error);

const sameLocalState = (a: LocalApplicationDoc, b: LocalApplicationDoc): boolean => sameApplicationState(wireOf(a), wireOf(b));

/**
 * Which of `ids` this device holds exactly as in `serverStates` (a deletion counts as held when
 * both sides have deleted it): the changes recorded as waiting for them have nothing left to send.
 */
async function holdingState(collection: ApplicationCollection, ids: string[], serverStates: LocalApplicationDoc[]): Promise<Set<string>> {
  const serverById = new Map(serverStates.map((doc) => [doc.id, doc as LocalApplicationDoc & { _deleted?: boolean }]));
  // Found documents are the undeleted ones (toJSON leaves `_deleted` out; the wire states carry it).
  const locals = await collection.findByIds(ids).exec();
  const held = new Set<string>();
  for (const id of ids) {
    const server = serverById.get(id);
    const local = locals.get(id);
    if (!server) continue;
    if (local ? sameLocalState({ ...(local.toJSON() as LocalApplicationDoc), _deleted: false } as LocalApplicationDoc, server) : server._deleted === true) held.add(id);
  }
  return held;
}

export class ApplicationReplication {
  readonly status$: Observable<SyncStatus>;
  private readonly connectivity$ = new BehaviorSubject<Connectivity>(navigator.onLine ? 'connecting' : 'offline');
  private readonly rejected$ = new BehaviorSubject<LocalizedText | null>(null);
  private readonly sessionProblem$ = new BehaviorSubject<{ code: string; text: LocalizedText } | undefined>(undefined);
  private readonly stream: SyncStream;
  private readonly states: RxReplicationState<never, PullCheckpoint>[];
  private stopped = false;
  /**
   * Counts resume() calls: a 401 to a request sent before the session was renewed says nothing
   * about the new session and must not ask for the password again.
   */
  private sessionEpoch = 0;
  /** Called after the server stored a push: uploads waiting for their application to arrive may go now. */
  onPushed: (() => void) | undefined;
  private readonly onOnline = (): void => {
    // The network is back; whether the server is, its first answer tells.
    if (this.connectivity$.value !== 'session-expired') this.connectivity$.next('connecting');
    this.stream.open();
    this.reSyncAll();
  };
  private readonly onOffline = (): void => this.connectivity$.next('offline');

  /**
   * @param deviceId this device's name for itself: the local database's storage token, which lives
   *   and dies with the data, so a device whose database was wiped is a new device to the server.
   */
  constructor(collection: ApplicationCollection, userId: string, deviceId: string, private readonly pending: PendingChanges,
    private readonly refused: RefusedChanges, others: ReplicatedCollections = {}) {
    const headers = { [DEVICE_HEADER]: deviceId, [EXPECTED_USER_HEADER]: userId };
    this.stream = new SyncStream(userId, { connectivity$: this.connectivity$, reSyncAll: () => this.reSyncAll() });
    const request = <T>(send: () => Promise<T>): Promise<T> => this.request(send);
    const applications = replicateCollection<LocalApplicationDoc, ApplicationWireDoc>({
      collection, name: 'applications', replicationIdentifier: `ptsp-applications-${userId}`, headers, request, refused,
      resync$: this.stream.resync$('applications'),
      toLocal: (doc) => toLocal(doc),
      toWire: (doc) => toWireShape(doc as unknown as ApplicationWireDoc & Partial<LocalFields>),
      sameState: sameLocalState,
      onPushed: async (docs, echoes) => {
        await this.pending.markSent(docs.map((doc) => ({ id: doc.id, updatedAt: doc.updatedAt })));
        // Not awaited: a settle reads the collection, and the replication must never wait on it.
        if (echoes.length > 0) void this.pending.settle(echoes.map((doc) => doc.id), (ids) => holdingState(collection, ids, echoes)).catch(warnSettle);
        this.onPushed?.();
      },
      onPulled: (docs) => {
        // An application that left this account's reach arrives as a tombstone: what the device
        // kept of its history leaves with it (the office's notes must not stay on the old agency's laptop).
        const gone = docs.filter((doc) => (doc as LocalApplicationDoc & { _deleted?: boolean })._deleted === true).map((doc) => doc.id);
        if (gone.length > 0) void applicationHistories.forget(userId, gone);
        // Not awaited, as above: the pull goes on while the count is settled.
        void this.pending.settle(docs.map((doc) => doc.id), (ids) => holdingState(collection, ids, docs)).catch(warnSettle);
      },
      onConflicts: async (conflicts) => {
        const notApplied: RefusedChange[] = [];
        const settled: { id: string; updatedAt: number }[] = [];
        for (const { sent, assumed, master } of conflicts) {
          const local = wireOf(sent);
          const base = assumed ? wireOf(assumed) : undefined;
          const server = wireOf(master);
          // The resolution the conflict handler (database.ts) is about to write.
          const merged = resolveApplicationConflict(base, server, local);
          // Only a form submitted elsewhere first leaves answers out (it is locked): any other
          // merge keeps every answer typed here, and a draft deleted here and edited elsewhere
          // comes back as the other device's (the person deleted theirs).
          const locked = isEditable(local.status) && !isEditable(merged.status);
          const lost = locked ? answersNotApplied(base, local, merged) : {};
          const lostDocuments = locked ? documentsNotApplied(base, local, merged) : {};
          if (Object.keys(lost).length > 0 || Object.keys(lostDocuments).length > 0) {
            notApplied.push({
              id: sent.id, collection: 'applications', code: EDITS_NOT_APPLIED, reason: EDITS_NOT_APPLIED_REASON, sent: local,
              ...(Object.keys(lost).length > 0 ? { notApplied: lost } : {}),
              ...(Object.keys(lostDocuments).length > 0 ? { notAppliedDocuments: lostDocuments } : {}),
              tookServerState: true, at: new Date().toISOString(),
            });
          }
          // Resolved to exactly the server's state, nothing of this change will be sent: it no
          // longer waits. Its resolution goes back with the server's older time, and only if RxDB's
          // write of it succeeds (a keystroke meanwhile makes it fail; that newer state is pushed
          // instead), so neither would cover this change's time. A later change still waits.
          if (sameApplicationState(merged, server)) settled.push({ id: sent.id, updatedAt: sent.updatedAt });
        }
        await this.refused.add(notApplied);
        if (settled.length > 0) await this.pending.markSent(settled);
      },
    });
    this.states = [applications as unknown as RxReplicationState<never, PullCheckpoint>];
    if (others.actions) {
      const actions = replicateCollection<OfficeActionDoc, OfficeActionDoc>({
        collection: others.actions, name: 'actions', replicationIdentifier: `ptsp-actions-${userId}`, headers, request, refused,
        resync$: this.stream.resync$('actions'), toLocal: (doc) => doc, toWire: (doc) => doc,
        onPushed: (docs) => this.pending.markSent(docs.map((doc) => ({ id: doc.id, updatedAt: doc.updatedAt }))),
      });
      this.states.push(actions as unknown as RxReplicationState<never, PullCheckpoint>);
    }
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    // Old kept histories leave the device (application-history.ts); not awaited, nothing waits on it.
    void applicationHistories.prune();
    this.stream.open();
    const active$ = combineLatest(this.states.map((state) => state.active$)).pipe(map((actives) => actives.some(Boolean)));
    // Counts documents received while active, back to zero when the replication goes idle.
    const received$ = active$.pipe(
      // A first pull receives thousands of documents: re-render the count a few times a second, not per document.
      switchMap((active) => (active ? merge(...this.states.map((state) => state.received$)).pipe(scan((count) => count + 1, 0), auditTime(250), startWith(0)) : of(0))),
    );
    const refusedCount$ = refused.changes$.pipe(map((list) => list.length));
    this.status$ = combineLatest([this.connectivity$, pending.count$, active$, received$, this.rejected$, this.sessionProblem$, refusedCount$]).pipe(
      map(([connectivity, count, active, received, rejected, sessionProblem, refusedCount]) => ({
        connectivity, pending: count, syncing: active, received, rejected,
        ...(connectivity === 'session-expired' && sessionProblem ? { sessionProblem } : {}),
        ...(refusedCount > 0 ? { refused: refusedCount } : {}),
      })),
    );
  }

  private reSyncAll(): void {
    for (const state of this.states) state.reSync();
  }

  /** Resolves when everything local has reached the server and everything there has arrived here. */
  async awaitInSync(): Promise<true> {
    await Promise.all(this.states.map((state) => state.awaitInSync()));
    return true;
  }

  /** Whether the server no longer knows this account's session (the password is to be asked). */
  get sessionExpired(): boolean {
    return this.connectivity$.value === 'session-expired';
  }

  /**
   * The server knows the session again (the person typed the password): pull, push and the live
   * stream go on at once instead of at the next retry.
   */
  resume(): void {
    this.sessionEpoch++;
    this.connectivity$.next(navigator.onLine ? 'connecting' : 'offline');
    this.stream.close();
    this.stream.open();
    this.reSyncAll();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    this.stream.stop();
    await Promise.all(this.states.map((state) => state.cancel()));
  }

  /** Runs one request and records what it tells about connectivity and refusals. */
  private async request<T>(send: () => Promise<T>): Promise<T> {
    const epoch = this.sessionEpoch;
    try {
      const result = await send();
      this.rejected$.next(null);
      if (this.connectivity$.value !== 'online') {
        this.connectivity$.next('online');
        if (!this.stopped) this.stream.open();
      }
      return result;
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 401) {
        // 'not-signed-in', 'session-user-mismatch', 'account-gone': all ask for the password (a
        // gone account then hears "wrong password"); nothing is signed out, the queue stays.
        if (epoch === this.sessionEpoch) {
          this.sessionProblem$.next({ code: error.code, text: error.text });
          this.connectivity$.next('session-expired');
        }
      } else if (error instanceof ApiRequestError) {
        this.rejected$.next(error.text);
      } else if (this.connectivity$.value !== 'session-expired' || !navigator.onLine) {
        // No working server (api.ts): the change waits, it was not refused.
        this.connectivity$.next(navigator.onLine ? 'unreachable' : 'offline');
      }
      throw error;
    }
  }
}
