/**
 * The one live stream of a device (`GET /api/sync/stream`): ONE EventSource for every collection.
 * The server says which collections changed; each collection's replication pulls from its
 * checkpoint. A heartbeat arrives every 5 s; none for HEARTBEAT_TIMEOUT_MS means the server or the
 * link died without closing the connection, which the status shows as "unreachable".
 */
import { Subject, filter, map, type BehaviorSubject, type Observable } from 'rxjs';
import { SYNC_COLLECTIONS, SYNC_STREAM_PATH, type ResyncEvent, type SyncCollection } from '../../../common/sync-protocol.js';

/**
 * What the device knows about the server: `connecting` until a first answer, `online` only after
 * the server answered (a request, or the live stream), `unreachable` when the network is up but no
 * server answers (a failed request, the stream's error, or a missed heartbeat), `session-expired`
 * when the server no longer knows this account's session (the person is asked for the password).
 */
export type Connectivity = 'connecting' | 'online' | 'offline' | 'unreachable' | 'session-expired';

/** The server sends a heartbeat every 5 s (sync-server/sync/sync-routes.ts): none for this long is a dead link. */
const HEARTBEAT_TIMEOUT_MS = 9000;
/** How soon a stream the server closed (an HTTP error, not a network one) is opened again. */
const REOPEN_MS = 5000;

export interface SyncStreamHooks {
  connectivity$: BehaviorSubject<Connectivity>;
  /** Pull every collection now (a pull says what the stream's error was, and catches up). */
  reSyncAll(): void;
}

export class SyncStream {
  private readonly changes = new Subject<SyncCollection>();
  private readonly url: string;
  private events: EventSource | undefined;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private reopenTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(userId: string, private readonly hooks: SyncStreamHooks) {
    this.url = `${SYNC_STREAM_PATH}?${new URLSearchParams({ user: userId }).toString()}`;
  }

  /** "Something of this collection changed": the replication's pull.stream$. */
  resync$(collection: SyncCollection): Observable<'RESYNC'> {
    return this.changes.pipe(filter((changed) => changed === collection), map(() => 'RESYNC' as const));
  }

  private get sessionExpired(): boolean {
    return this.hooks.connectivity$.value === 'session-expired';
  }

  stop(): void {
    this.stopped = true;
    this.close();
  }

  close(): void {
    clearTimeout(this.watchdog);
    clearTimeout(this.reopenTimer);
    this.events?.close();
    this.events = undefined;
  }

  private announce(collections: readonly SyncCollection[]): void {
    for (const collection of collections) this.changes.next(collection);
  }

  /** No heartbeat for HEARTBEAT_TIMEOUT_MS: the server is taken to be unreachable and the stream made anew. */
  private armWatchdog(events: EventSource): void {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      if (this.events !== events) return;
      const connectivity = this.hooks.connectivity$;
      if (connectivity.value === 'online' || connectivity.value === 'connecting') connectivity.next(navigator.onLine ? 'unreachable' : 'offline');
      this.close();
      this.open();
    }, HEARTBEAT_TIMEOUT_MS);
  }

  /** Opens the stream unless it is open (or opening). */
  open(): void {
    if (this.stopped || (this.events && this.events.readyState !== EventSource.CLOSED)) return;
    clearTimeout(this.reopenTimer);
    const events = new EventSource(this.url);
    const connectivity = this.hooks.connectivity$;
    let hadError = false;
    events.addEventListener('resync', (event) => {
      this.armWatchdog(events);
      let named: readonly SyncCollection[] = SYNC_COLLECTIONS;
      try {
        const data = JSON.parse((event as MessageEvent<string>).data) as Partial<ResyncEvent>;
        if (Array.isArray(data.collections)) named = data.collections.filter((name) => (SYNC_COLLECTIONS as readonly string[]).includes(name));
      } catch {
        // An event without the collections (an older server): every collection pulls.
      }
      this.announce(named);
    });
    events.addEventListener('heartbeat', () => this.armWatchdog(events));
    events.addEventListener('open', () => {
      this.armWatchdog(events);
      // The server accepted this account's session: it is there and knows us.
      if (connectivity.value !== 'online') connectivity.next('online');
      // Changes made while the stream was down were never announced: catch up once.
      if (hadError) this.announce(SYNC_COLLECTIONS);
      hadError = false;
    });
    events.addEventListener('error', () => {
      if (this.events !== events) return;
      hadError = true;
      clearTimeout(this.watchdog);
      if (!navigator.onLine) {
        connectivity.next('offline');
      } else if (events.readyState === EventSource.CONNECTING) {
        // The connection broke (the server stopped, the link died): the browser reconnects by itself.
        if (!this.sessionExpired) connectivity.next('unreachable');
      } else {
        // The server answered the stream with an error (401 for a session it no longer knows, or
        // a 5xx) and the browser gave up: a pull says which, and the stream is opened again later.
        this.hooks.reSyncAll();
        this.reopenTimer = setTimeout(() => {
          if (!this.sessionExpired) this.open();
        }, REOPEN_MS);
      }
    });
    this.events = events;
  }
}
