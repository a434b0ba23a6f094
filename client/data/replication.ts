/**
 * The one module that owns replication: RxDB's generic replication against the sync server's
 * pull/push/stream endpoints, and the sync status the UI shows. Swap this file to swap transports.
 */
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { auditTime, BehaviorSubject, combineLatest, map, of, scan, startWith, Subject, switchMap, type Observable } from 'rxjs';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import type { LocalizedText } from '../../common/catalog.js';
import type { PullResponse, PushResponse, PushRow } from '../../common/sync-protocol.js';
import { DEVICE_HEADER, EXPECTED_USER_HEADER, MAX_BATCH_SIZE } from '../../common/sync-protocol.js';
import { apiRequest, ApiRequestError } from './api.js';
import { toLocal, toWireShape, type ApplicationCollection, type LocalApplicationDoc } from './database.js';
import type { PendingChanges } from './pending-changes.js';

/**
 * What the device knows about the server: `connecting` until a first answer, `online` only after
 * the server answered (a request, or the live stream), `unreachable` when the network is up but no
 * server answers (a failed request, the stream's error, or a missed heartbeat), `session-expired`
 * when the server no longer knows this account's session (the person is asked for the password).
 */
export type Connectivity = 'connecting' | 'online' | 'offline' | 'unreachable' | 'session-expired';

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
}

/**
 * The server's checkpoint is an opaque string; RxDB merges checkpoints as objects, so it travels
 * wrapped in one.
 */
interface PullCheckpoint {
  token: string;
}

/** How soon a failed request is tried again when the network is up but the server was not. */
const RETRY_MS = 2000;
/**
 * The server sends a heartbeat event on the live stream every 5 s (sync-server/app.ts): none for
 * this long means the server or the link died without closing the connection.
 */
const HEARTBEAT_TIMEOUT_MS = 9000;
/** How soon a stream the server closed (an HTTP error, not a network one) is opened again. */
const REOPEN_MS = 5000;

export class ApplicationReplication {
  readonly status$: Observable<SyncStatus>;
  private readonly connectivity$ = new BehaviorSubject<Connectivity>(navigator.onLine ? 'connecting' : 'offline');
  private readonly rejected$ = new BehaviorSubject<LocalizedText | null>(null);
  private readonly sessionProblem$ = new BehaviorSubject<{ code: string; text: LocalizedText } | undefined>(undefined);
  private readonly stream$ = new Subject<'RESYNC'>();
  private readonly state: RxReplicationState<LocalApplicationDoc, PullCheckpoint>;
  private events: EventSource | undefined;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private reopenTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  /**
   * Counts resume() calls: a 401 to a request sent before the session was renewed says nothing
   * about the new session and must not ask for the password again.
   */
  private sessionEpoch = 0;
  /** Called after the server stored a push: uploads waiting for their application to arrive may go now. */
  onPushed: (() => void) | undefined;
  private readonly streamUrl: string;
  private readonly onOnline = (): void => {
    // The network is back; whether the server is, its first answer tells.
    if (this.connectivity$.value !== 'session-expired') this.connectivity$.next('connecting');
    this.openStream();
    this.state.reSync();
  };
  private readonly onOffline = (): void => this.connectivity$.next('offline');

  /**
   * @param deviceId this device's name for itself: the local database's storage token, which lives
   *   and dies with the data, so a device whose database was wiped is a new device to the server.
   */
  constructor(collection: ApplicationCollection, userId: string, deviceId: string, private readonly pending: PendingChanges) {
    const headers = { [DEVICE_HEADER]: deviceId, [EXPECTED_USER_HEADER]: userId };
    this.streamUrl = `/api/sync/applications/stream?${new URLSearchParams({ user: userId }).toString()}`;
    this.state = replicateRxCollection<LocalApplicationDoc, PullCheckpoint>({
      collection,
      replicationIdentifier: `ptsp-applications-${userId}`,
      live: true,
      retryTime: RETRY_MS,
      pull: {
        batchSize: MAX_BATCH_SIZE,
        handler: async (checkpoint, batchSize) => {
          const query = new URLSearchParams({ limit: String(batchSize) });
          if (checkpoint?.token) query.set('checkpoint', checkpoint.token);
          const body = await this.request(() => apiRequest<PullResponse>(`/sync/applications/pull?${query.toString()}`, { headers }));
          return { documents: body.documents.map(toLocal), checkpoint: body.checkpoint ? { token: body.checkpoint } : checkpoint };
        },
        stream$: this.stream$.asObservable(),
      },
      push: {
        batchSize: MAX_BATCH_SIZE,
        handler: async (rows) => {
          const body = await this.request(() => apiRequest<PushResponse>('/sync/applications/push', {
            method: 'POST',
            body: {
              rows: rows.map((row): PushRow => ({
                newDocumentState: toWireShape(row.newDocumentState as ApplicationWireDoc),
                ...(row.assumedMasterState ? { assumedMasterState: toWireShape(row.assumedMasterState as ApplicationWireDoc) } : {}),
              })),
            },
            headers,
          }));
          // A row that came back as a conflict was not stored: it still waits (merged, it goes out again).
          const conflicting = new Set(body.conflicts.map((doc) => doc.id));
          await this.pending.markSent(rows.filter((row) => !conflicting.has(row.newDocumentState.id))
            .map((row) => ({ id: row.newDocumentState.id, updatedAt: row.newDocumentState.updatedAt })));
          this.onPushed?.();
          return body.conflicts.map(toLocal);
        },
      },
    });
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    this.openStream();
    // Counts documents received while active, back to zero when the replication goes idle.
    const received$ = this.state.active$.pipe(
      // A first pull receives thousands of documents: re-render the count a few times a second, not per document.
      switchMap((active) => (active ? this.state.received$.pipe(scan((count) => count + 1, 0), auditTime(250), startWith(0)) : of(0))),
    );
    this.status$ = combineLatest([this.connectivity$, pending.count$, this.state.active$, received$, this.rejected$, this.sessionProblem$]).pipe(
      map(([connectivity, count, active, received, rejected, sessionProblem]) => ({
        connectivity, pending: count, syncing: active, received, rejected,
        ...(connectivity === 'session-expired' && sessionProblem ? { sessionProblem } : {}),
      })),
    );
  }

  /** Resolves when everything local has reached the server and everything there has arrived here. */
  awaitInSync(): Promise<true> {
    return this.state.awaitInSync();
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
    this.closeStream();
    this.openStream();
    this.state.reSync();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    this.closeStream();
    await this.state.cancel();
  }

  /** Runs one request and records what it tells about connectivity and refusals. */
  private async request<T>(send: () => Promise<T>): Promise<T> {
    const epoch = this.sessionEpoch;
    try {
      const result = await send();
      this.rejected$.next(null);
      if (this.connectivity$.value !== 'online') {
        this.connectivity$.next('online');
        this.openStream();
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

  private closeStream(): void {
    clearTimeout(this.watchdog);
    clearTimeout(this.reopenTimer);
    this.events?.close();
    this.events = undefined;
  }

  /** No heartbeat for HEARTBEAT_TIMEOUT_MS: the server is taken to be unreachable and the stream made anew. */
  private armWatchdog(events: EventSource): void {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      if (this.events !== events) return;
      if (this.connectivity$.value === 'online' || this.connectivity$.value === 'connecting') {
        this.connectivity$.next(navigator.onLine ? 'unreachable' : 'offline');
      }
      this.closeStream();
      this.openStream();
    }, HEARTBEAT_TIMEOUT_MS);
  }

  /** The live stream: the server says "something changed", replication pulls from its checkpoint. */
  private openStream(): void {
    if (this.stopped || (this.events && this.events.readyState !== EventSource.CLOSED)) return;
    clearTimeout(this.reopenTimer);
    const events = new EventSource(this.streamUrl);
    let hadError = false;
    events.addEventListener('resync', () => {
      this.armWatchdog(events);
      this.stream$.next('RESYNC');
    });
    events.addEventListener('heartbeat', () => this.armWatchdog(events));
    events.addEventListener('open', () => {
      this.armWatchdog(events);
      // The server accepted this account's session: it is there and knows us.
      if (this.connectivity$.value !== 'online') this.connectivity$.next('online');
      // Changes made while the stream was down were never announced: catch up once.
      if (hadError) this.stream$.next('RESYNC');
      hadError = false;
    });
    events.addEventListener('error', () => {
      if (this.events !== events) return;
      hadError = true;
      clearTimeout(this.watchdog);
      if (!navigator.onLine) {
        this.connectivity$.next('offline');
      } else if (events.readyState === EventSource.CONNECTING) {
        // The connection broke (the server stopped, the link died): the browser reconnects by itself.
        if (this.connectivity$.value !== 'session-expired') this.connectivity$.next('unreachable');
      } else {
        // The server answered the stream with an error (401 for a session it no longer knows, or
        // a 5xx) and the browser gave up: a pull says which, and the stream is opened again later.
        this.state.reSync();
        this.reopenTimer = setTimeout(() => {
          if (!this.sessionExpired) this.openStream();
        }, REOPEN_MS);
      }
    });
    this.events = events;
  }
}
